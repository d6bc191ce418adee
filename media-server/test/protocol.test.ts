import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaServer, startMediaServer } from '../src/index';
import { call, closeClient, collect, connectClient, create, KClient, nextEvent, until } from './helpers/kurento';
import { RawSocket, request } from './helpers/rawSocket';

const PIPELINE_ID = /^[0-9a-f-]{36}_kurento\.MediaPipeline$/;

describe('Kurento protocol (driven by kurento-client 7.2.0)', () => {
  let server: MediaServer;
  let client: KClient;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onair-ms-proto-'));
    server = await startMediaServer({ port: 0, recordingsDir: dir });
    client = await connectClient(server.url);
  });

  after(async () => {
    closeClient(client);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on ws://127.0.0.1:PORT/kurento', () => {
    assert.match(server.url, /^ws:\/\/127\.0\.0\.1:\d+\/kurento$/);
  });

  it('ServerManager: getInfo lists core, elements and filters; getSessions has ours', async () => {
    const manager = await call(client, 'getServerManager');
    const info = await call(manager, 'getInfo');
    assert.deepEqual(info.modules.map((m: { name: string }) => m.name).sort(), ['core', 'elements', 'filters']);
    assert.equal(info.type, 'KMS');
    const sessions: string[] = await call(manager, 'getSessions');
    assert.ok(sessions.length >= 1 && sessions.every((s) => /^[0-9a-f-]{36}$/.test(s)), String(sessions));
    const other = await connectClient(server.url);
    try {
      await create(other, 'MediaPipeline');
      assert.equal((await call<string[]>(manager, 'getSessions')).length, sessions.length + 1, 'a new client is a new session');
    } finally { closeClient(other); }
    assert.ok((await call<number>(manager, 'getCpuCount')) >= 1);
    assert.ok((await call<number>(manager, 'getUsedMemory')) > 0);
  });

  it('ServerManager: ObjectCreated / ObjectDestroyed and getPipelines', async () => {
    const manager = await call(client, 'getServerManager');
    const created = collect(manager, 'ObjectCreated');
    const destroyed = collect(manager, 'ObjectDestroyed');
    await new Promise((r) => setTimeout(r, 100)); // subscriptions are sent asynchronously
    const pipeline = await create(client, 'MediaPipeline');
    assert.match(pipeline.id, PIPELINE_ID);
    await until(() => created.some((e) => e.object === pipeline.id), 5000, 'ObjectCreated');
    const pipelines = await call<{ id: string }[]>(manager, 'getPipelines');
    assert.ok(pipelines.some((p) => p.id === pipeline.id), 'getPipelines lists it');
    await call(pipeline, 'release');
    await until(() => destroyed.some((e) => e.objectId === pipeline.id), 5000, 'ObjectDestroyed');
    const event = created.find((e) => e.object === pipeline.id);
    assert.equal(event.source, 'manager_ServerManager');
    assert.equal(event.type, 'ObjectCreated');
    assert.match(String(event.timestampMillis), /^\d{13}$/);
  });

  it('MediaObject properties: name, tags, creation time, parent, children, pipeline', async () => {
    const pipeline = await create(client, 'MediaPipeline');
    const element = await create(pipeline, 'PassThrough');
    assert.ok(element.id.startsWith(`${pipeline.id}/`) && element.id.endsWith('_kurento.PassThrough'), element.id);
    await call(element, 'setName', 'relay');
    assert.equal(await call(element, 'getName'), 'relay');
    await call(element, 'addTag', 'room', 'r1');
    assert.equal(await call(element, 'getTag', 'room'), 'r1');
    assert.deepEqual((await call(element, 'getTags')).map((t: { key: string; value: string }) => [t.key, t.value]),
      [['room', 'r1']]);
    await call(element, 'removeTag', 'room');
    await assert.rejects(call(element, 'getTag', 'room'), (e: { code: number }) => e.code === 40110);
    const now = Date.now() / 1000;
    assert.ok(Math.abs((await call<number>(element, 'getCreationTime')) - now) < 60);
    assert.equal((await call(element, 'getParent')).id, pipeline.id);
    assert.equal((await call(element, 'getMediaPipeline')).id, pipeline.id);
    assert.deepEqual((await call(pipeline, 'getChildren')).map((c: { id: string }) => c.id), [element.id]);
    await call(element, 'setSendTagsInEvents', true);
    assert.equal(await call(element, 'getSendTagsInEvents'), true);
    await call(pipeline, 'release');
  });

  it('describe: another client finds objects by id with the right class', async () => {
    const pipeline = await create(client, 'MediaPipeline');
    const element = await create(pipeline, 'PassThrough');
    const other = await connectClient(server.url);
    try {
      const found = await call(other, 'getMediaobjectById', element.id);
      assert.equal(found.id, element.id);
      assert.equal(found.constructor.name, 'PassThrough');
      assert.equal(await call(found, 'getName'), element.id);
      await assert.rejects(call(other, 'getMediaobjectById', 'nothing_kurento.MediaPipeline'),
        (e: Error & { code: number }) => e.code === 40101 && e instanceof ReferenceError);
    } finally {
      closeClient(other);
      await call(pipeline, 'release');
    }
  });

  it('connect/disconnect: ElementConnected, ElementDisconnected, source and sink connections', async () => {
    const pipeline = await create(client, 'MediaPipeline');
    const a = await create(pipeline, 'PassThrough');
    const b = await create(pipeline, 'PassThrough');
    const connected = nextEvent(a, 'ElementConnected', (e) => e.mediaType === 'VIDEO');
    await call(a, 'connect', b);
    assert.equal((await connected).sink, b.id);
    const sinks = await call(a, 'getSinkConnections');
    assert.deepEqual(sinks.map((c: { type: string; sink: { id: string } }) => [c.type, c.sink.id ?? c.sink]).sort(),
      [['AUDIO', b.id], ['VIDEO', b.id]]);
    assert.equal((await call(b, 'getSourceConnections', 'AUDIO')).length, 1);
    assert.equal(await call(b, 'isMediaFlowingIn', 'VIDEO'), false);
    const disconnected = nextEvent(a, 'ElementDisconnected', (e) => e.mediaType === 'AUDIO');
    await call(a, 'disconnect', b, 'AUDIO');
    await disconnected;
    assert.equal((await call(b, 'getSourceConnections', 'AUDIO')).length, 0);
    assert.equal((await call(b, 'getSourceConnections', 'VIDEO')).length, 1);
    await call(pipeline, 'release');
  });

  it('errors: unknown type 40100, unknown object 40101, unknown method 40105, not implemented 40006', async () => {
    const pipeline = await create(client, 'MediaPipeline');
    await assert.rejects(create(pipeline, 'Composite'),
      (e: Error & { code: number; data: { type: string } }) =>
        e instanceof TypeError && e.code === 40100 && e.data.type === 'MEDIA_OBJECT_TYPE_NOT_FOUND');
    await assert.rejects(create(pipeline, 'ZBarFilter'), (e: { code: number }) => e.code === 40100);
    const element = await create(pipeline, 'PassThrough');
    await assert.rejects(call(element, '_invoke', undefined, 'noSuchMethod'),
      (e: Error & { code: number; data: { type: string } }) =>
        e instanceof SyntaxError && e.code === 40105 && e.data.type === 'MEDIA_OBJECT_METHOD_NOT_FOUND');
    await assert.rejects(call(element, 'getStats'),
      (e: { code: number; data: { type: string } }) => e.code === 40006 && e.data.type === 'NOT_IMPLEMENTED');
    await assert.rejects(call(element, 'setVideoFormat', { __module__: 'kurento', __type__: 'VideoCaps',
      codec: 'VP8', framerate: { __module__: 'kurento', __type__: 'Fraction', numerator: 30, denominator: 1 } }),
    (e: { code: number }) => e.code === 40006);
    const released = element;
    await call(pipeline, 'release');
    await assert.rejects(call(released, '_invoke', undefined, 'getName'),
      (e: Error & { code: number }) => e instanceof ReferenceError && e.code === 40101);
  });

  it('release cascades from a pipeline to its elements', async () => {
    const manager = await call(client, 'getServerManager');
    const destroyed = collect(manager, 'ObjectDestroyed');
    await new Promise((r) => setTimeout(r, 100));
    const before = server.objectCount();
    const pipeline = await create(client, 'MediaPipeline');
    const elements = [await create(pipeline, 'PassThrough'), await create(pipeline, 'PassThrough')];
    await call(elements[0], 'connect', elements[1]);
    assert.equal(server.objectCount(), before + 3);
    await call(pipeline, 'release');
    assert.equal(server.objectCount(), before);
    await until(() => [pipeline, ...elements].every((o) => destroyed.some((e) => e.objectId === o.id)), 5000,
      'ObjectDestroyed for pipeline and elements');
    // The client forgot them too: asking the server again says not found.
    const other = await connectClient(server.url);
    try {
      await assert.rejects(call(other, 'getMediaobjectById', elements[1].id), (e: { code: number }) => e.code === 40101);
    } finally { closeClient(other); }
  });

  it('answers pipelined requests on one object in order', async () => {
    const pipeline = await create(client, 'MediaPipeline');
    const element = await create(pipeline, 'PassThrough');
    const results: Promise<string>[] = [];
    for (let i = 0; i < 30; i++) {
      void call(element, 'setName', `n${i}`);
      results.push(call(element, 'getName'));
    }
    assert.deepEqual(await Promise.all(results), Array.from({ length: 30 }, (_, i) => `n${i}`));
    await call(pipeline, 'release');
  });

  it('implicit transactions (useImplicitTransactions) create and use objects', async () => {
    const tx = await connectClient(server.url, { useImplicitTransactions: true });
    try {
      const pipeline = await create(tx, 'MediaPipeline');
      const [a, b] = await Promise.all([create(pipeline, 'PassThrough'), create(pipeline, 'PassThrough')]);
      assert.notEqual(a.id, b.id);
      await Promise.all([call(a, 'setName', 'a'), call(b, 'setName', 'b')]);
      assert.deepEqual(await Promise.all([call(a, 'getName'), call(b, 'getName')]), ['a', 'b']);
      await call(pipeline, 'release');
    } finally { closeClient(tx); }
  });
  it('answers every request of a frame that holds several back to back ({…}{…}), executed in order', async () => {
    const socket = await RawSocket.open(server.url);
    try {
      socket.send(request(1, 'create', { type: 'MediaPipeline', constructorParams: {} }));
      const [created] = await socket.waitFor(1);
      const { value: pipeline, sessionId } = created.result;
      const invoke = (id: number, operation: string, operationParams = {}) =>
        request(id, 'invoke', { object: pipeline, operation, operationParams, sessionId });
      // Requests on one object run in the order they stand in the frame; whitespace between them is fine.
      // Brackets, quotes and backslashes inside strings do not end an object.
      socket.send(invoke(2, 'setName', { name: 'fi}{"[rst\\' }) + invoke(3, 'getName') + '\n'
        + invoke(4, 'setName', { name: 'second' }) + ' ' + invoke(5, 'getName') + request(6, 'ping'));
      const answers = await socket.waitFor(6);
      const byId = new Map(answers.map((a) => [a.id, a]));
      assert.deepEqual([2, 3, 4, 5, 6].map((id) => byId.has(id)), [true, true, true, true, true], JSON.stringify(answers));
      assert.equal(byId.get(3)!.result.value, 'fi}{"[rst\\');
      assert.equal(byId.get(5)!.result.value, 'second');
      assert.equal(byId.get(6)!.result.value, 'pong');
      assert.ok(answers.every((a) => !a.error), JSON.stringify(answers));
      socket.send(request(7, 'release', { object: pipeline, sessionId }));
      await socket.waitFor(7);
    } finally { socket.close(); }
  });

  it('a frame with anything but whitespace between or after its objects is one parse error (-32700), none of it runs', async () => {
    const socket = await RawSocket.open(server.url);
    try {
      const frames = [
        request(1, 'ping') + 'x' + request(2, 'ping'),
        request(3, 'ping') + request(4, 'ping') + ' garbage',
        request(5, 'ping') + '{"jsonrpc":"2.0","id":6,',
        request(7, 'ping') + '[' + request(8, 'ping') + ']',
        request(9, 'ping') + ',' + request(10, 'ping'),
        request(11, 'ping') + '"}"' + request(12, 'ping'),
        `[${request(13, 'ping')}]`,
        request(14, 'ping') + '}',
      ];
      for (const frame of frames) socket.send(frame);
      socket.send(request(99, 'ping')); // a lone object still works, after all of them
      const answers = await socket.waitFor(frames.length + 1);
      await new Promise((r) => setTimeout(r, 200)); // nothing else is coming
      assert.equal(socket.messages.length, frames.length + 1, JSON.stringify(socket.messages));
      for (const answer of answers.slice(0, frames.length)) {
        assert.equal(answer.id, null);
        assert.equal(answer.error?.code, -32700);
      }
      assert.deepEqual([answers[frames.length].id, answers[frames.length].result], [99, { value: 'pong' }]);
    } finally { socket.close(); }
  });

  it('kurento-client without objectMode (glued requests, as in Kurento\'s own tutorials) works', async () => {
    const glued = await connectClient(server.url, { socket: {} });
    try {
      const pipeline = await create(glued, 'MediaPipeline');
      // Requests written in one tick share a frame.
      const elements = await Promise.all([1, 2, 3].map(() => create(pipeline, 'PassThrough')));
      await Promise.all(elements.map((e, i) => call(e, 'setName', `e${i}`)));
      assert.deepEqual(await Promise.all(elements.map((e) => call(e, 'getName'))), ['e0', 'e1', 'e2']);
      await call(elements[0], 'connect', elements[1]);
      await call(pipeline, 'release');
    } finally { closeClient(glued); }
  });
});

describe('a media server started with a secret', () => {
  const secret = 'per-boot secret/+?&=';
  let server: MediaServer;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'onair-ms-secret-'));
    server = await startMediaServer({ port: 0, recordingsDir: dir, secret });
  });

  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('url carries it as access_token; publicUrl does not', () => {
    assert.match(server.publicUrl, /^ws:\/\/127\.0\.0\.1:\d+\/kurento$/);
    assert.equal(server.url, `${server.publicUrl}?access_token=${encodeURIComponent(secret)}`);
    assert.equal(new URL(server.url).searchParams.get('access_token'), secret);
  });

  it('refuses the upgrade with HTTP 401 without the secret or with a wrong one, before any WebSocket exists', async () => {
    const withToken = (token: string) => `${server.publicUrl}?access_token=${encodeURIComponent(token)}`;
    assert.equal(await RawSocket.statusOf(server.publicUrl), 401);
    assert.equal(await RawSocket.statusOf(withToken('')), 401);
    assert.equal(await RawSocket.statusOf(withToken(secret.slice(0, -1))), 401);
    assert.equal(await RawSocket.statusOf(withToken(`${secret}x`)), 401);
    assert.equal(await RawSocket.statusOf(`${server.publicUrl}?secret=${encodeURIComponent(secret)}`), 401);
    assert.equal(await RawSocket.statusOf(server.url.replace('/kurento', '/other')), 400, 'another path');
    assert.equal(await RawSocket.statusOf(server.url), 101);
  });

  it('with the secret: kurento-client works, from the url or from its access_token option', async () => {
    for (const [url, options] of [[server.url, {}], [server.publicUrl, { access_token: secret }]] as const) {
      const client = await connectClient(url, options);
      try {
        const pipeline = await create(client, 'MediaPipeline');
        await create(pipeline, 'PassThrough');
        await call(pipeline, 'release');
      } finally { closeClient(client); }
    }
  });
});
