import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { freePort, spawnManaged, waitUntilHealthy, type Managed } from '@onair/testing';
import { tempDir } from './support/api';
import { gql, realtime } from './support/graphql';

/** The built entry point (this file runs from api/dist/test). */
const MAIN = join(__dirname, '../src/main.js');
const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { token } }`;

describe('the api process (api/dist/src/main.js)', () => {
  const started: { api: Managed; dataDir: string }[] = [];
  after(async () => {
    for (const { api, dataDir } of started) {
      await api.stop(1000);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  /** Starts the built api on embedded defaults and waits until /healthz answers. */
  async function start(): Promise<{ api: Managed; url: string }> {
    const port = await freePort();
    const dataDir = tempDir();
    const api = spawnManaged(process.execPath, [MAIN], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, CLIENT_DIST: 'none', LOG_LEVEL: 'warn' },
    });
    started.push({ api, dataDir });
    const url = `http://127.0.0.1:${port}`;
    await waitUntilHealthy(api, `${url}/healthz`, 20_000);
    return { api, url };
  }

  /** Sends SIGTERM and resolves with the exit code, or 'hung' after 5 s (the forced exit comes at 15 s). */
  async function terminate(api: Managed): Promise<number | null | 'hung'> {
    const exited = new Promise<number | null>((resolve) => api.child.once('exit', (code) => resolve(code)));
    api.child.kill('SIGTERM');
    return Promise.race([exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 5000).unref())]);
  }

  it('stops on SIGTERM at once with exit code 0 when idle', async () => {
    const { api } = await start();
    assert.equal(await terminate(api), 0, api.output());
  });

  it('stops on SIGTERM at once with exit code 0, telling its realtime clients it is going away', async () => {
    const { api, url } = await start();
    const registered = await gql(url, REGISTER, { input: { nickname: 'sigterm', password: 'password1' } });
    assert.equal(registered.errors, undefined);
    const socket = realtime(url, registered.data!.register.token);
    await socket.connected;
    assert.equal(await terminate(api), 0, api.output());
    assert.equal((await socket.closed).code, 1001);
  });
});
