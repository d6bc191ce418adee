import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchChromiumBrowser } from '@onair/testing';
import type { Browser } from 'playwright-core';
import type { RunningApi } from '../src/app/server';
import { Live } from '../src/live/live.entity';
import { Video } from '../src/vod/video.entity';
import { startTestApi } from './support/api';
import { servePeerPage } from './support/browser-peer';
import { BrowserSession, connectBrowser, connectPeer } from './support/browser-live';
import { errorCode } from './support/graphql';
import { eventually, LiveUser, LIVE_EVENTS, mediaObjects } from './support/live-client';
import { TestPeer } from './support/peer';

const RESUME = `mutation ($input: ResumeLiveInput!) { resumeLive(input: $input) { mediaSessionId answer live { id status presenterAway } } }`;
const LIVE = `query ($id: ID!) { live(id: $id) { status presenterAway } }`;
const STOP = `mutation ($id: ID!) { stopLive(liveId: $id) { id } }`;
const VIDEO = `query ($id: ID!) { video(id: $id) { durationSeconds gaps { at seconds } } }`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const ffprobeDuration = (file: string) =>
  Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim());
/** Decodes the whole file (errors fail the command) and counts its video frames. */
const decodedFrames = (file: string) => Number(execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v',
  '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim());

describe('a presenter who drops out comes back to the same live (Chromium, embedded media server)', () => {
  let api: RunningApi;
  let shortGrace: RunningApi;
  let browser: Browser;
  let page: Awaited<ReturnType<typeof servePeerPage>>;
  const stops: (() => Promise<void>)[] = [];

  before(async () => {
    [api, shortGrace, browser, page] = await Promise.all([
      startTestApi({ LIVE_RECONNECT_GRACE_SECONDS: '20' }), startTestApi({ LIVE_RECONNECT_GRACE_SECONDS: '2' }),
      launchChromiumBrowser(), servePeerPage(),
    ]);
  });
  after(async () => {
    await Promise.allSettled(stops.map((stop) => stop()));
    await browser?.close();
    await page?.close();
    await Promise.allSettled([api?.close(), shortGrace?.close()]);
  });

  /** An SDP offer from a werift peer (for calls that are refused before any media). */
  async function offer(): Promise<string> {
    const peer = new TestPeer('presenter');
    stops.push(() => peer.close());
    return peer.offer();
  }

  async function connect(user: LiveUser, role: 'presenter' | 'viewer', liveId?: string): Promise<BrowserSession> {
    const session = await connectBrowser(browser, page.url, user, role, { liveId, title: 'Comes back' });
    stops.push(session.stop, () => session.peer.close());
    return session;
  }

  /** The presenter's tab dies: its page and its realtime connection vanish together. */
  async function drop(presenter: LiveUser, session: BrowserSession) {
    await session.stop();
    await Promise.all([session.peer.close(), presenter.ws.terminate()]);
  }

  async function resume(presenter: LiveUser, liveId: string) {
    const session = await connectPeer(browser, page.url, presenter, 'presenter', async (offer, mediaSessionId) => {
      const result = await presenter.gql(RESUME, { input: { liveId, offer, mediaSessionId } });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      return result.data!.resumeLive;
    });
    stops.push(session.stop, () => session.peer.close());
    return session;
  }

  it('keeps the live for the grace period; viewers get the picture back without rejoining; one video with the gap', async () => {
    const presenter = await LiveUser.register(api, 'presenter');
    const viewer = await LiveUser.register(api, 'viewer');
    const live = await connect(presenter, 'presenter');
    await eventually('presenter loopback frames', () => live.peer.frames(), (n) => n > 30, 20_000);
    const audience = viewer.subscribe(LIVE_EVENTS, { id: live.liveId });
    const watching = await connect(viewer, 'viewer', live.liveId);
    await eventually('viewer frames', () => watching.peer.frames(), (n) => n > 30, 20_000);
    await pause(2000);

    await drop(presenter, live);
    const away = await audience.next((e) => e.liveEvents.type === 'PRESENTER_AWAY', 10_000);
    assert.deepEqual((await viewer.gql(LIVE, { id: live.liveId })).data!.live, { status: 'LIVE', presenterAway: true });
    await pause(5000);
    assert.equal(audience.events.some((e) => e.liveEvents.type === 'LIVE_ENDED'), false, 'still live during the grace period');
    const framesBefore = await watching.peer.frames();

    const back = await presenter.newTab();
    stops.push(() => back.ws.dispose());
    const resumed = await resume(back, live.liveId);
    await audience.next((e) => e.liveEvents.type === 'PRESENTER_BACK', 10_000);
    await eventually('the resumed presenter sees its loopback', () => resumed.peer.frames(), (n) => n > 30, 20_000);
    await eventually('the viewer decodes frames again, on the same connection', () => watching.peer.frames(), (n) => n > framesBefore + 30, 20_000);
    assert.equal(watching.feed.events.some((e) => e.mediaSessionEvents.type === 'ENDED'), false, "the viewer's media session never ended");
    assert.deepEqual((await viewer.gql(LIVE, { id: live.liveId })).data!.live, { status: 'LIVE', presenterAway: false });
    await pause(2000);

    assert.equal((await back.gql(STOP, { id: live.liveId })).errors, undefined);
    await eventually('media objects', () => mediaObjects(api), (n) => n === 0, 15_000);
    const em = api.services.orm.em.fork();
    const videos = await eventually('one video row', () => em.fork().find(Video, { live: live.liveId }), (v) => v.length > 0, 15_000);
    assert.equal(videos.length, 1, 'one video for the whole live');
    const [video] = videos;
    const { gaps, durationSeconds } = (await back.gql(VIDEO, { id: video.id })).data!.video;
    assert.equal(gaps.length, 1, JSON.stringify(gaps));
    const awaySeconds = gaps[0].seconds;
    assert.ok(awaySeconds >= 4.5 && awaySeconds < 20, `away ${awaySeconds}s`);
    const row = await em.findOneOrFail(Live, { id: live.liveId });
    const droppedAfter = (new Date(away.liveEvents.at).getTime() - row.startedAt.getTime()) / 1000;
    assert.ok(Math.abs(gaps[0].at - droppedAfter) < 1, `gap at ${gaps[0].at}s, dropped ${droppedAfter}s in`);

    const file = join(api.services.config.recordingsDir, video.file);
    const seconds = ffprobeDuration(file);
    const liveSeconds = (row.endedAt!.getTime() - row.startedAt.getTime()) / 1000;
    assert.ok(Math.abs(seconds - (liveSeconds - awaySeconds)) <= liveSeconds * 0.12,
      `file ${seconds}s; live ${liveSeconds}s, away ${awaySeconds}s`);
    assert.ok(Math.abs(durationSeconds - seconds) < 0.25);
    // Both halves are in the file and decode: about 20 fps of Chromium's fake camera over the media time.
    assert.ok(decodedFrames(file) > (seconds - 1.5) * 15, `${decodedFrames(file)} frames in ${seconds}s`);
  });

  it('ends the live once the grace period runs out, filing what was recorded', async () => {
    const presenter = await LiveUser.register(shortGrace, 'gone');
    const viewer = await LiveUser.register(shortGrace, 'waiting');
    const live = await connect(presenter, 'presenter');
    await eventually('presenter loopback frames', () => live.peer.frames(), (n) => n > 30, 20_000);
    const audience = viewer.subscribe(LIVE_EVENTS, { id: live.liveId });
    await pause(1000);
    await drop(presenter, live);
    const away = await audience.next((e) => e.liveEvents.type === 'PRESENTER_AWAY', 10_000);
    const ended = await audience.next((e) => e.liveEvents.type === 'LIVE_ENDED', 10_000);
    assert.equal(ended.liveEvents.reason, 'presenter-disconnected');
    const waited = new Date(ended.liveEvents.at).getTime() - new Date(away.liveEvents.at).getTime();
    assert.ok(waited >= 1900, `ended ${waited} ms after the presenter went away`);
    const em = shortGrace.services.orm.em.fork();
    const video = await eventually('video row', () => em.fork().findOne(Video, { live: live.liveId }), (v) => v !== null, 15_000);
    assert.deepEqual(video!.gaps ?? [], [], 'nothing resumed: no gap');
    const back = await presenter.newTab();
    stops.push(() => back.ws.dispose());
    const late = await back.gql(RESUME, { input: { liveId: live.liveId, offer: await offer(), mediaSessionId: randomUUID() } });
    assert.equal(errorCode(late), 'LIVE_ENDED');
  });

  it('lets only the presenter resume; a second tab takes over from the first; an ended live cannot be resumed', async () => {
    const presenter = await LiveUser.register(api, 'twotabs');
    const viewer = await LiveUser.register(api, 'onlooker');
    const live = await connect(presenter, 'presenter');
    const audience = viewer.subscribe(LIVE_EVENTS, { id: live.liveId });
    const watching = await connect(viewer, 'viewer', live.liveId);
    await eventually('viewer frames', () => watching.peer.frames(), (n) => n > 30, 20_000);

    const other = await LiveUser.register(api, 'intruder');
    const refused = await other.gql(RESUME, { input: { liveId: live.liveId, offer: await offer(), mediaSessionId: randomUUID() } });
    assert.equal(errorCode(refused), 'FORBIDDEN');

    const second = await presenter.newTab();
    stops.push(() => second.ws.dispose());
    const framesBefore = await watching.peer.frames();
    const takeover = await resume(second, live.liveId);
    const old = await live.feed.next((e) => e.mediaSessionEvents.type === 'ENDED', 10_000);
    assert.equal(old.mediaSessionEvents.reason, 'replaced');
    await eventually('the viewer follows the new tab', () => watching.peer.frames(), (n) => n > framesBefore + 30, 20_000);
    await eventually('the new tab sees its loopback', () => takeover.peer.frames(), (n) => n > 30, 20_000);
    assert.deepEqual(audience.events.map((e) => e.liveEvents.type).filter((t) => t.startsWith('PRESENTER')), ['PRESENTER_AWAY', 'PRESENTER_BACK']);

    assert.equal((await second.gql(STOP, { id: live.liveId })).errors, undefined);
    const late = await second.gql(RESUME, { input: { liveId: live.liveId, offer: await offer(), mediaSessionId: randomUUID() } });
    assert.equal(errorCode(late), 'LIVE_ENDED');
  });
});
