import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './ports';
import { spawnManaged } from './process';

export interface MariaDb {
  /** mysql://root@127.0.0.1:PORT/DATABASE */
  url: string;
  port: number;
  /** Creates one more empty database and returns its URL. */
  createDatabase(name: string): string;
  /** Runs SQL through the mariadb command-line client and returns its tab-separated output. */
  sql(statement: string, database?: string): string;
  stop(): Promise<void>;
}

function findBinary(names: string[]): string {
  for (const name of names) {
    for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/bin']) {
      const path = join(dir, name);
      if (existsSync(path)) return path;
    }
  }
  throw new Error(`none of ${names.join(', ')} is installed (run scripts/install-test-deps.sh)`);
}

/** Starts a throw-away MariaDB server on 127.0.0.1 in a temporary folder, with database `onair_test`. */
export async function startMariaDb(): Promise<MariaDb> {
  const dir = mkdtempSync(join(tmpdir(), 'onair-mariadb-'));
  const dataDir = join(dir, 'data');
  const socket = join(dir, 'mysqld.sock');
  const port = await freePort();
  execFileSync(findBinary(['mariadb-install-db', 'mysql_install_db']), [
    `--datadir=${dataDir}`, '--user=root', '--auth-root-authentication-method=normal',
    '--skip-test-db', '--no-defaults',
  ], { stdio: 'pipe' });
  const server = spawnManaged(findBinary(['mariadbd', 'mysqld']), [
    '--no-defaults', `--datadir=${dataDir}`, `--socket=${socket}`, `--port=${port}`,
    '--bind-address=127.0.0.1', '--user=root', `--pid-file=${join(dir, 'mysqld.pid')}`,
    '--skip-name-resolve', '--innodb-buffer-pool-size=64M', '--innodb-log-file-size=16M',
    '--character-set-server=utf8mb4', '--collation-server=utf8mb4_unicode_ci',
  ]);
  try {
    await waitForPort(port, '127.0.0.1', 30_000);
  } catch (error) {
    await server.stop();
    throw new Error(`MariaDB did not start: ${(error as Error).message}\n${server.output()}`);
  }
  const client = findBinary(['mariadb', 'mysql']);
  const sql = (statement: string, database?: string) =>
    execFileSync(client, ['--no-defaults', '-uroot', `--socket=${socket}`, '-N', '-B',
      ...(database ? [database] : []), '-e', statement], { encoding: 'utf8' });
  const createDatabase = (name: string) => {
    sql(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    return `mysql://root@127.0.0.1:${port}/${name}`;
  };
  const url = createDatabase('onair_test');
  return {
    url, port, createDatabase, sql,
    async stop() {
      await server.stop(10_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
