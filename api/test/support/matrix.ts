import { after, before, describe } from 'node:test';
import type { RunningApi } from '../../src/app/server';
import { startTestApi, tempDir } from './api';
import { Backend, embeddedBackend, productionBackend } from './backends';

export interface Fixture {
  backend: Backend;
  /** Starts an api on this backend with a fresh database; stopped after the suite. */
  api(extraEnv?: Record<string, string>): Promise<RunningApi>;
}

/**
 * Runs the same suite on the embedded defaults (SQLite + in-process) and on production
 * infrastructure (MariaDB + Redis): each `describe` gets its own throw-away servers.
 */
export function onEveryBackend(title: string, suite: (fixture: Fixture) => void) {
  const makers: [string, () => Promise<Backend>][] = [
    ['sqlite + in-process', async () => embeddedBackend(tempDir)],
    ['mariadb + redis', () => productionBackend(tempDir)],
  ];
  for (const [name, make] of makers) {
    describe(`${title} [${name}]`, () => {
      let backend: Backend;
      const apis: RunningApi[] = [];
      const fixture: Fixture = {
        get backend() { return backend; },
        async api(extraEnv = {}) {
          const api = await startTestApi({ ...backend.env(), ...extraEnv });
          apis.push(api);
          return api;
        },
      };
      before(async () => { backend = await make(); });
      after(async () => {
        await Promise.allSettled(apis.map((api) => api.close()));
        await backend?.stop();
      });
      suite(fixture);
    });
  }
}
