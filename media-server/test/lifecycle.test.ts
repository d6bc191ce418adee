import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnManaged, waitForPort } from '@onair/testing';
import { MediaServer, startMediaServer } from '../src/index';
import { call, closeClient, connectClient, create, KClient, nextEvent, until, withTimeout } from './helpers/kurento';
import { startRelay } from './helpers/proxy';

function reconnected(client: KClient, timeoutMs = 15_000): Promise<boolean> {
  return withTimeout(new Promise<boolean>((resolve) => client.once('reconnected', resolve)), timeoutMs, 'reconnected');
}

async function withServer<T>(options: Parameters<typeof startMediaServer>[0],
  body: (server: MediaServer, dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'onair-ms-life-'));
  const server = await startMediaServer({ port: 0, recordingsDir: dir, ...options });
  try {
    return await body(server, dir);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('sessions: reconnect, resume, garbage collection', () => {
  it('a dropped socket reconnects to the same session: objects and subscriptions survive', async () => {
    await withServer({ sessionGcMs: 30_000 }, async (server) => {
      const relay = await startRelay(Number(new URL(server.url).port));
      const client = await connectClient(`ws://127.0.0.1:${relay.port}/kurento`);
      try {
        const pipeline = await create(client, 'MediaPipeline');
        const a = await create(pipeline, 'PassThrough');
        const b = await create(pipeline, 'PassThrough');
        a.on('ElementConnected', () => undefined); // subscribed before the drop
        await new Promise((r) => setTimeout(r, 100));
        const back = reconnected(client);
        relay.dropConnections();
        assert.equal(await back, true, 'server recognised the session (connect with known sessionId)');
        assert.equal(server.objectCount(), 3);
        assert.equal(await call(a, 'getName'), a.id);
        const event = nextEvent(a, 'ElementConnected');
        await call(a, 'connect', b);
        assert.equal((await event).sink, b.id, 'events still reach the client after resuming');
        await call(pipeline, 'release');
      } finally {
        closeClient(client);
        await relay.close();
      }
    });
  });

  it('after a server restart the client is told INVALID_SESSION and starts over', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'onair-ms-life-'));
    let server = await startMediaServer({ port, recordingsDir: dir });
    const client = await connectClient(server.url);
    try {
      const pipeline = await create(client, 'MediaPipeline');
      const back = reconnected(client);
      await server.close();
      server = await startMediaServer({ port, recordingsDir: dir });
      assert.equal(await back, false, 'the new server does not know the old session (40007)');
      await assert.rejects(call(pipeline, '_invoke', undefined, 'getName'), (e: { code: number }) => e.code === 40101);
      const fresh = await create(client, 'MediaPipeline');
      assert.equal(await call(fresh, 'getName'), fresh.id);
      assert.equal(server.objectCount(), 1);
    } finally {
      closeClient(client);
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('objects of a session whose socket closed are released after sessionGcMs', async () => {
    await withServer({ sessionGcMs: 800 }, async (server) => {
      const keeper = await connectClient(server.url);
      const client = await connectClient(server.url);
      try {
        const kept = await create(keeper, 'MediaPipeline');
        const pipeline = await create(client, 'MediaPipeline');
        await create(pipeline, 'PassThrough');
        await create(pipeline, 'PassThrough');
        assert.equal(server.objectCount(), 4);
        const closedAt = Date.now();
        closeClient(client);
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(server.objectCount(), 4, 'still there inside the grace period');
        await until(() => server.objectCount() === 1, 5000, 'session objects released');
        assert.ok(Date.now() - closedAt >= 700, 'not before sessionGcMs');
        assert.equal(await call(kept, 'getName'), kept.id, "another session's objects are untouched");
      } finally {
        closeClient(keeper);
      }
    });
  });

  it('close() releases everything and stops listening', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onair-ms-life-'));
    const server = await startMediaServer({ port: 0, recordingsDir: dir });
    const client = await connectClient(server.url);
    const pipeline = await create(client, 'MediaPipeline');
    await create(pipeline, 'PassThrough');
    closeClient(client);
    await server.close();
    assert.equal(server.objectCount(), 0);
    await assert.rejects(waitForPort(Number(new URL(server.url).port), '127.0.0.1', 300), /nothing listens/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs standalone: cli.js with MEDIA_SERVER_HOST/PORT/RECORDINGS_DIR', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'onair-ms-cli-'));
    const child = spawnManaged(process.execPath, [join(__dirname, '..', 'src', 'cli.js')], {
      env: { ...process.env, MEDIA_SERVER_HOST: '127.0.0.1', MEDIA_SERVER_PORT: String(port), MEDIA_SERVER_RECORDINGS_DIR: dir },
    });
    try {
      const client = await connectClient(`ws://127.0.0.1:${port}/kurento`);
      const pipeline = await create(client, 'MediaPipeline');
      assert.equal(await call(pipeline, 'getName'), pipeline.id);
      closeClient(client);
      assert.match(child.output(), new RegExp(`listening on ws://127\\.0\\.0\\.1:${port}/kurento`));
    } finally {
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
