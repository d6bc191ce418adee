import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Redis from 'ioredis';
import { startRedis, type RedisServer } from '@onair/testing';
import type { RunningApi } from '../src/app/server';
import { MemorySessionStore, RedisSessionStore, type SessionStore } from '../src/auth/session-store';
import { errorCode, gql, GqlResult, realtime, subscribe } from './support/graphql';
import { onEveryBackend } from './support/matrix';

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { token user { id nickname avatarUrl } } }`;
const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { token } }`;
const ME = `{ me { id nickname avatarUrl } }`;
const UPDATE_PROFILE = `mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { id nickname avatarUrl } }`;
const CHANGE_PASSWORD = `mutation ($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) }`;
const LOGOUT_EVERYWHERE = `mutation { logoutEverywhere }`;
const PRESENCE = `subscription { presenceChanged { online user { id avatarUrl } } }`;
const PASSWORD = 'first password';
const NEW_PASSWORD = 'second password';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fieldsOf = (result: GqlResult) =>
  (result.errors?.[0]?.extensions?.fields as { field: string }[] | undefined)?.map((f) => f.field);

async function register(api: RunningApi, nickname: string, avatarUrl?: string) {
  const result = await gql(api.url, REGISTER, { input: { nickname, password: PASSWORD, avatarUrl } });
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data!.register as { token: string; user: { id: string; nickname: string; avatarUrl: string | null } };
}

async function login(api: RunningApi, nickname: string, password = PASSWORD): Promise<GqlResult> {
  return gql(api.url, LOGIN, { input: { nickname, password } });
}

async function signIn(api: RunningApi, nickname: string, password = PASSWORD): Promise<string> {
  const result = await login(api, nickname, password);
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data!.login.token;
}

/** `{ me }` over an open graphql-ws connection: it still runs operations for its session. */
async function meOverSocket(client: ReturnType<typeof realtime>['client']) {
  const feed = subscribe(client, ME);
  return (await feed.next()).me as { id: string };
}

onEveryBackend('account settings', (fx) => {
  let api: RunningApi;
  before(async () => {
    api = await fx.api({ LOGIN_MAX_FAILURES: '10' }); // every sign-in of the suite comes from 127.0.0.1
  });

  it('updateProfile sets an avatar (as the URL parser writes it), leaves it when left out, and clears it with null', async () => {
    const ann = await register(api, 'avatar ann');
    const set = await gql(api.url, UPDATE_PROFILE, { input: { avatarUrl: 'https://Pictures.Example.COM/ann face.png' } }, ann.token);
    assert.equal(set.errors, undefined, JSON.stringify(set.errors));
    assert.deepEqual(set.data!.updateProfile,
      { id: ann.user.id, nickname: 'avatar ann', avatarUrl: 'https://pictures.example.com/ann%20face.png' });
    assert.equal((await gql(api.url, ME, {}, ann.token)).data!.me.avatarUrl, 'https://pictures.example.com/ann%20face.png');

    const untouched = await gql(api.url, UPDATE_PROFILE, { input: {} }, ann.token);
    assert.equal(untouched.data!.updateProfile.avatarUrl, 'https://pictures.example.com/ann%20face.png', 'a field left out stays');

    const cleared = await gql(api.url, UPDATE_PROFILE, { input: { avatarUrl: null } }, ann.token);
    assert.equal(cleared.data!.updateProfile.avatarUrl, null);
    assert.equal((await gql(api.url, ME, {}, ann.token)).data!.me.avatarUrl, null);
  });

  it('updateProfile refuses an avatar URL the register rules refuse (BAD_USER_INPUT on avatarUrl) and keeps the old one', async () => {
    const bea = await register(api, 'avatar bea', 'https://example.com/bea.png');
    for (const avatarUrl of ['http://example.com/a.png', 'https://localhost/a.png', 'https://10.1.2.3/a.png', 'https://169.254.169.254/a',
      'https://user:pw@example.com/a.png', 'https://example.com:8443/a.png', 'not a url', 'javascript:alert(1)', '',
      `https://example.com/${'a'.repeat(2048)}`]) {
      const result = await gql(api.url, UPDATE_PROFILE, { input: { avatarUrl } }, bea.token);
      assert.equal(errorCode(result), 'BAD_USER_INPUT', avatarUrl);
      assert.deepEqual(fieldsOf(result), ['avatarUrl'], avatarUrl);
    }
    assert.equal((await gql(api.url, ME, {}, bea.token)).data!.me.avatarUrl, 'https://example.com/bea.png');
  });

  it("a changed avatar is what this node's events carry next (the cached profile is dropped)", async () => {
    const watcher = await register(api, 'avatar watcher');
    const cal = await register(api, 'avatar cal');
    const watch = realtime(api.url, watcher.token);
    await watch.connected;
    const feed = subscribe(watch.client, PRESENCE);
    await sleep(200); // let the subscription reach the server
    const tab = realtime(api.url, cal.token);
    await tab.connected;
    const online = await feed.next((e) => e.presenceChanged.user.id === cal.user.id);
    assert.equal(online.presenceChanged.user.avatarUrl, null); // read, and cached

    const updated = await gql(api.url, UPDATE_PROFILE, { input: { avatarUrl: 'https://example.com/cal.png' } }, cal.token);
    assert.equal(updated.errors, undefined, JSON.stringify(updated.errors));
    await tab.dispose();
    const offline = await feed.next((e) => e.presenceChanged.user.id === cal.user.id && !e.presenceChanged.online);
    assert.equal(offline.presenceChanged.user.avatarUrl, 'https://example.com/cal.png');
    await watch.dispose();
  });

  it('changePassword refuses a wrong current password and a new one register would refuse, changing nothing', async () => {
    const dan = await register(api, 'pw dan');
    const other = await signIn(api, 'pw dan');
    const wrong = await gql(api.url, CHANGE_PASSWORD, { current: 'not my password', next: NEW_PASSWORD }, dan.token);
    assert.equal(errorCode(wrong), 'INVALID_CREDENTIALS');
    assert.equal(wrong.errors![0].extensions!.field, 'currentPassword');
    for (const next of ['short', 'x'.repeat(257)]) {
      const weak = await gql(api.url, CHANGE_PASSWORD, { current: PASSWORD, next }, dan.token);
      assert.equal(errorCode(weak), 'BAD_USER_INPUT', next);
      assert.deepEqual(fieldsOf(weak), ['newPassword']);
    }
    const empty = await gql(api.url, CHANGE_PASSWORD, { current: '', next: NEW_PASSWORD }, dan.token);
    assert.equal(errorCode(empty), 'BAD_USER_INPUT');
    assert.equal((await gql(api.url, ME, {}, other)).data!.me.id, dan.user.id, 'no other session was signed out');
    assert.equal(errorCode(await login(api, 'pw dan', NEW_PASSWORD)), 'INVALID_CREDENTIALS');
    await signIn(api, 'pw dan', PASSWORD);
  });

  it('changePassword takes the new password, signs out every other session (HTTP 401, socket 4401) and keeps this one', async () => {
    const eve = await register(api, 'pw eve');
    const current = eve.token;
    const [second, third] = [await signIn(api, 'pw eve'), await signIn(api, 'pw eve')];
    const stranger = await register(api, 'pw stranger');
    const currentSocket = realtime(api.url, current);
    const secondSocket = realtime(api.url, second);
    await Promise.all([currentSocket.connected, secondSocket.connected]);

    const changed = await gql(api.url, CHANGE_PASSWORD, { current: PASSWORD, next: NEW_PASSWORD }, current);
    assert.equal(changed.errors, undefined, JSON.stringify(changed.errors));
    assert.equal(changed.data!.changePassword, true);

    assert.equal((await secondSocket.closed).code, 4401, "the other session's socket is closed");
    for (const token of [second, third]) assert.equal(errorCode(await gql(api.url, ME, {}, token)), 'UNAUTHENTICATED');
    assert.equal((await gql(api.url, ME, {}, current)).data!.me.id, eve.user.id, 'this session still works over HTTP');
    assert.equal((await meOverSocket(currentSocket.client)).id, eve.user.id, 'and over its socket');
    assert.equal((await gql(api.url, ME, {}, stranger.token)).data!.me.id, stranger.user.id, "another user's session is untouched");

    assert.equal(errorCode(await login(api, 'pw eve', PASSWORD)), 'INVALID_CREDENTIALS', 'the old password no longer signs in');
    const fresh = await signIn(api, 'pw eve', NEW_PASSWORD);
    assert.equal((await gql(api.url, ME, {}, fresh)).data!.me.id, eve.user.id);
    await Promise.all([currentSocket.dispose(), secondSocket.dispose()]);
  });

  it('logoutEverywhere revokes every session of the caller, this one included, closes their sockets, and counts them', async () => {
    const fay = await register(api, 'out fay');
    const tokens = [fay.token, await signIn(api, 'out fay'), await signIn(api, 'out fay')];
    const stranger = await register(api, 'out stranger');
    const sockets = tokens.slice(0, 2).map((token) => realtime(api.url, token));
    await Promise.all(sockets.map((socket) => socket.connected));

    const result = await gql(api.url, LOGOUT_EVERYWHERE, {}, tokens[1]);
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.equal(result.data!.logoutEverywhere, 3);
    assert.deepEqual((await Promise.all(sockets.map((socket) => socket.closed))).map((c) => c.code), [4401, 4401]);
    for (const token of tokens) assert.equal(errorCode(await gql(api.url, ME, {}, token)), 'UNAUTHENTICATED');
    assert.equal(errorCode(await gql(api.url, LOGOUT_EVERYWHERE, {}, tokens[0])), 'UNAUTHENTICATED');
    assert.equal((await gql(api.url, ME, {}, stranger.token)).data!.me.id, stranger.user.id, "another user's session is untouched");
    const again = await signIn(api, 'out fay');
    assert.equal((await gql(api.url, LOGOUT_EVERYWHERE, {}, again)).data!.logoutEverywhere, 1, 'only live sessions are counted');
    await Promise.all(sockets.map((socket) => socket.dispose()));
  });

  it('every account mutation needs a signed-in session: none is UNAUTHENTICATED, an API key FORBIDDEN', async () => {
    const gus = await register(api, 'gated gus');
    const created = await gql(api.url, `mutation { createApiKey(name: "partner") { key } }`, {}, gus.token);
    const key = created.data!.createApiKey.key as string;
    const operations: [string, Record<string, unknown>][] = [
      [UPDATE_PROFILE, { input: { avatarUrl: null } }],
      [CHANGE_PASSWORD, { current: PASSWORD, next: NEW_PASSWORD }],
      [LOGOUT_EVERYWHERE, {}],
    ];
    for (const [query, variables] of operations) {
      assert.equal(errorCode(await gql(api.url, query, variables)), 'UNAUTHENTICATED', query);
      assert.equal(errorCode(await gql(api.url, query, variables, key)), 'FORBIDDEN', query);
    }
    assert.equal((await gql(api.url, ME, {}, gus.token)).data!.me.id, gus.user.id, 'nothing was signed out');
    await signIn(api, 'gated gus', PASSWORD);
  });

  it('a wrong current password counts as a failed sign-in: the account and address run out of tries together', async () => {
    // Its own address (the Redis backend's counters are shared by the suite's apis).
    const limited = await fx.api({ LOGIN_MAX_FAILURES: '3', TRUST_PROXY: 'loopback' });
    const from = { 'x-forwarded-for': '203.0.113.77' };
    const hal = await register(limited, 'limited hal');
    const change = (current: string) => gql(limited.url, CHANGE_PASSWORD, { current, next: NEW_PASSWORD }, hal.token, from);
    const signInFrom = (password: string) => gql(limited.url, LOGIN, { input: { nickname: 'limited hal', password } }, undefined, from);
    for (let i = 0; i < 2; i++) assert.equal(errorCode(await change(`guess ${i}`)), 'INVALID_CREDENTIALS');
    assert.equal(errorCode(await signInFrom('guess 2')), 'INVALID_CREDENTIALS');
    const over = await change(PASSWORD);
    assert.equal(errorCode(over), 'RATE_LIMITED', 'even the right password waits');
    assert.ok(Number(over.errors![0].extensions!.retryAfterSeconds) >= 1);
    assert.equal(errorCode(await signInFrom(PASSWORD)), 'RATE_LIMITED');
    assert.equal(errorCode(await gql(limited.url, ME, {}, 'x'.repeat(43), from)), 'UNAUTHENTICATED');
    assert.equal((await gql(limited.url, ME, {}, hal.token, from)).data!.me.id, hal.user.id, 'the session itself is not affected');
  });
});

/** The same contract for both session stores (the api runs the Redis one with REDIS_URL). */
describe('session stores: sessions of a user', () => {
  let server: RedisServer;
  let redis: Redis;
  before(async () => {
    server = await startRedis();
    redis = new Redis(server.url, { lazyConnect: true });
    await redis.connect();
  });
  after(async () => {
    redis?.disconnect();
    await server?.stop();
  });

  const kinds: [string, () => SessionStore][] = [
    ['memory', () => new MemorySessionStore()],
    ['redis', () => new RedisSessionStore(redis, `t${Math.random().toString(36).slice(2)}:s:`, `t${Math.random().toString(36).slice(2)}:u:`)],
  ];
  for (const [kind, make] of kinds) {
    it(`${kind}: removes all of a user's live sessions but one, once, and forgets removed and expired ones`, async () => {
      const store = make();
      const hour = Date.now() + 3_600_000;
      for (const tokenHash of ['a1', 'a2', 'a3']) await store.save({ tokenHash, userId: 'ann', expiresAt: hour });
      await store.save({ tokenHash: 'a-soon', userId: 'ann', expiresAt: Date.now() + 150 });
      await store.save({ tokenHash: 'b1', userId: 'bob', expiresAt: hour });
      await store.remove('a3');
      await sleep(300);

      const [first, second] = await Promise.all([store.removeAllOfUser('ann', 'a2'), store.removeAllOfUser('ann', 'a2')]);
      assert.deepEqual([...first, ...second], ['a1'], 'a removed or expired session is not counted, a racing call counts none twice');
      assert.equal(await store.find('a1'), undefined);
      assert.equal((await store.find('a2'))?.userId, 'ann', 'the kept session stays');
      assert.equal((await store.find('b1'))?.userId, 'bob');
      assert.deepEqual(await store.removeAllOfUser('ann'), ['a2']);
      assert.equal(await store.find('a2'), undefined);
      assert.deepEqual(await store.removeAllOfUser('nobody'), []);
    });
  }

  it("redis: a user's index expires with their last session and is gone once they have none", async () => {
    const store = new RedisSessionStore(redis, 'ix:s:', 'ix:u:');
    await store.save({ tokenHash: 'late', userId: 'cat', expiresAt: Date.now() + 60_000 });
    await store.save({ tokenHash: 'early', userId: 'cat', expiresAt: Date.now() + 20_000 });
    const ttl = await redis.pttl('ix:u:cat');
    assert.ok(ttl > 50_000 && ttl <= 60_000, `the index lives as long as the last session: ${ttl} ms`);
    await store.remove('early');
    assert.deepEqual(await redis.zrange('ix:u:cat', 0, -1), ['late']);
    await store.remove('late');
    assert.equal(await redis.exists('ix:u:cat'), 0);
  });
});
