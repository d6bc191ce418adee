import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './ports';
import { spawnManaged } from './process';

export interface RedisServer {
  /** redis://127.0.0.1:PORT */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts a throw-away redis-server on 127.0.0.1 with no persistence. */
export async function startRedis(): Promise<RedisServer> {
  const binary = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p));
  if (!binary) throw new Error('redis-server is not installed (run scripts/install-test-deps.sh)');
  const dir = mkdtempSync(join(tmpdir(), 'onair-redis-'));
  const port = await freePort();
  const server = spawnManaged(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '',
    '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes']);
  try {
    await waitForPort(port);
  } catch (error) {
    await server.stop();
    throw new Error(`redis-server did not start: ${(error as Error).message}\n${server.output()}`);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
