import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { RunningApi } from '../src/app/server';
import { startTestApi } from './support/api';
import { errorCode, gql, realtime, subscribe } from './support/graphql';

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { token } }`;
const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { token user { nickname } } }`;
const LOGOUT = `mutation { logout }`;
const INTROSPECT = `{ __schema { types { name } } }`;

/** POSTs a raw body to /graphql and reads status and text. */
async function post(api: RunningApi, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** Opens a raw connection, writes `chunk` and never finishes the request: resolves with how long until the server closed it, and what it said. */
function stall(api: RunningApi, chunk: string, limitMs: number): Promise<{ afterMs: number; said: string }> {
  const { port } = new URL(api.url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let said = '';
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(chunk));
    socket.on('data', (data) => { said += data.toString(); });
    socket.on('close', () => { clearTimeout(timer); resolve({ afterMs: Date.now() - started, said }); });
    socket.on('error', () => undefined);
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`still open after ${limitMs} ms`)); }, limitMs);
  });
}

const leaksInternals = (text: string) => /node_modules|\/work\/|\bat [\w.<>]+ \(|stacktrace|<html|<pre/i.test(text);

describe('HTTP and GraphQL hold against client mistakes', () => {
  let api: RunningApi;
  before(async () => { api = await startTestApi({ HTTP_REQUEST_TIMEOUT_SECONDS: '2', HTTP_HEADERS_TIMEOUT_SECONDS: '1' }); });
  after(async () => { await api?.close(); });

  it('a stale session token does not break login; elsewhere it is 401 UNAUTHENTICATED, a second logout too, never a 500', async () => {
    const input = { nickname: 'stale', password: 'password1' };
    const { token } = (await gql(api.url, REGISTER, { input })).data!.register;
    assert.equal((await gql(api.url, LOGOUT, {}, token)).data!.logout, true);
    const again = await post(api, JSON.stringify({ query: LOGOUT }), { authorization: `Bearer ${token}` });
    assert.equal(again.status, 401, again.text);
    assert.equal(JSON.parse(again.text).errors[0].extensions.code, 'UNAUTHENTICATED');
    const login = await gql(api.url, LOGIN, { input }, token);
    assert.equal(login.errors, undefined, JSON.stringify(login.errors));
    assert.equal(login.data!.login.user.nickname, 'stale');
    const garbage = await post(api, JSON.stringify({ query: '{ me { id } }' }), { authorization: 'Bearer garbage' });
    assert.equal(garbage.status, 401);
    const mixed = await post(api, JSON.stringify({ query: `mutation { login(input: { nickname: "stale", password: "password1" }) { token } logout }` }),
      { authorization: `Bearer ${token}` });
    assert.equal(mixed.status, 401, 'a public field does not carry a protected one through');
  });

  it('a body that is not JSON, or too large, gets a JSON error with a stable code and no internals', async () => {
    for (const body of ['{"query": "{ me { id } }"', 'not json at all', '{"query": 12']) {
      const answer = await post(api, body);
      assert.ok(answer.status >= 400 && answer.status < 500, `${answer.status} for ${body}`);
      assert.match(answer.type, /application\/json/);
      assert.ok(!leaksInternals(answer.text), answer.text);
      assert.ok(['BAD_REQUEST', 'BAD_USER_INPUT'].includes(JSON.parse(answer.text).errors[0].extensions.code), answer.text);
    }
    const huge = await post(api, JSON.stringify({ query: `{ me { id } }`, variables: { x: 'x'.repeat(2 * 1024 * 1024) } }));
    assert.equal(huge.status, 413);
    assert.equal(JSON.parse(huge.text).errors[0].extensions.code, 'BAD_REQUEST');
  });

  it('a subscription sent over HTTP is a 400 BAD_REQUEST, not an internal error', async () => {
    const answer = await post(api, JSON.stringify({ query: 'subscription { livesChanged { type } }' }));
    assert.equal(answer.status, 400, answer.text);
    assert.equal(JSON.parse(answer.text).errors[0].extensions.code, 'BAD_REQUEST');
  });

  it('cuts off a request whose headers or body never complete', async () => {
    const body = await stall(api, 'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"que', 8000);
    assert.ok(body.afterMs < 5000, `closed after ${body.afterMs} ms`);
    assert.match(body.said, /^HTTP\/1\.1 408/);
    const headers = await stall(api, 'POST /graphql HTTP/1.1\r\nHost: x\r\n', 8000);
    assert.ok(headers.afterMs < 4000, `closed after ${headers.afterMs} ms`);
  });

  it('no introspection and no "Did you mean" by default, over HTTP and graphql-ws', async () => {
    assert.equal(errorCode(await gql(api.url, INTROSPECT)), 'GRAPHQL_VALIDATION_FAILED');
    const typo = await gql(api.url, '{ mee { id } }');
    assert.equal(errorCode(typo), 'GRAPHQL_VALIDATION_FAILED');
    assert.ok(!/did you mean/i.test(JSON.stringify(typo)), JSON.stringify(typo));
    const { token } = (await gql(api.url, REGISTER, { input: { nickname: 'wsuser', password: 'password1' } })).data!.register;
    const ws = realtime(api.url, token);
    await ws.connected;
    const feed = subscribe(ws.client, 'subscription { livesChangd { type } }');
    const introspection = subscribe(ws.client, INTROSPECT); // a query over the socket
    const plain = subscribe(ws.client, '{ me { nickname } }');
    await plain.next(() => true, 5000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(feed.errors.length > 0 && !/did you mean/i.test(JSON.stringify(feed.errors)), JSON.stringify(feed.errors));
    assert.equal(introspection.events.length, 0, 'no schema over the socket');
    assert.ok(introspection.errors.length > 0);
    await ws.dispose();
  });

  it('introspection and hints when GRAPHQL_INTROSPECTION=true', async () => {
    const open = await startTestApi({ GRAPHQL_INTROSPECTION: 'true' });
    try {
      const schema = await gql(open.url, INTROSPECT);
      assert.equal(schema.errors, undefined);
      assert.ok(schema.data!.__schema.types.some((t: { name: string }) => t.name === 'Video'));
      assert.match(JSON.stringify(await gql(open.url, '{ mee { id } }')), /Did you mean/);
    } finally {
      await open.close();
    }
  });
});
