import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningApi } from '../src/app/server';
import { startTestApi, tempDir } from './support/api';
import { productionBackend } from './support/backends';
import { gql, realtime, subscribe } from './support/graphql';

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { token user { id nickname } } }`;

describe('two api nodes sharing MariaDB and Redis', () => {
  let backend: Awaited<ReturnType<typeof productionBackend>>;
  let a: RunningApi;
  let b: RunningApi;

  before(async () => {
    backend = await productionBackend(tempDir);
    const env = backend.env();
    a = await startTestApi({ ...env, NODE_ID: 'node-a' });
    b = await startTestApi({ ...env, DATA_DIR: tempDir(), NODE_ID: 'node-b' });
  });
  after(async () => {
    await Promise.allSettled([a?.close(), b?.close()]);
    await backend?.stop();
  });

  it('shares accounts, sessions, presence events and revocation across nodes', async () => {
    const watcher = (await gql(b.url, REGISTER, { input: { nickname: 'on-b', password: 'password1' } })).data!.register;
    const mover = (await gql(a.url, REGISTER, { input: { nickname: 'on-a', password: 'password1' } })).data!.register;
    assert.equal((await gql(b.url, '{ me { nickname } }', {}, mover.token)).data!.me.nickname, 'on-a', 'a token from node A works on B');

    const watch = realtime(b.url, watcher.token);
    await watch.connected;
    const feed = subscribe(watch.client, 'subscription { presenceChanged { online user { nickname } } }');
    await new Promise((resolve) => setTimeout(resolve, 300));

    const onA = realtime(a.url, mover.token);
    await onA.connected;
    const online = await feed.next((e) => e.presenceChanged.user.nickname === 'on-a');
    assert.equal(online.presenceChanged.online, true, 'B hears that a user connected to A came online');
    const list = await gql(b.url, '{ onlineUsers { nickname } }', {}, watcher.token);
    assert.deepEqual(list.data!.onlineUsers.map((u: { nickname: string }) => u.nickname), ['on-a', 'on-b']);

    const alsoOnB = realtime(b.url, mover.token);
    await alsoOnB.connected;
    await gql(b.url, 'mutation { logout }', {}, mover.token);
    assert.equal((await onA.closed).code, 4401, 'logout on B closes the connection held by A');
    assert.equal((await alsoOnB.closed).code, 4401);
    const offline = await feed.next((e) => e.presenceChanged.user.nickname === 'on-a');
    assert.equal(offline.presenceChanged.online, false);
    await Promise.all([watch.dispose(), onA.dispose(), alsoOnB.dispose()]);
  });
});
