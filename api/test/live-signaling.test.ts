import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { RunningApi } from '../src/app/server';
import { startTestApi } from './support/api';
import { errorCode } from './support/graphql';
import { eventually, LiveUser, LIVE_EVENTS, mediaObjects, withoutCandidates } from './support/live-client';
import { TestPeer } from './support/peer';

type MediaFeed = ReturnType<LiveUser['mediaEvents']>;
const STOP = `mutation ($id: ID!) { stopLive(liveId: $id) { id status endedAt } }`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for the first server candidate, lets the rest trickle in, returns them all. */
async function serverCandidates(feed: MediaFeed) {
  await feed.next((e) => e.mediaSessionEvents.type === 'ICE_CANDIDATE', 10_000);
  await pause(300);
  return feed.events.map((e) => e.mediaSessionEvents).filter((e) => e.type === 'ICE_CANDIDATE');
}

function assertContiguous(feed: MediaFeed) {
  const seqs = feed.events.map((e) => e.mediaSessionEvents.seq);
  assert.deepEqual(seqs, seqs.map((_, i) => i + 1), 'each event once, in order, no gap');
}

describe('live signaling (werift peers standing in for browsers)', () => {
  let api: RunningApi;
  const peers: TestPeer[] = [];
  const users: LiveUser[] = [];
  const peer = (role: 'presenter' | 'viewer') => { const p = new TestPeer(role); peers.push(p); return p; };
  const user = async (nickname: string) => { const u = await LiveUser.register(api, nickname); users.push(u); return u; };

  /** Goes live (no liveId) or watches, in the usual order, until ICE is connected. */
  async function connect(u: LiveUser, liveId?: string) {
    const pc = peer(liveId ? 'viewer' : 'presenter');
    const id = randomUUID();
    const feed = u.mediaEvents(id);
    const offer = await pc.offer();
    const result = liveId ? await u.watch(liveId, offer, id) : await u.goLive(offer, id);
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const payload = result.data!.goLive ?? result.data!.watchLive;
    await pc.answer(withoutCandidates(payload.answer));
    await pc.gatheringDone;
    for (const candidate of pc.localCandidates) await u.addCandidate(id, candidate);
    for (const event of await serverCandidates(feed)) await pc.addRemoteCandidate(event.candidate!);
    await pc.connected();
    return { pc, id, feed, liveId: payload.live.id as string };
  }
  const startLive = (presenter: LiveUser) => connect(presenter);
  const watch = (viewer: LiveUser, liveId: string) => connect(viewer, liveId);

  // A presenter whose connection drops has a short grace period to come back (live-reconnect tests it whole).
  before(async () => { api = await startTestApi({ LIVE_RECONNECT_GRACE_SECONDS: '1' }); });
  after(async () => {
    await Promise.allSettled(peers.map((p) => p.close()));
    await Promise.allSettled(users.map((u) => u.ws.dispose()));
    await api?.close();
  });

  it('loses no candidate: browser candidates before the offer, subscription after the server gathered', async () => {
    const ann = await user('ann');
    const pc = peer('presenter');
    const offer = await pc.offer();
    await pc.gatheringDone;
    assert.ok(pc.localCandidates.length > 0);
    const id = randomUUID();
    for (const candidate of pc.localCandidates) assert.equal((await ann.addCandidate(id, candidate)).errors, undefined);

    const live = await ann.goLive(offer, id);
    assert.equal(live.errors, undefined, JSON.stringify(live.errors));
    assert.equal(live.data!.goLive.mediaSessionId, id);
    assert.equal(live.data!.goLive.live.status, 'LIVE');
    assert.equal(live.data!.goLive.live.presenter.nickname, 'ann');
    await pc.answer(withoutCandidates(live.data!.goLive.answer));
    await pause(500); // the server has gathered and published before anyone listens

    const feed = ann.mediaEvents(id);
    for (const event of await serverCandidates(feed)) await pc.addRemoteCandidate(event.candidate!);
    await pc.connected();
    assertContiguous(feed);
    assert.equal(feed.events[0].mediaSessionEvents.seq, 1, 'the late subscription replayed from the first candidate');

    const stopped = await ann.gql(STOP, { id: live.data!.goLive.live.id });
    assert.equal(stopped.data!.stopLive.status, 'ENDED');
    await feed.next((e) => e.mediaSessionEvents.type === 'ENDED');
  });

  it('loses no candidate: subscription first, browser candidates after the answer, one by one while connecting', async () => {
    const bob = await user('bob');
    const { liveId, feed } = await startLive(bob);
    assertContiguous(feed);
    assert.equal((await bob.gql(STOP, { id: liveId })).errors, undefined);
  });

  it('tells the presenter who joins and leaves, counts distinct viewers, and releases everything on stop', async () => {
    const carol = await user('carol');
    const { liveId, feed: presenterFeed } = await startLive(carol);
    const audience = carol.subscribe(LIVE_EVENTS, { id: liveId });
    await pause(200);
    const viewers = await Promise.all(['v1', 'v2', 'v3'].map(user));
    const sessions = [];
    for (const viewer of viewers) sessions.push(await watch(viewer, liveId));
    for (const nickname of ['v1', 'v2', 'v3']) {
      const joined = await audience.next((e) => e.liveEvents.type === 'VIEWER_JOINED' && e.liveEvents.viewer.nickname === nickname);
      assert.ok(Date.parse(joined.liveEvents.at) > 0);
    }
    assert.equal(audience.events.at(-1)!.liveEvents.viewerCount, 3);
    const view = await carol.gql(`query ($id: ID!) { live(id: $id) { viewerCount viewers { user { nickname } joinedAt } } }`, { id: liveId });
    assert.deepEqual(view.data!.live.viewers.map((v: { user: { nickname: string } }) => v.user.nickname).sort(), ['v1', 'v2', 'v3']);
    assert.equal(view.data!.live.viewerCount, 3);
    const peek = await viewers[0].gql(`query ($id: ID!) { live(id: $id) { viewers { joinedAt } } }`, { id: liveId });
    assert.equal(errorCode(peek), 'FORBIDDEN', 'only the presenter sees who is watching');
    // Nor do the events tell anyone else: a viewer's feed has the counts, not who.
    const crowd = viewers[2].subscribe(LIVE_EVENTS, { id: liveId });
    await pause(200);
    const latecomer = await user('v4');
    const latecomerSession = await watch(latecomer, liveId);
    const seenByViewer = await crowd.next((e) => e.liveEvents.type === 'VIEWER_JOINED');
    assert.deepEqual([seenByViewer.liveEvents.viewer, seenByViewer.liveEvents.viewerCount], [null, 4]);
    const seenByPresenter = await audience.next((e) => e.liveEvents.type === 'VIEWER_JOINED');
    assert.equal(seenByPresenter.liveEvents.viewer.nickname, 'v4');
    await latecomer.gql(`mutation ($id: ID!) { leaveLive(mediaSessionId: $id) }`, { id: latecomerSession.id });
    await audience.next((e) => e.liveEvents.type === 'VIEWER_LEFT' && e.liveEvents.viewer.nickname === 'v4');
    crowd.unsubscribe();

    assert.equal((await viewers[0].gql(`mutation ($id: ID!) { leaveLive(mediaSessionId: $id) }`, { id: sessions[0].id })).data!.leaveLive, true);
    const left = await audience.next((e) => e.liveEvents.type === 'VIEWER_LEFT');
    assert.deepEqual([left.liveEvents.viewer.nickname, left.liveEvents.viewerCount], ['v1', 2]);
    await sessions[0].feed.next((e) => e.mediaSessionEvents.type === 'ENDED');

    await viewers[1].ws.dispose(); // a viewer's connection drops
    const dropped = await audience.next((e) => e.liveEvents.type === 'VIEWER_LEFT');
    assert.deepEqual([dropped.liveEvents.viewer.nickname, dropped.liveEvents.viewerCount], ['v2', 1]);

    const before = await mediaObjects(api);
    assert.ok(before >= 4, `pipeline, presenter, recorder, viewer: ${before}`);
    assert.equal((await carol.gql(STOP, { id: liveId })).errors, undefined);
    const ended = await sessions[2].feed.next((e) => e.mediaSessionEvents.type === 'ENDED');
    assert.equal(ended.mediaSessionEvents.reason, 'live-ended');
    await presenterFeed.next((e) => e.mediaSessionEvents.type === 'ENDED');
    await eventually('media objects after stop', () => mediaObjects(api), (n) => n === 0);

    const again = await carol.gql(STOP, { id: liveId });
    assert.equal(errorCode(again), 'LIVE_ENDED', 'a second stop is a clear error');
    assert.equal(errorCode(await viewers[2].watch(liveId, await peer('viewer').offer())), 'LIVE_ENDED');
  });

  it('ends the live for everyone when the presenter connection drops', async () => {
    const dan = await user('dan');
    const eve = await user('eve');
    const { liveId } = await startLive(dan);
    const audience = eve.subscribe(LIVE_EVENTS, { id: liveId });
    const viewer = await watch(eve, liveId);
    await dan.ws.dispose();
    await audience.next((e) => e.liveEvents.type === 'PRESENTER_AWAY');
    const ended = await audience.next((e) => e.liveEvents.type === 'LIVE_ENDED');
    assert.equal(ended.liveEvents.reason, 'presenter-disconnected');
    await viewer.feed.next((e) => e.mediaSessionEvents.type === 'ENDED');
    await eventually('media objects', () => mediaObjects(api), (n) => n === 0);
    const row = await eve.gql(`query ($id: ID!) { live(id: $id) { status endedAt } }`, { id: liveId });
    assert.equal(row.data!.live.status, 'ENDED');
    assert.ok(row.data!.live.endedAt);
  });

  it('lets a join racing a stop leave nothing behind', async () => {
    const mo = await user('mo');
    const fans = await Promise.all(['f1', 'f2', 'f3'].map(user));
    for (let round = 0; round < 3; round++) {
      const { liveId } = await startLive(mo);
      const offers = await Promise.all(fans.map(() => peer('viewer').offer()));
      const [stop, ...joins] = await Promise.all([
        mo.gql(STOP, { id: liveId }),
        ...fans.map((fan, i) => fan.watch(liveId, offers[i])),
      ]);
      assert.equal(stop.errors, undefined);
      for (const join of joins) if (join.errors) assert.equal(errorCode(join), 'LIVE_ENDED');
      await eventually('media objects after the race', () => mediaObjects(api), (n) => n === 0);
    }
  });

  it('keeps chat with the live: validated, rate-limited, delivered, and listed', async () => {
    const fay = await user('fay');
    const gus = await user('gus');
    const { liveId } = await startLive(fay);
    const audience = fay.subscribe(LIVE_EVENTS, { id: liveId });
    await pause(200);
    const send = (u: LiveUser, text: string) => u.gql(`mutation ($id: ID!, $t: String!) { sendChatMessage(liveId: $id, text: $t) { id text author { nickname } } }`, { id: liveId, t: text });
    assert.equal((await send(gus, '  hello 你好  ')).data!.sendChatMessage.text, 'hello 你好');
    const heard = await audience.next((e) => e.liveEvents.type === 'CHAT_MESSAGE');
    assert.deepEqual([heard.liveEvents.message.text, heard.liveEvents.message.author.nickname], ['hello 你好', 'gus']);
    assert.equal(errorCode(await send(gus, '   ')), 'BAD_USER_INPUT');
    assert.equal(errorCode(await send(gus, 'x'.repeat(501))), 'BAD_USER_INPUT');
    const burst = [];
    for (let i = 0; i < 6; i++) burst.push(await send(gus, `m${i}`));
    // Five messages per ten seconds: "hello" and m0–m3 pass, m4 and m5 wait.
    assert.deepEqual(burst.map((r) => (r.errors ? errorCode(r) : 'ok')), ['ok', 'ok', 'ok', 'ok', 'RATE_LIMITED', 'RATE_LIMITED']);
    const history = await fay.gql(`query ($id: ID!) { live(id: $id) { chat(last: 3) { text } } }`, { id: liveId });
    assert.deepEqual(history.data!.live.chat.map((m: { text: string }) => m.text), ['m1', 'm2', 'm3']);
    assert.equal((await fay.gql(STOP, { id: liveId })).errors, undefined);
    assert.equal(errorCode(await send(gus, 'too late')), 'LIVE_ENDED');
  });

  it('refuses what a user may not do, with coded errors and nothing left behind', async () => {
    const hal = await user('hal');
    const ivy = await user('ivy');
    const offer = await peer('presenter').offer();
    const rows = async () => Number((await api.services.orm.em.fork().getConnection().execute('select count(*) as n from lives where ended_at is null'))[0].n);
    const openBefore = await rows();

    const anonymous = await fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation ($i: GoLiveInput!) { goLive(input: $i) { answer } }', variables: { i: { title: 't', offer, mediaSessionId: randomUUID() } } }) });
    assert.equal(errorCode(await anonymous.json() as never), 'UNAUTHENTICATED');
    assert.equal(errorCode(await hal.goLive('not sdp at all')), 'BAD_USER_INPUT');
    assert.equal(errorCode(await hal.goLive(`${offer}\r\na=x:${'y'.repeat(70_000)}`)), 'BAD_USER_INPUT');
    assert.equal(errorCode(await hal.goLive(offer, 'not-a-uuid')), 'BAD_USER_INPUT');
    assert.equal(errorCode(await hal.goLive(offer, randomUUID(), '')), 'BAD_USER_INPUT');
    const broken = offer.replace(/a=ice-ufrag:.*\r\n/g, '').replace(/a=fingerprint:.*\r\n/g, '');
    const rejected = await hal.goLive(broken);
    assert.ok(['BAD_USER_INPUT', 'MEDIA_ERROR'].includes(errorCode(rejected)!), JSON.stringify(rejected.errors));
    assert.equal(errorCode(await hal.watch(randomUUID(), offer)), 'NOT_FOUND');
    assert.equal(await rows(), openBefore, 'no live row was written');
    await eventually('media objects', () => mediaObjects(api), (n) => n === 0);

    const { liveId, id } = await startLive(hal);
    assert.equal(errorCode(await hal.goLive(await peer('presenter').offer())), 'ALREADY_LIVE');
    assert.equal(errorCode(await hal.watch(liveId, await peer('viewer').offer())), 'FORBIDDEN', 'the presenter does not watch itself');
    assert.equal(errorCode(await ivy.addCandidate(id, { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' })), 'FORBIDDEN');
    assert.equal(errorCode(await ivy.gql(`mutation ($id: ID!) { leaveLive(mediaSessionId: $id) }`, { id })), 'FORBIDDEN');
    const spy = ivy.mediaEvents(id);
    await pause(300);
    assert.equal(spy.events.length, 0);
    assert.match(JSON.stringify(spy.errors), /FORBIDDEN/);
    assert.equal(errorCode(await ivy.addCandidate(randomUUID(), { candidate: 'rm -rf /' })), 'BAD_USER_INPUT');
    assert.equal(errorCode(await ivy.gql(STOP, { id: liveId })), 'FORBIDDEN');
    assert.equal(errorCode(await ivy.watch(liveId, await peer('viewer').offer(), id)), 'FORBIDDEN', "someone else's session id");
    assert.equal((await hal.gql(STOP, { id: liveId })).errors, undefined);
    await eventually('media objects', () => mediaObjects(api), (n) => n === 0);
  });

  it('lists lives and tells the list about starts, counts and ends', async () => {
    const jo = await user('jo');
    const kim = await user('kim');
    const list = kim.subscribe(`subscription { livesChanged { type live { id title viewerCount status presenter { nickname } } } }`);
    await pause(200);
    const { liveId } = await startLive(jo);
    const started = await list.next((e) => e.livesChanged.type === 'STARTED');
    assert.deepEqual([started.livesChanged.live.id, started.livesChanged.live.presenter.nickname], [liveId, 'jo']);
    const lives = await kim.gql(`{ lives { id title startedAt viewerCount presenter { nickname } } }`);
    assert.deepEqual(lives.data!.lives.map((l: { id: string }) => l.id), [liveId]);
    await watch(kim, liveId);
    const counted = await list.next((e) => e.livesChanged.type === 'VIEWER_COUNT');
    assert.equal(counted.livesChanged.live.viewerCount, 1);
    await jo.gql(STOP, { id: liveId });
    const ended = await list.next((e) => e.livesChanged.type === 'ENDED');
    assert.equal(ended.livesChanged.live.status, 'ENDED');
    assert.deepEqual((await kim.gql(`{ lives { id } }`)).data!.lives, []);
  });

  it('returns ICE servers from the server with short-lived TURN credentials', async () => {
    const local = await user('lee');
    assert.deepEqual((await local.gql(`{ iceServers { urls username credential } }`)).data!.iceServers, [], 'none by default');
    const turnApi = await startTestApi({ STUN_URLS: 'stun:127.0.0.1:3478', TURN_URLS: 'turn:127.0.0.1:3478?transport=udp', TURN_SECRET: 's3cret', TURN_TTL_SECONDS: '600' });
    try {
      const u = await LiveUser.register(turnApi, 'turner');
      const servers = (await u.gql(`{ iceServers { urls username credential } }`)).data!.iceServers;
      assert.deepEqual(servers[0], { urls: ['stun:127.0.0.1:3478'], username: null, credential: null });
      const [expiry, userId] = servers[1].username.split(':');
      assert.equal(userId, u.id);
      assert.ok(Math.abs(Number(expiry) - (Date.now() / 1000 + 600)) < 5);
      const { createHmac } = await import('node:crypto');
      assert.equal(servers[1].credential, createHmac('sha1', 's3cret').update(servers[1].username).digest('base64'));
      await u.ws.dispose();
    } finally {
      await turnApi.close();
    }
  });
});
