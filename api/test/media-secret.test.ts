import 'reflect-metadata';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { loadConfig } from '../src/config/config';
import { Media, startMedia } from '../src/media/media';
import type { Logger } from '../src/shared/logger';
import { tempDir } from './support/api';

/** The HTTP status the media server answers a WebSocket upgrade to `url` with (101 = accepted). */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => { ws.terminate(); reject(new Error(`no answer from ${url}`)); }, 5000);
    ws.once('upgrade', () => { clearTimeout(timer); ws.close(); resolve(101); });
    ws.once('unexpected-response', (_req, res) => { clearTimeout(timer); res.resume(); ws.terminate(); resolve(res.statusCode ?? 0); });
    ws.once('error', () => undefined);
  });
}

describe('the embedded media server is started with a per-boot secret', () => {
  const lines: string[] = [];
  const logger: Logger = Object.fromEntries((['debug', 'info', 'warn', 'error'] as const).map((level) =>
    [level, (message: string, fields?: Record<string, unknown>) => { lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`); }])) as unknown as Logger;
  const started: Media[] = [];
  after(async () => { await Promise.allSettled(started.map((m) => m.close())); });

  it('only the api can use it; the secret never reaches the logs or the health report', async () => {
    const dir = tempDir();
    const config = loadConfig({ DATA_DIR: dir, RECORDINGS_DIR: join(dir, 'recordings') });
    const media = await startMedia(config, logger);
    started.push(media);
    const embedded = media.embedded!;
    const secret = new URL(embedded.url).searchParams.get('access_token');
    assert.ok(secret && secret.length >= 32, 'the url carries a long secret');
    assert.equal(embedded.url.startsWith(`${embedded.publicUrl}?`), true);

    // The api's own connection works with it.
    const pipeline = await media.gateway.createPipeline();
    await pipeline.release();
    const health = await media.gateway.health();
    assert.deepEqual([health.ok, health.url], [true, embedded.publicUrl]);

    // Any other local process is refused before a WebSocket exists.
    assert.equal(await upgradeStatus(embedded.publicUrl), 401);
    assert.equal(await upgradeStatus(`${embedded.publicUrl}?access_token=${secret.slice(1)}`), 401);
    assert.equal(await upgradeStatus(embedded.url), 101);

    assert.ok(lines.some((line) => line.includes('embedded media server started') && line.includes(embedded.publicUrl)), lines.join('\n'));
    assert.ok(lines.every((line) => !line.includes(secret)), 'a log line holds the secret');

    // A new boot, a new secret.
    const again = await startMedia(config, logger);
    started.push(again);
    assert.notEqual(new URL(again.embedded!.url).searchParams.get('access_token'), secret);
  });
});
