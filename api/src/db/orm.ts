import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MikroORM, Options } from '@mikro-orm/core';
import { LibSqlDriver } from '@mikro-orm/libsql';
import { MySqlOrMariaDbDriver } from './mysql-driver';
import { Migrator } from '@mikro-orm/migrations';
import type { Config } from '../config/config';
import { entities } from './entities';
import { mysqlMigrations } from './migrations/mysql';
import { sqliteMigrations } from './migrations/sqlite';

export type Database = Config['database'];

/** ORM options for one database; `migrations` chooses the committed list of that dialect. */
export function ormOptions(database: Database): Options {
  const common = {
    entities,
    extensions: [Migrator],
    allowGlobalContext: false,
    debug: false,
  } satisfies Options;
  if (database.kind === 'mysql') {
    return {
      ...common,
      driver: MySqlOrMariaDbDriver,
      clientUrl: database.url,
      timezone: '+00:00',
      pool: { min: 0, max: 10 },
      // MySQL commits DDL implicitly, so migration transactions would only pretend.
      migrations: { migrationsList: mysqlMigrations, snapshot: false, transactional: false, silent: true },
    };
  }
  if (database.file !== ':memory:') mkdirSync(dirname(database.file), { recursive: true });
  return {
    ...common,
    driver: LibSqlDriver,
    dbName: database.file,
    migrations: { migrationsList: sqliteMigrations, snapshot: false, transactional: true, silent: true },
  };
}

/** Connects and brings the schema up to date by running the committed migrations. */
export async function openDatabase(database: Database): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(database));
  try {
    if (database.kind === 'sqlite' && database.file !== ':memory:') {
      // Write-ahead log: a commit appends instead of rewriting pages and syncing twice, and readers
      // don't wait for writers. NORMAL sync stays durable across application crashes.
      await orm.em.getConnection().execute('pragma journal_mode = WAL');
      await orm.em.getConnection().execute('pragma synchronous = NORMAL');
    }
    await orm.getMigrator().up();
  } catch (error) {
    await orm.close(true);
    throw error;
  }
  return orm;
}
