import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import type { RunningApi } from '../src/app/server';
import { startTestApi } from './support/api';
import { errorCode, GqlResult } from './support/graphql';
import { LiveUser } from './support/live-client';
import { TestPeer } from './support/peer';
import { CALL_USER, CANCEL, dial, ok as callOk } from './support/call-client';

const STOP = `mutation ($id: ID!) { stopLive(liveId: $id) { id } }`;
const LEAVE = `mutation ($id: ID!) { leaveLive(mediaSessionId: $id) }`;

describe('one account cannot hog the server (media sessions, lives, calls, posters)', () => {
  const apis: RunningApi[] = [];
  const users: LiveUser[] = [];
  const peers: TestPeer[] = [];
  after(async () => {
    await Promise.allSettled(peers.map((p) => p.close()));
    await Promise.allSettled(users.map((u) => u.ws.dispose()));
    await Promise.allSettled(apis.map((api) => api.close()));
  });
  const start = async (env: Record<string, string>) => { const api = await startTestApi(env); apis.push(api); return api; };
  const register = async (api: RunningApi, nickname: string) => { const u = await LiveUser.register(api, nickname); users.push(u); return u; };
  const offer = async (role: 'presenter' | 'viewer') => { const p = new TestPeer(role); peers.push(p); return p.offer(); };
  const ok = (result: GqlResult) => { assert.equal(result.errors, undefined, JSON.stringify(result.errors)); return result.data!; };
  const rateLimited = (result: GqlResult) => {
    assert.equal(errorCode(result), 'RATE_LIMITED', JSON.stringify(result.errors));
    const retry = result.errors![0].extensions!.retryAfterSeconds as number;
    assert.ok(retry > 0 && retry <= 60, `retryAfterSeconds ${retry}`);
  };

  it('limits goLive per account and minute (a go-live/stop loop is refused), not other accounts', async () => {
    const api = await start({ GO_LIVE_RATE_LIMIT: '3' });
    const [ann, bob] = [await register(api, 'ann'), await register(api, 'bob')];
    for (let i = 0; i < 3; i++) {
      const live = ok(await ann.goLive(await offer('presenter'))).goLive.live;
      ok(await ann.gql(STOP, { id: live.id }));
    }
    rateLimited(await ann.goLive(await offer('presenter')));
    const bobs = ok(await bob.goLive(await offer('presenter'))).goLive.live;
    assert.equal(bobs.status, 'LIVE');
  });

  it('limits watchLive per account and minute', async () => {
    const api = await start({ WATCH_RATE_LIMIT: '3' });
    const [ann, vic] = [await register(api, 'ann'), await register(api, 'vic')];
    const liveId = ok(await ann.goLive(await offer('presenter'))).goLive.live.id;
    for (let i = 0; i < 3; i++) {
      const { mediaSessionId } = ok(await vic.watch(liveId, await offer('viewer'))).watchLive;
      ok(await vic.gql(LEAVE, { id: mediaSessionId }));
    }
    rateLimited(await vic.watch(liveId, await offer('viewer')));
  });

  it('bounds the media sessions one account holds open (TOO_MANY_MEDIA_SESSIONS), freed as they end', async () => {
    const api = await start({ MEDIA_SESSIONS_PER_USER: '3' });
    const [ann, vic] = [await register(api, 'ann'), await register(api, 'vic')];
    const liveId = ok(await ann.goLive(await offer('presenter'))).goLive.live.id;
    const sessions: string[] = [];
    for (let i = 0; i < 3; i++) sessions.push(ok(await vic.watch(liveId, await offer('viewer'))).watchLive.mediaSessionId);
    const refused = await vic.watch(liveId, await offer('viewer'));
    assert.equal(errorCode(refused), 'TOO_MANY_MEDIA_SESSIONS', JSON.stringify(refused.errors));
    // Claiming ids with candidates (no offer yet) counts too.
    const candidate = { candidate: 'candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 };
    assert.equal(errorCode(await vic.addCandidate(randomUUID(), candidate)), 'TOO_MANY_MEDIA_SESSIONS');
    const live = await ann.gql(`query ($id: ID!) { live(id: $id) { viewerCount } }`, { id: liveId });
    assert.equal(live.data!.live.viewerCount, 1, 'one viewer, however many sessions');

    ok(await vic.gql(LEAVE, { id: sessions[0] }));
    ok(await vic.watch(liveId, await offer('viewer')));
    // Someone else is not affected by vic's sessions.
    const wes = await register(api, 'wes');
    ok(await wes.watch(liveId, await offer('viewer')));
  });

  it('limits how often one account dials one person (and anyone), not who may call', async () => {
    const api = await start({});
    const [ann, bob, cid] = [await register(api, 'dialler'), await register(api, 'dialled'), await register(api, 'third')];
    for (let i = 0; i < 5; i++) {
      const call = await dial(ann, bob);
      await callOk(ann, CANCEL, { id: call.id });
    }
    const again = await ann.gql(CALL_USER, { nickname: bob.nickname });
    rateLimited(again);
    assert.match(again.errors![0].message, /dialled/);
    // Someone else can still call bob, and ann can still call someone else.
    await callOk(cid, CANCEL, { id: (await dial(cid, bob)).id });
    await callOk(ann, CANCEL, { id: (await dial(ann, cid)).id });
  });

  it('limits how often a live\'s poster changes', async () => {
    const api = await start({});
    const ann = await register(api, 'poster');
    const liveId = ok(await ann.goLive(await offer('presenter'))).goLive.live.id;
    const image = `data:image/png;base64,${PNG.toString('base64')}`;
    const SET = `mutation ($id: ID!, $image: String!) { setLivePoster(liveId: $id, image: $image) { id } }`;
    for (let i = 0; i < 12; i++) ok(await ann.gql(SET, { id: liveId, image }));
    rateLimited(await ann.gql(SET, { id: liveId, image }));
  });
});

/** The smallest PNG: one transparent pixel. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4c20000000049454e44ae426082', 'hex');
