import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { RunningApi } from '../src/app/server';
import { startTestApi } from './support/api';
import { realtime, Realtime } from './support/graphql';
import { eventually, LiveUser } from './support/live-client';
import { TestPeer } from './support/peer';

const PRESENCE = 'subscription { presenceChanged { online user { nickname avatarUrl } } }';
const LIVES = 'subscription { livesChanged { type live { id title status viewerCount presenter { nickname } } } }';

type Subscription = ReturnType<LiveUser['subscribe']>;
const refused = (sub: Subscription) => JSON.stringify(sub.errors).includes('TOO_MANY_SUBSCRIPTIONS');

/** Counts the SQL statements the api sends from now on (a spy on its connection; the statements still run). */
function countQueries(api: RunningApi): { readonly count: number; stop(): void } {
  const connection = api.services.orm.em.getConnection() as unknown as { execute: (...args: unknown[]) => Promise<unknown> };
  const original = connection.execute;
  let count = 0;
  connection.execute = function (this: unknown, ...args: unknown[]) {
    count += 1;
    return original.apply(this, args);
  };
  return { get count() { return count; }, stop: () => { connection.execute = original; } };
}

describe('realtime limits and cheap fan-out', () => {
  const apis: RunningApi[] = [];
  const sockets: Realtime[] = [];
  const peers: TestPeer[] = [];
  after(async () => {
    await Promise.allSettled(peers.map((p) => p.close()));
    await Promise.allSettled(sockets.map((s) => s.dispose()));
    await Promise.allSettled(apis.map((api) => api.close()));
  });
  const start = async (env: Record<string, string>) => { const api = await startTestApi(env); apis.push(api); return api; };
  const register = async (api: RunningApi, nickname: string) => {
    const user = await LiveUser.register(api, nickname);
    sockets.push(user.ws);
    return user;
  };

  it('refuses operations past the cap on one connection (TOO_MANY_SUBSCRIPTIONS); the connection stays usable', async () => {
    const api = await start({ REALTIME_MAX_SUBSCRIPTIONS: '5' });
    const ann = await register(api, 'ann');
    const subs = Array.from({ length: 8 }, () => ann.subscribe(PRESENCE));
    await eventually('three refused', async () => subs.filter(refused).length, (n) => n === 3);
    const accepted = subs.filter((sub) => !refused(sub));
    assert.equal(accepted.length, 5);

    accepted[0].unsubscribe();
    const again = ann.subscribe(PRESENCE);
    await register(api, 'bob');
    const seen = await again.next((e) => e.presenceChanged.user.nickname === 'bob');
    assert.equal(seen.presenceChanged.online, true);
    for (const sub of accepted.slice(1)) await sub.next((e) => e.presenceChanged.user.nickname === 'bob');
    assert.equal(refused(again), false);
  });

  it('closes a connection past the per-user or per-address cap with 4429, and frees the slot on close', async () => {
    const api = await start({ REALTIME_MAX_CONNECTIONS_PER_USER: '2', REALTIME_MAX_CONNECTIONS_PER_ADDRESS: '4' });
    const ann = await register(api, 'ann');
    const second = await ann.newTab();
    sockets.push(second.ws);
    const third = realtime(api.url, ann.token);
    sockets.push(third);
    assert.equal((await third.closed).code, 4429);
    await assert.rejects(third.connected);

    await second.ws.dispose();
    const fourth = await eventually('a slot once a tab closed', async () => {
      const socket = realtime(api.url, ann.token);
      sockets.push(socket);
      return socket.connected.then(() => socket, () => null);
    }, (socket) => socket !== null);
    assert.ok(fourth);

    // Two of ann's, then anonymous ones from the same address: two more fit.
    const anonymous = [realtime(api.url), realtime(api.url)];
    sockets.push(...anonymous);
    await Promise.all(anonymous.map((socket) => socket.connected));
    const over = realtime(api.url);
    sockets.push(over);
    assert.equal((await over.closed).code, 4429);
  });

  it('delivers presenceChanged and livesChanged to every subscriber without a database read per subscriber', async () => {
    const SUBSCRIBERS = 40;
    const api = await start({ REALTIME_MAX_SUBSCRIPTIONS: String(2 * SUBSCRIBERS) });
    const watcher = await register(api, 'watcher');
    const presence = Array.from({ length: SUBSCRIBERS }, () => watcher.subscribe(PRESENCE));
    const lives = Array.from({ length: SUBSCRIBERS }, () => watcher.subscribe(LIVES));
    // Every subscription is running once one of them delivered an event.
    const warmup = await register(api, 'warmup');
    await Promise.all(presence.map((sub) => sub.next((e) => e.presenceChanged.user.nickname === 'warmup')));

    const pia = await LiveUser.register(api, 'pia'); // registering writes rows: counted from its connection on
    await pia.ws.dispose();
    const queries = countQueries(api);
    try {
      const tab = realtime(api.url, pia.token);
      sockets.push(tab);
      await tab.connected;
      await Promise.all(presence.map((sub) => sub.next((e) => e.presenceChanged.user.nickname === 'pia' && e.presenceChanged.online)));
      assert.ok(queries.count < SUBSCRIBERS / 4, `${queries.count} statements for one presence event to ${SUBSCRIBERS} subscribers`);

      const before = queries.count;
      const peer = new TestPeer('presenter');
      peers.push(peer);
      const result = await warmup.goLive(await peer.offer(), undefined, 'Fan-out');
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      const events = await Promise.all(lives.map((sub) => sub.next((e) => e.livesChanged.type === 'STARTED')));
      const own = queries.count - before;
      assert.ok(own > 0, 'the spy sees the statements going live writes');
      assert.ok(own < SUBSCRIBERS / 4, `${own} statements for going live and telling ${SUBSCRIBERS} subscribers`);
      for (const event of events) {
        assert.deepEqual(
          { ...event.livesChanged.live, id: undefined },
          { id: undefined, title: 'Fan-out', status: 'LIVE', viewerCount: 0, presenter: { nickname: 'warmup' } },
        );
      }
    } finally {
      queries.stop();
    }
  });
});
