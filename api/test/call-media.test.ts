import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, it } from 'node:test';
import { launchChromiumBrowser } from '@onair/testing';
import type { Browser } from 'playwright-core';
import type { RunningApi } from '../src/app/server';
import { Call } from '../src/call/call.entity';
import { Video } from '../src/vod/video.entity';
import { servePeerPage } from './support/browser-peer';
import { connectPeer } from './support/browser-live';
import {
  ACCEPT, ANSWER_RECORDING, CALL, callEvents, dial, HANG_UP, nextCallEvent, ok, PUBLISH, REQUEST_RECORDING, VIEW,
} from './support/call-client';
import { errorCode, gql } from './support/graphql';
import { eventually, LiveUser, mediaObjects } from './support/live-client';
import { onEveryBackend } from './support/matrix';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const VIDEO = `query ($id: ID!) { video(id: $id) { id title } }`;
const CATALOG = `{ videos(first: 100) { edges { node { id } } } }`;

onEveryBackend('call media in Chromium through the embedded media server', (fixture) => {
  let api: RunningApi;
  let browser: Browser;
  let page: Awaited<ReturnType<typeof servePeerPage>>;
  const stops: (() => Promise<void>)[] = [];
  let n = 0;
  const user = (name: string) => LiveUser.register(api, `${name}${++n}`);

  before(async () => {
    [api, browser, page] = await Promise.all([fixture.api(), launchChromiumBrowser(), servePeerPage()]);
  });
  after(async () => {
    await Promise.allSettled(stops.map((stop) => stop()));
    await browser?.close();
    await page?.close();
  });

  /** One party's media, as the app does it: its camera published (looped back) and the other's stream viewed. */
  async function joinMedia(party: LiveUser, callId: string) {
    const send = (mutation: string) => async (offer: string, mediaSessionId: string) => {
      const result = await party.gql(mutation, { id: callId, input: { offer, mediaSessionId } });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      return Object.values(result.data!)[0] as { answer: string };
    };
    const [own, other] = await Promise.all([
      connectPeer(browser, page.url, party, 'presenter', send(PUBLISH)),
      connectPeer(browser, page.url, party, 'viewer', send(VIEW)),
    ]);
    stops.push(own.stop, other.stop);
    return { own, other };
  }

  /** A calls B, B answers, both send and receive. */
  async function callUp() {
    const [ann, bob] = [await user('ann'), await user('bob')];
    const [annEvents, bobEvents] = [callEvents(ann), callEvents(bob)];
    await pause(100);
    const call = await dial(ann, bob);
    await nextCallEvent(bobEvents, 'INCOMING');
    await ok(bob, ACCEPT, { id: call.id });
    await nextCallEvent(annEvents, 'ACCEPTED');
    const [annMedia, bobMedia] = await Promise.all([joinMedia(ann, call.id), joinMedia(bob, call.id)]);
    return { ann, bob, annEvents, bobEvents, call, annMedia, bobMedia };
  }

  it('A calls B, B answers: each decodes the other and their own loopback; a hang-up tells both and releases every media object', async () => {
    const before = await mediaObjects(api);
    const { ann, annEvents, bobEvents, call, annMedia, bobMedia } = await callUp();
    await Promise.all([
      eventually("ann sees bob", () => annMedia.other.peer.frames(), (f) => f > 20, 20_000),
      eventually("bob sees ann", () => bobMedia.other.peer.frames(), (f) => f > 20, 20_000),
      eventually('ann sees herself', () => annMedia.own.peer.frames(), (f) => f > 20, 20_000),
      eventually('bob sees himself', () => bobMedia.own.peer.frames(), (f) => f > 20, 20_000),
    ]);
    assert.ok((await mediaObjects(api)) > before, 'the call holds media objects while on');
    await ok(ann, HANG_UP, { id: call.id });
    const [toAnn, toBob] = await Promise.all([nextCallEvent(annEvents, 'ENDED'), nextCallEvent(bobEvents, 'ENDED')]);
    assert.equal(toBob.by!.nickname, ann.nickname);
    assert.equal(toAnn.call.endReason, 'hang-up');
    for (const session of [annMedia.own, annMedia.other, bobMedia.own, bobMedia.other]) {
      await session.feed.next((e) => e.mediaSessionEvents.type === 'ENDED', 5000);
    }
    await eventually('media objects back', () => mediaObjects(api), (count) => count === before, 10_000);
    const row = await api.services.orm.em.fork().findOneOrFail(Call, { id: call.id });
    assert.equal(row.outcome, 'ANSWERED');
    assert.ok(row.answeredAt && row.endedAt && row.endedAt > row.answeredAt);
  });

  it("the caller's camera goes in while it rings (its loopback shows); nothing of it reaches anyone before the answer; a cancel releases it", async () => {
    const before = await mediaObjects(api);
    const [ann, bob] = [await user('ann'), await user('bob')];
    const bobEvents = callEvents(bob);
    await pause(100);
    const call = await dial(ann, bob);
    const send = (party: LiveUser, mutation: string) => async (offer: string, mediaSessionId: string) => {
      const result = await party.gql(mutation, { id: call.id, input: { offer, mediaSessionId } });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      return Object.values(result.data!)[0] as { answer: string };
    };
    const own = await connectPeer(browser, page.url, ann, 'presenter', send(ann, PUBLISH));
    stops.push(own.stop);
    await eventually('ann sees herself while it rings', () => own.peer.frames(), (f) => f > 10, 20_000);
    const offer = { offer: 'v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n', mediaSessionId: '00000000-0000-4000-8000-000000000001' };
    assert.equal(errorCode(await bob.gql(VIEW, { id: call.id, input: offer })), 'CALL_ENDED', 'no viewing before the answer');
    assert.equal(errorCode(await bob.gql(PUBLISH, { id: call.id, input: offer })), 'CALL_ENDED', 'the callee sends nothing before answering');
    await ok(ann, HANG_UP, { id: call.id });
    await nextCallEvent(bobEvents, 'CANCELLED');
    await own.feed.next((e) => e.mediaSessionEvents.type === 'ENDED', 5000);
    await eventually('media objects back', () => mediaObjects(api), (count) => count === before, 10_000);
  });

  it("one side's browser closes mid-call: the call ends for both (disconnected) and nothing stays on the media server", async () => {
    const before = await mediaObjects(api);
    const { bob, annEvents, annMedia, bobMedia } = await callUp();
    await eventually('ann sees bob', () => annMedia.other.peer.frames(), (f) => f > 10, 20_000);
    // Bob's tab dies: its pages and its realtime connection vanish together.
    await Promise.all([bobMedia.own.stop(), bobMedia.other.stop()]);
    await Promise.all([bobMedia.own.peer.close(), bobMedia.other.peer.close(), bob.ws.terminate()]);
    const ended = await nextCallEvent(annEvents, 'ENDED', 15_000);
    assert.equal(ended.call.endReason, 'disconnected');
    assert.equal(ended.by!.nickname, bob.nickname);
    await annMedia.other.feed.next((e) => e.mediaSessionEvents.type === 'ENDED', 5000);
    await eventually('media objects back', () => mediaObjects(api), (count) => count === before, 15_000);
  });

  it('records only once both agreed; the videos are visible to the two parties and to no one else', async () => {
    const { ann, bob, annEvents, bobEvents, call, annMedia, bobMedia } = await callUp();
    const eve = await user('eve');
    const webm = () => readdirSync(api.services.config.recordingsDir).filter((f) => f.endsWith('.webm')).length;
    const filesBefore = webm();
    await eventually('ann sees bob', () => annMedia.other.peer.frames(), (f) => f > 10, 20_000);
    await eventually('bob sees ann', () => bobMedia.other.peer.frames(), (f) => f > 10, 20_000);

    const requested = await ok(ann, REQUEST_RECORDING, { id: call.id });
    assert.equal(requested.recording, 'REQUESTED');
    const asked = await nextCallEvent(bobEvents, 'RECORDING_REQUESTED');
    assert.equal(asked.by!.nickname, ann.nickname);
    assert.equal(errorCode(await ann.gql(ANSWER_RECORDING, { id: call.id, accept: true })), 'FORBIDDEN', 'the asker cannot agree for the other');
    assert.equal(errorCode(await eve.gql(ANSWER_RECORDING, { id: call.id, accept: true })), 'FORBIDDEN');
    await pause(1500);
    assert.equal(webm(), filesBefore, 'nothing records on one consent');

    const declined = await ok(bob, ANSWER_RECORDING, { id: call.id, accept: false });
    assert.equal(declined.recording, 'DECLINED');
    await nextCallEvent(annEvents, 'RECORDING_DECLINED');
    assert.equal(webm(), filesBefore, 'nothing records when declined');

    await ok(ann, REQUEST_RECORDING, { id: call.id });
    const started = await ok(bob, ANSWER_RECORDING, { id: call.id, accept: true });
    assert.equal(started.recording, 'RECORDING');
    await nextCallEvent(annEvents, 'RECORDING_STARTED');
    const row = await api.services.orm.em.fork().findOneOrFail(Call, { id: call.id }, { populate: ['recordingRequestedBy', 'recordingConsentBy'] });
    assert.equal(row.recordingRequestedBy!.id, ann.id);
    assert.equal(row.recordingConsentBy!.id, bob.id);
    assert.ok(row.recordingConsentAt, 'consent is stored with when');
    await eventually("each party's stream records", async () => webm(), (count) => count === filesBefore + 2, 5000);
    await pause(3000);
    await ok(bob, HANG_UP, { id: call.id });
    const saved = await nextCallEvent(annEvents, 'RECORDINGS_SAVED', 20_000);
    assert.equal(saved.call.id, call.id);

    const videos = await eventually('both recordings filed', () => api.services.orm.em.fork().find(Video, { callId: call.id }),
      (rows) => rows.length === 2, 20_000);
    assert.ok(videos.every((v) => v.durationMs > 2000 && v.durationMs < 6000), `durations ${videos.map((v) => v.durationMs)}`);
    const listed = (await ok(ann, CALL, { id: call.id })) as unknown as { videos: { id: string; presenter: { nickname: string } }[] };
    assert.deepEqual(listed.videos.map((v) => v.presenter.nickname).sort(), [ann.nickname, bob.nickname].sort());
    for (const video of videos) {
      for (const party of [ann, bob]) assert.equal((await party.gql(VIDEO, { id: video.id })).data!.video?.id, video.id);
      assert.equal((await eve.gql(VIDEO, { id: video.id })).data!.video, null, 'not to a third user');
      assert.equal((await eve.gql(CALL, { id: call.id })).data!.call, null);
    }
    for (const reader of [ann, eve]) {
      const catalog = (await reader.gql(CATALOG)).data!.videos.edges.map((e: { node: { id: string } }) => e.node.id);
      assert.ok(videos.every((v) => !catalog.includes(v.id)), 'never in the public catalog');
    }
    const key = (await eve.gql(`mutation { createApiKey(name: "reader") { key } }`)).data!.createApiKey.key as string;
    for (const video of videos) assert.equal((await gql(api.url, VIDEO, { id: video.id }, key)).data!.video, null, 'never to an API key');
    const byKey = (await gql(api.url, CATALOG, {}, key)).data!.videos.edges.map((e: { node: { id: string } }) => e.node.id);
    assert.ok(videos.every((v) => !byKey.includes(v.id)));
  });
});
