import { startMariaDb, startRedis, MariaDb, RedisServer } from '@onair/testing';

/** A database + pub/sub combination the api can run on. */
export interface Backend {
  name: string;
  /** Environment for a fresh, isolated api instance (new database each call). */
  env(): Record<string, string>;
  /** Stops the servers this backend started. */
  stop(): Promise<void>;
}

let counter = 0;

/** Embedded defaults: a SQLite file in a temporary folder, in-process pub/sub and stores. */
export function embeddedBackend(dataDirOf: () => string): Backend {
  return {
    name: 'sqlite + in-process',
    env: () => ({ DATA_DIR: dataDirOf() }),
    stop: async () => undefined,
  };
}

/** Production shape: real MariaDB through mysql2 and real Redis, both throw-away servers. */
export async function productionBackend(dataDirOf: () => string): Promise<Backend & { mariadb: MariaDb; redis: RedisServer }> {
  const [mariadb, redis] = await Promise.all([startMariaDb(), startRedis()]);
  return {
    name: 'mariadb + redis',
    mariadb,
    redis,
    env: () => ({
      DATA_DIR: dataDirOf(),
      DATABASE_URL: mariadb.createDatabase(`onair_t${process.pid}_${++counter}`),
      REDIS_URL: redis.url,
    }),
    async stop() {
      await Promise.allSettled([mariadb.stop(), redis.stop()]);
    },
  };
}
