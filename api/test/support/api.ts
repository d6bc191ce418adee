import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config';
import { startApi, RunningApi } from '../../src/app/server';
import { createLogger } from '../../src/shared/logger';

export const tempDir = () => mkdtempSync(join(tmpdir(), 'onair-api-test-'));

/** The HEALTHZ_TOKEN test apis run with: /healthz shows its details to it. */
export const HEALTHZ_TOKEN = 'test-healthz-token-0123456789';

/** /healthz as an operator sees it (with the token). */
export async function healthDetails(url: string): Promise<any> {
  return (await fetch(`${url}/healthz`, { headers: { authorization: `Bearer ${HEALTHZ_TOKEN}` } })).json();
}

/**
 * Starts an api on a free port of 127.0.0.1 with the given environment (embedded defaults otherwise;
 * suites sign many users up from 127.0.0.1, so the sign-up limit is raised unless a test sets it).
 */
export function startTestApi(env: Record<string, string>): Promise<RunningApi> {
  const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', CLIENT_DIST: 'none', DATA_DIR: tempDir(), REGISTER_RATE_LIMIT: '100000', HEALTHZ_TOKEN, ...env });
  return startApi(config, createLogger('api-test', 'error'));
}
