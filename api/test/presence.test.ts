import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { RunningApi } from '../src/app/server';
import { gql, realtime, subscribe } from './support/graphql';
import { onEveryBackend } from './support/matrix';

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { token user { id nickname } } }`;
const ONLINE = `{ onlineUsers { id nickname online } }`;
const PRESENCE = `subscription { presenceChanged { online at user { id nickname online } } }`;

async function register(api: RunningApi, nickname: string) {
  const result = await gql(api.url, REGISTER, { input: { nickname, password: 'password1' } });
  assert.equal(result.errors, undefined);
  return result.data!.register as { token: string; user: { id: string; nickname: string } };
}

const onlineNicknames = async (api: RunningApi, token: string) =>
  ((await gql(api.url, ONLINE, {}, token)).data!.onlineUsers as { nickname: string }[]).map((u) => u.nickname);

onEveryBackend('presence', (fx) => {
  it('counts two connections of one user once and tells a watcher each transition once', async () => {
    const api = await fx.api();
    const watcher = await register(api, 'watcher');
    const ann = await register(api, 'ann');
    const watch = realtime(api.url, watcher.token);
    await watch.connected;
    const feed = subscribe(watch.client, PRESENCE);
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the subscription reach the server

    const tab1 = realtime(api.url, ann.token);
    await tab1.connected;
    const online = await feed.next((e) => e.presenceChanged.user.id === ann.user.id);
    assert.equal(online.presenceChanged.online, true);
    assert.equal(online.presenceChanged.user.online, true);
    assert.ok(Math.abs(Date.parse(online.presenceChanged.at) - Date.now()) < 10_000);

    const tab2 = realtime(api.url, ann.token);
    await tab2.connected;
    assert.deepEqual(await onlineNicknames(api, watcher.token), ['ann', 'watcher']);

    await tab1.dispose();
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(await onlineNicknames(api, watcher.token), ['ann', 'watcher'], 'one tab closed, still online');

    await tab2.dispose();
    const offline = await feed.next((e) => e.presenceChanged.user.id === ann.user.id);
    assert.equal(offline.presenceChanged.online, false);
    assert.equal(offline.presenceChanged.user.online, false);
    assert.deepEqual(await onlineNicknames(api, watcher.token), ['watcher']);

    const annEvents = feed.events.filter((e) => e.presenceChanged.user.id === ann.user.id).map((e) => e.presenceChanged.online);
    assert.deepEqual(annEvents, [true, false], 'exactly one online and one offline event');
    assert.deepEqual(feed.errors, []);
    await watch.dispose();
  });

  it('does not count anonymous or HTTP-only clients as online, and refuses anonymous subscriptions', async () => {
    const api = await fx.api();
    const viewer = await register(api, 'viewer');
    const anon = realtime(api.url);
    await anon.connected;
    const feed = subscribe(anon.client, PRESENCE);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(feed.events.length, 0);
    assert.match(JSON.stringify(feed.errors), /UNAUTHENTICATED/);
    assert.deepEqual(await onlineNicknames(api, viewer.token), [], 'signed in over HTTP only: not online');
    await anon.dispose();
  });

  it('marks users offline when the server shuts down gracefully', async () => {
    const api = await fx.api();
    const u = await register(api, 'leaver');
    const ws = realtime(api.url, u.token);
    await ws.connected;
    assert.equal(await api.services.presence.isOnline(u.user.id), true);
    const isOnline = api.services.presence.isOnline.bind(api.services.presence);
    const closedPromise = ws.closed;
    const presenceAfter = api.close().then(() => undefined);
    assert.equal((await closedPromise).code, 1001);
    await presenceAfter;
    if (fx.backend.name.startsWith('mariadb')) {
      // The shared store outlives this node: it must not still count the closed connection.
      const other = await fx.api();
      assert.equal(await other.services.presence.isOnline(u.user.id), false);
    } else {
      assert.equal(await isOnline(u.user.id), false);
    }
    await ws.dispose();
  });
});
