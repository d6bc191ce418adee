import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchChromiumBrowser } from '@onair/testing';
import type { Browser } from 'playwright-core';
import type { RunningApi } from '../src/app/server';
import { Live } from '../src/live/live.entity';
import { Video } from '../src/vod/video.entity';
import { startTestApi } from './support/api';
import { servePeerPage } from './support/browser-peer';
import { connectBrowser } from './support/browser-live';
import { eventually, LiveUser, LIVE_EVENTS, mediaObjects } from './support/live-client';

const ffprobe = (file: string) => JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', file], { encoding: 'utf8' }));

describe('live media in Chromium through the api and the embedded media server', () => {
  let api: RunningApi;
  let browser: Browser;
  let page: Awaited<ReturnType<typeof servePeerPage>>;
  const stops: (() => Promise<void>)[] = [];

  before(async () => {
    // A presenter who vanishes ends the live after the (short) reconnect grace period.
    [api, browser, page] = await Promise.all([startTestApi({ LIVE_RECONNECT_GRACE_SECONDS: '1' }), launchChromiumBrowser(), servePeerPage()]);
  });
  after(async () => {
    await Promise.allSettled(stops.map((stop) => stop()));
    await browser?.close();
    await page?.close();
    await api?.close();
  });

  async function connect(user: LiveUser, role: 'presenter' | 'viewer', liveId?: string) {
    const session = await connectBrowser(browser, page.url, user, role, { liveId, title: 'A recorded live' });
    stops.push(session.stop);
    return session;
  }

  it('loops the presenter back, feeds a viewer, and on an abrupt close files a seekable video of the right length', async () => {
    const presenter = await LiveUser.register(api, 'presenter');
    const viewer = await LiveUser.register(api, 'viewer');
    const live = await connect(presenter, 'presenter');
    await eventually('presenter loopback frames', () => live.peer.frames(), (n) => n > 30, 20_000);

    const audience = viewer.subscribe(LIVE_EVENTS, { id: live.liveId });
    const watching = await connect(viewer, 'viewer', live.liveId);
    await eventually('viewer frames', () => watching.peer.frames(), (n) => n > 30, 20_000);

    await new Promise((resolve) => setTimeout(resolve, 3000));
    // The presenter's tab dies: its page and its realtime connection vanish together.
    await live.stop();
    await Promise.all([live.peer.close(), presenter.ws.terminate()]);
    const away = await audience.next((e) => e.liveEvents.type === 'PRESENTER_AWAY', 15_000);
    const ended = await audience.next((e) => e.liveEvents.type === 'LIVE_ENDED', 15_000);
    assert.equal(ended.liveEvents.reason, 'presenter-disconnected');
    await watching.feed.next((e) => e.mediaSessionEvents.type === 'ENDED');
    await eventually('media objects', () => mediaObjects(api), (n) => n === 0, 15_000);

    const em = api.services.orm.em.fork();
    const video = await eventually('video row', () => em.fork().findOne(Video, { live: live.liveId }), (v) => v !== null, 15_000);
    const row = await em.findOneOrFail(Live, { id: live.liveId });
    // The recording runs until the presenter went away (the grace period after it records nothing).
    const liveMs = new Date(away.liveEvents.at).getTime() - row.startedAt.getTime();
    assert.equal(video!.title, 'A recorded live');
    assert.equal(video!.location, 'local network');
    const file = join(api.services.config.recordingsDir, video!.file);
    const probe = ffprobe(file);
    const seconds = Number(probe.format.duration);
    assert.ok(Math.abs(seconds * 1000 - liveMs) <= liveMs * 0.1, `file ${seconds}s vs live ${liveMs}ms`);
    assert.ok(Math.abs(video!.durationMs - seconds * 1000) < 250);
    assert.deepEqual(probe.streams.map((s: { codec_name: string }) => s.codec_name).sort(), ['opus', 'vp8']);
    assert.equal(video!.sizeBytes, readFileSync(file).length);
    assert.ok(readFileSync(file).includes(Buffer.from([0x1c, 0x53, 0xbb, 0x6b])), 'the file has Cues');
    const seek = execFileSync('ffprobe', ['-v', 'error', '-read_intervals', `${(seconds / 2).toFixed(1)}%+#1`, '-select_streams', 'v',
      '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim().split('\n')[0];
    assert.ok(Math.abs(Number(seek) - seconds / 2) < 1.5, `seeking to the middle lands at ${seek}s`);
  });

  it('discards a recording shorter than one second', async () => {
    const quick = await LiveUser.register(api, 'quick');
    const live = await connect(quick, 'presenter');
    const stopped = await quick.gql(`mutation ($id: ID!) { stopLive(liveId: $id) { status } }`, { id: live.liveId });
    assert.equal(stopped.data!.stopLive.status, 'ENDED');
    await live.stop();
    await live.peer.close();
    const em = api.services.orm.em.fork();
    assert.equal(await em.count(Video, { live: live.liveId }), 0);
    assert.throws(() => readFileSync(join(api.services.config.recordingsDir, `${live.liveId}.webm`)), /ENOENT/);
  });
});
