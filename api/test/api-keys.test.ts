import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { RunningApi } from '../src/app/server';
import { ApiKey } from '../src/apikeys/api-key.entity';
import { errorCode, gql, realtime, subscribe } from './support/graphql';
import { onEveryBackend } from './support/matrix';
import { seedVideo } from './support/videos';

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { token user { id } } }`;
const CREATE = `mutation ($name: String!) { createApiKey(name: $name) { key apiKey { id name createdAt lastUsedAt } } }`;
const KEYS = `{ apiKeys { id name lastUsedAt } }`;
const REVOKE = `mutation ($id: ID!) { revokeApiKey(id: $id) }`;
const CATALOG = `query ($id: ID!) { videos(first: 5) { totalCount edges { node { id title presenter { nickname } playbackUrl } } } video(id: $id) { title } }`;

/** POSTs with a bearer credential and keeps the HTTP status. */
async function post(api: RunningApi, query: string, variables: Record<string, unknown>, bearer?: string) {
  const response = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: any }[] } };
}

onEveryBackend('API keys and query limits', (fixture) => {
  let api: RunningApi;
  let token: string;
  let videoId: string;

  before(async () => {
    api = await fixture.api({ API_KEY_RATE_LIMIT: '30', GRAPHQL_MAX_ALIASES: '15' });
    const registered = await gql(api.url, REGISTER, { input: { nickname: 'integrator', password: 'password1' } });
    token = registered.data!.register.token;
    videoId = (await seedVideo(api, { presenterId: registered.data!.register.user.id, title: 'Public talk', startedAt: new Date(),
      durationMs: 60_000 })).id;
  });

  async function newKey(name = 'partner site') {
    const created = await gql(api.url, CREATE, { name }, token);
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    return created.data!.createApiKey as { key: string; apiKey: { id: string; name: string; lastUsedAt: string | null } };
  }

  it('creates a key shown once (onair_…), kept only as a hash, that reads the catalog', async () => {
    const { key, apiKey } = await newKey();
    assert.match(key, /^onair_[A-Za-z0-9_-]{43}$/);
    assert.equal(apiKey.lastUsedAt, null);
    const listed = await gql(api.url, KEYS, {}, token);
    assert.deepEqual(listed.data!.apiKeys.map((k: { id: string }) => k.id), [apiKey.id]);
    assert.ok(!JSON.stringify(listed).includes(key.slice(6)), 'the list never shows the key');
    const row = await api.services.orm.em.fork().findOneOrFail(ApiKey, { id: apiKey.id });
    assert.ok(!Object.values(row).some((value) => typeof value === 'string' && value.includes(key.slice(6))), 'no column holds the key');

    const read = await post(api, CATALOG, { id: videoId }, key);
    assert.equal(read.status, 200);
    assert.equal(read.body.errors, undefined, JSON.stringify(read.body.errors));
    assert.equal(read.body.data.videos.totalCount, 1);
    assert.equal(read.body.data.videos.edges[0].node.presenter.nickname, 'integrator');
    assert.match(read.body.data.videos.edges[0].node.playbackUrl, /\/media\/videos\/.+\.webm\?expires=/);
    assert.equal(read.body.data.video.title, 'Public talk');
    const used = await gql(api.url, KEYS, {}, token);
    assert.ok(used.data!.apiKeys[0].lastUsedAt, 'lastUsedAt is recorded');
  });

  it('reads nothing else and changes nothing: FORBIDDEN before any resolver runs', async () => {
    const { key } = await newKey('read only');
    for (const query of [
      '{ me { id } }', '{ lives { id } }', '{ onlineUsers { id } }', '{ apiKeys { id } }', '{ iceServers { urls } }',
      `{ videos { totalCount } me { id } }`,
      `query { ...Sneaky } fragment Sneaky on Query { onlineUsers { id } }`,
      `query { ... on Query { live(id: "x") { id } } }`,
      `mutation { createApiKey(name: "more") { key } }`,
      `mutation { renameVideo(id: "${videoId}", title: "pwned") { id } }`,
      `mutation { deleteVideo(id: "${videoId}") }`,
      `mutation { logout }`,
    ]) {
      const result = await post(api, query, {}, key);
      assert.equal(result.body.errors?.[0]?.extensions?.code, 'FORBIDDEN', `${query}: ${JSON.stringify(result.body)}`);
      assert.equal(result.status, 403, query);
      assert.equal(result.body.data ?? null, null, query);
    }
    assert.equal((await gql(api.url, `{ video(id: "${videoId}") { title } }`, {}, token)).data!.video.title, 'Public talk', 'unchanged');
    // Not a session token: the realtime connection refuses it.
    const socket = realtime(api.url, key);
    assert.equal((await socket.closed).code, 4401);
  });

  it('refuses a revoked key at once (401 UNAUTHENTICATED); only its owner revokes it', async () => {
    const { key, apiKey } = await newKey('to revoke');
    assert.equal((await post(api, CATALOG, { id: videoId }, key)).status, 200);
    const other = (await gql(api.url, REGISTER, { input: { nickname: 'someone', password: 'password1' } })).data!.register.token;
    assert.equal(errorCode(await gql(api.url, REVOKE, { id: apiKey.id }, other)), 'NOT_FOUND');
    assert.equal((await gql(api.url, REVOKE, { id: apiKey.id }, token)).data!.revokeApiKey, true);
    const refused = await post(api, CATALOG, { id: videoId }, key);
    assert.equal(refused.status, 401);
    assert.equal(refused.body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    assert.equal(errorCode(await gql(api.url, REVOKE, { id: apiKey.id }, token)), 'NOT_FOUND', 'a second revoke');
    const unknown = await post(api, CATALOG, { id: videoId }, `onair_${'x'.repeat(43)}`);
    assert.equal(unknown.status, 401);
    assert.equal((await post(api, '{ me { id } }', {}, 'garbage-session-token')).status, 401, 'a bad session token is no 500 either');
  });

  it('rate-limits each key (429 RATE_LIMITED with retryAfterSeconds)', async () => {
    const { key } = await newKey('busy');
    const { key: calm } = await newKey('calm');
    const statuses: number[] = [];
    let limited: { extensions?: any } | undefined;
    for (let i = 0; i < 31; i++) {
      const result = await post(api, '{ videos(first: 1) { totalCount } }', {}, key);
      statuses.push(result.status);
      limited = result.body.errors?.[0];
    }
    assert.deepEqual(statuses.slice(0, 30), Array(30).fill(200));
    assert.equal(statuses[30], 429);
    assert.equal(limited?.extensions?.code, 'RATE_LIMITED');
    assert.ok(limited?.extensions?.retryAfterSeconds >= 1 && limited?.extensions?.retryAfterSeconds <= 60);
    assert.equal((await post(api, '{ videos(first: 1) { totalCount } }', {}, calm)).status, 200, 'another key has its own budget');
  });

  it('refuses too many aliases, too deep and too costly operations for everyone with QUERY_TOO_COMPLEX', async () => {
    const { key } = await newKey('greedy');
    const aliases = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: live(id: "x") { chat(last: 200) { text } }`).join(' ')} }`;
    for (const bearer of [token, key]) {
      const result = await post(api, aliases, {}, bearer);
      assert.equal(result.body.errors?.[0]?.extensions?.code, 'QUERY_TOO_COMPLEX', JSON.stringify(result.body).slice(0, 300));
      assert.ok(result.status < 500);
    }
    const fifteen = `{ ${Array.from({ length: 15 }, (_, i) => `v${i}: videos(first: 1) { totalCount }`).join(' ')} }`;
    assert.equal((await post(api, fifteen, {}, token)).body.errors, undefined, 'the limit itself is allowed');

    const strict = await fixture.api({ GRAPHQL_MAX_DEPTH: '3', GRAPHQL_MAX_COST: '20' });
    const user = (await gql(strict.url, REGISTER, { input: { nickname: 'strict', password: 'password1' } })).data!.register.token;
    const deep = await post(strict, '{ videos { edges { node { presenter { nickname } } } } }', {}, user);
    assert.equal(deep.body.errors?.[0]?.extensions?.code, 'QUERY_TOO_COMPLEX', JSON.stringify(deep.body));
    const costly = await post(strict, `{ me { id nickname avatarUrl createdAt online } onlineUsers { id nickname avatarUrl createdAt online }
      lives { id title status viewerCount startedAt } }`, {}, user);
    assert.equal(costly.body.errors?.[0]?.extensions?.code, 'QUERY_TOO_COMPLEX', JSON.stringify(costly.body));
    // The same limits hold over graphql-ws.
    const socket = realtime(strict.url, user);
    await socket.connected;
    const sub = subscribe(socket.client, 'subscription { livesChanged { live { presenter { nickname } } } }');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.match(JSON.stringify(sub.errors), /QUERY_TOO_COMPLEX/);
    await socket.dispose();
  });
});
