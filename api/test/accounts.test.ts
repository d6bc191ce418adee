import assert from 'node:assert/strict';
import { it } from 'node:test';
import { errorCode, gql, realtime } from './support/graphql';
import { onEveryBackend } from './support/matrix';

const REGISTER = `mutation ($input: RegisterInput!) {
  register(input: $input) { token expiresAt user { id nickname avatarUrl createdAt } } }`;
const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { token expiresAt user { id nickname } } }`;
const ME = `{ me { id nickname avatarUrl online } }`;
const LOGOUT = `mutation { logout }`;

onEveryBackend('accounts', (fx) => {
  it('registers, signs in, answers me, and logs out', async () => {
    const api = await fx.api();
    const reg = await gql(api.url, REGISTER, { input: { nickname: 'Ann Lee', password: 'correct horse', avatarUrl: 'https://example.test/a.png' } });
    assert.equal(reg.errors, undefined);
    const { token, user } = reg.data!.register;
    assert.match(token, /^[A-Za-z0-9_-]{40,}$/);
    assert.equal(user.nickname, 'Ann Lee');
    assert.ok(new Date(reg.data!.register.expiresAt).getTime() > Date.now());

    const me = await gql(api.url, ME, {}, token);
    assert.deepEqual(me.data!.me, { id: user.id, nickname: 'Ann Lee', avatarUrl: 'https://example.test/a.png', online: false });

    const login = await gql(api.url, LOGIN, { input: { nickname: 'ann lee', password: 'correct horse' } });
    assert.equal(login.data!.login.user.id, user.id, 'nickname matches ignoring case');
    const second = login.data!.login.token;
    assert.notEqual(second, token);

    assert.equal((await gql(api.url, LOGOUT, {}, token)).data!.logout, true);
    assert.equal(errorCode(await gql(api.url, ME, {}, token)), 'UNAUTHENTICATED', 'the revoked token no longer works');
    assert.equal((await gql(api.url, ME, {}, second)).data!.me.id, user.id, 'the other session is untouched');
  });

  it('stores the user row with a password hash, never the password', async () => {
    const api = await fx.api();
    await gql(api.url, REGISTER, { input: { nickname: 'rowcheck', password: 'plain text pw' } });
    const rows = await api.services.orm.em.fork().getConnection()
      .execute('select nickname, nickname_key, password_hash from users');
    assert.equal(rows.length, 1);
    assert.equal(rows[0].nickname_key, 'rowcheck');
    assert.match(rows[0].password_hash, /^scrypt\$32768\$8\$1\$/);
    assert.ok(!String(rows[0].password_hash).includes('plain text pw'));
  });

  it('refuses a nickname already taken, ignoring case, and writes nothing', async () => {
    const api = await fx.api();
    assert.equal((await gql(api.url, REGISTER, { input: { nickname: 'Zhang Wei', password: 'password1' } })).errors, undefined);
    const dup = await gql(api.url, REGISTER, { input: { nickname: 'ZHANG wei', password: 'password2' } });
    assert.equal(errorCode(dup), 'NICKNAME_TAKEN');
    const [{ n }] = await api.services.orm.em.fork().getConnection().execute('select count(*) as n from users');
    assert.equal(Number(n), 1);
  });

  it('registers concurrently with one winner when two race for a nickname', async () => {
    const api = await fx.api();
    const results = await Promise.all([1, 2, 3].map((i) =>
      gql(api.url, REGISTER, { input: { nickname: 'racer', password: `password${i}` } })));
    assert.equal(results.filter((r) => !r.errors).length, 1);
    assert.deepEqual(results.filter((r) => r.errors).map(errorCode), ['NICKNAME_TAKEN', 'NICKNAME_TAKEN']);
  });

  it('validates input with BAD_USER_INPUT and field details', async () => {
    const api = await fx.api();
    const cases = [
      { nickname: 'a', password: 'password1' },
      { nickname: 'x'.repeat(33), password: 'password1' },
      { nickname: 'bad\u0000name', password: 'password1' },
      { nickname: ' padded', password: 'password1' },
      { nickname: 'shortpw', password: 'short' },
      { nickname: 'avatar', password: 'password1', avatarUrl: 'javascript:alert(1)' },
    ];
    for (const input of cases) {
      const result = await gql(api.url, REGISTER, { input });
      assert.equal(errorCode(result), 'BAD_USER_INPUT', JSON.stringify(input));
      assert.ok(Array.isArray(result.errors![0].extensions!.fields));
    }
    const chinese = await gql(api.url, REGISTER, { input: { nickname: '小明', password: 'password1' } });
    assert.equal(chinese.data!.register.user.nickname, '小明');
    const wrongType = await gql(api.url, REGISTER, { input: { nickname: 5, password: 'password1' } });
    assert.equal(errorCode(wrongType), 'BAD_USER_INPUT');
  });

  it('tells a wrong password and an unknown nickname apart from nothing', async () => {
    const api = await fx.api();
    await gql(api.url, REGISTER, { input: { nickname: 'bob', password: 'password1' } });
    assert.equal(errorCode(await gql(api.url, LOGIN, { input: { nickname: 'bob', password: 'wrongpass' } })), 'INVALID_CREDENTIALS');
    assert.equal(errorCode(await gql(api.url, LOGIN, { input: { nickname: 'nobody', password: 'password1' } })), 'INVALID_CREDENTIALS');
  });

  it('rate-limits repeated failed logins per nickname, then lets the right password in after the window', async () => {
    const api = await fx.api({ LOGIN_MAX_FAILURES: '3', LOGIN_WINDOW_SECONDS: '2' });
    await gql(api.url, REGISTER, { input: { nickname: 'carol', password: 'password1' } });
    for (let i = 0; i < 3; i++) {
      assert.equal(errorCode(await gql(api.url, LOGIN, { input: { nickname: 'carol', password: 'nope-nope' } })), 'INVALID_CREDENTIALS');
    }
    const limited = await gql(api.url, LOGIN, { input: { nickname: 'Carol', password: 'password1' } });
    assert.equal(errorCode(limited), 'RATE_LIMITED', 'even the right password waits');
    assert.ok(Number(limited.errors![0].extensions!.retryAfterSeconds) >= 1);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    assert.equal((await gql(api.url, LOGIN, { input: { nickname: 'carol', password: 'password1' } })).errors, undefined);
  });

  it('rejects an expired token over HTTP and closes a realtime connection when it expires', async () => {
    const api = await fx.api({ SESSION_TTL_SECONDS: '1' });
    const { token } = (await gql(api.url, REGISTER, { input: { nickname: 'dave', password: 'password1' } })).data!.register;
    const ws = realtime(api.url, token);
    await ws.connected;
    const closed = await ws.closed;
    assert.equal(closed.code, 4401);
    assert.equal(errorCode(await gql(api.url, ME, {}, token)), 'UNAUTHENTICATED');
    await ws.dispose();
  });

  it('rejects garbage and revoked tokens: HTTP UNAUTHENTICATED, graphql-ws close 4401', async () => {
    const api = await fx.api();
    assert.equal(errorCode(await gql(api.url, ME, {}, 'not-a-token')), 'UNAUTHENTICATED');
    const bad = realtime(api.url, 'not-a-token');
    assert.equal((await bad.closed).code, 4401);
    await bad.dispose();

    const { token } = (await gql(api.url, REGISTER, { input: { nickname: 'erin', password: 'password1' } })).data!.register;
    const live = realtime(api.url, token);
    await live.connected;
    await gql(api.url, LOGOUT, {}, token);
    assert.equal((await live.closed).code, 4401, 'logout closes the open realtime connection');
    const after = realtime(api.url, token);
    assert.equal((await after.closed).code, 4401);
    await Promise.all([live.dispose(), after.dispose()]);
  });

  it('asks for a session on protected operations and never leaks internals', async () => {
    const api = await fx.api();
    assert.equal(errorCode(await gql(api.url, ME)), 'UNAUTHENTICATED');
    assert.equal(errorCode(await gql(api.url, LOGOUT)), 'UNAUTHENTICATED');
    assert.equal(errorCode(await gql(api.url, '{ onlineUsers { id } }')), 'UNAUTHENTICATED');
    const syntax = await gql(api.url, '{ me { id ');
    assert.equal(errorCode(syntax), 'GRAPHQL_PARSE_FAILED');
    const unknown = await gql(api.url, '{ nothingHere }');
    assert.equal(errorCode(unknown), 'GRAPHQL_VALIDATION_FAILED');
    for (const result of [syntax, unknown]) assert.ok(!JSON.stringify(result).includes('stacktrace'));
  });
});
