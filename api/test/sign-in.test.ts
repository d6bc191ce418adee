import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { RunningApi } from '../src/app/server';
import { gql, GqlResult } from './support/graphql';
import { onEveryBackend } from './support/matrix';

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { token user { nickname } } }`;
const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { token user { nickname } } }`;
const PASSWORD = 'right-password';
const codeOf = (result: GqlResult) => (result.errors ? result.errors[0].extensions?.code : 'OK');
const count = (codes: (string | undefined)[]) => codes.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c ?? '?']: (acc[c ?? '?'] ?? 0) + 1 }), {});

onEveryBackend('sign-in protection', (fixture) => {
  let api: RunningApi;
  let n = 0;
  /** A login from `address` (X-Forwarded-For, trusted from loopback here). */
  const login = (nickname: string, password: string, address = '203.0.113.1') =>
    gql(api.url, LOGIN, { input: { nickname, password } }, undefined, { 'x-forwarded-for': address });
  const signUp = async (name: string, address = '198.51.100.1') => {
    const nickname = `${name}${++n}`;
    const result = await gql(api.url, REGISTER, { input: { nickname, password: PASSWORD } }, undefined, { 'x-forwarded-for': address });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return nickname;
  };

  before(async () => {
    api = await fixture.api({ TRUST_PROXY: 'loopback', LOGIN_MAX_FAILURES: '5', REGISTER_RATE_LIMIT: '5' });
  });

  it('a burst of 40 wrong passwords and the right one, sent at once, gets no more tries than one at a time', async () => {
    const victim = await signUp('burst');
    const codes = (await Promise.all([
      ...Array.from({ length: 40 }, (_, i) => login(victim, `wrong-${i}`)),
      login(victim, PASSWORD),
    ])).map(codeOf);
    const tally = count(codes);
    assert.ok((tally.INVALID_CREDENTIALS ?? 0) + (tally.OK ?? 0) <= 5, `at most 5 attempts checked: ${JSON.stringify(tally)}`);
    assert.ok((tally.RATE_LIMITED ?? 0) >= 36, JSON.stringify(tally));
  });

  it('a locked nickname stays locked however it is spaced or written; a free one signs in spaced', async () => {
    const name = await signUp('spaced');
    assert.equal(codeOf(await login(` ${name}\u3000`, PASSWORD, '203.0.113.2')), 'OK', 'spaces around a nickname are not part of it');
    for (let i = 0; i < 5; i++) assert.equal(codeOf(await login(name, 'wrong-password', '203.0.113.3')), 'INVALID_CREDENTIALS');
    for (const variant of [` ${name}`, `${name} `, `\t${name}`, `${name}\u00a0`, `\u3000${name}`, name.toUpperCase()]) {
      assert.equal(codeOf(await login(variant, 'wrong-password', '203.0.113.3')), 'RATE_LIMITED', JSON.stringify(variant));
    }
    assert.equal(codeOf(await login(` ${name} `, PASSWORD, '203.0.113.3')), 'RATE_LIMITED', 'even the right password waits');
  });

  it("someone guessing from elsewhere does not lock the owner out", async () => {
    const owner = await signUp('owner');
    for (let i = 0; i < 5; i++) assert.equal(codeOf(await login(owner, `guess-${i}`, '203.0.113.66')), 'INVALID_CREDENTIALS');
    assert.equal(codeOf(await login(owner, 'guess-again', '203.0.113.66')), 'RATE_LIMITED', 'the guesser is stopped');
    const mine = await login(owner, PASSWORD, '192.0.2.10');
    assert.equal(codeOf(mine), 'OK', JSON.stringify(mine.errors));
  });

  it('one address can only sign up so many accounts at once; another address still can', async () => {
    const codes = (await Promise.all(Array.from({ length: 12 }, (_, i) =>
      gql(api.url, REGISTER, { input: { nickname: `many${i}x${n}`, password: PASSWORD } }, undefined, { 'x-forwarded-for': '203.0.113.99' }))))
      .map(codeOf);
    const tally = count(codes);
    assert.equal(tally.OK, 5, JSON.stringify(tally));
    assert.equal(tally.RATE_LIMITED, 7, JSON.stringify(tally));
    await signUp('elsewhere', '203.0.113.100');
  });
});
