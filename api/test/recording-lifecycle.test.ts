import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, launchChromiumBrowser, spawnManaged, waitUntilHealthy, type Managed } from '@onair/testing';
import type { Browser } from 'playwright-core';
import type { RunningApi } from '../src/app/server';
import { tempDir } from './support/api';
import { connectBrowser } from './support/browser-live';
import { servePeerPage } from './support/browser-peer';
import { gql } from './support/graphql';
import { eventually, LiveUser, LIVE_EVENTS } from './support/live-client';
import { ffprobe, inspectWebm, seekFirstFrame } from './fixtures/webm';

/** The built entry point (this file runs from api/dist/test). */
const MAIN = join(__dirname, '../src/main.js');
const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { token } }`;
const LIVE = `query ($id: ID!) { live(id: $id) { status endedAt video { id title durationSeconds location } } }`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Process { proc: Managed; url: string }

describe('recordings survive a stop or a crash of the api process (Chromium presenter and viewer)', () => {
  let browser: Browser;
  let page: Awaited<ReturnType<typeof servePeerPage>>;
  const processes: Managed[] = [];
  const dirs: string[] = [];
  const stops: (() => Promise<void>)[] = [];

  before(async () => { [browser, page] = await Promise.all([launchChromiumBrowser(), servePeerPage()]); });
  after(async () => {
    await Promise.allSettled(stops.map((stop) => stop()));
    await Promise.allSettled(processes.map((p) => p.stop(1000)));
    await browser?.close();
    await page?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function start(dataDir: string): Promise<Process> {
    const port = await freePort();
    const proc = spawnManaged(process.execPath, [MAIN], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, CLIENT_DIST: 'none', LOG_LEVEL: 'info' },
    });
    processes.push(proc);
    const url = `http://127.0.0.1:${port}`;
    await waitUntilHealthy(proc, `${url}/healthz`, 20_000);
    return { proc, url };
  }

  const exitOf = (proc: Managed) => new Promise<number | null>((resolve) => {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) resolve(proc.child.exitCode);
    else proc.child.once('exit', (code) => resolve(code));
  });

  async function goLive(api: Process, nickname: string) {
    const presenter = await LiveUser.register({ url: api.url } as RunningApi, nickname);
    const live = await connectBrowser(browser, page.url, presenter, 'presenter', { title: `${nickname}'s show` });
    stops.push(live.stop);
    await eventually('presenter loopback frames', () => live.peer.frames(), (n) => n > 30, 20_000);
    return { presenter, live };
  }

  /** The live as the restarted api reports it (sessions do not survive a restart in embedded mode). */
  async function liveAfterRestart(api: Process, nickname: string, liveId: string) {
    const login = await gql(api.url, LOGIN, { input: { nickname, password: 'password1' } });
    assert.equal(login.errors, undefined, JSON.stringify(login.errors));
    const result = await gql(api.url, LIVE, { id: liveId }, login.data!.login.token);
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return result.data!.live;
  }

  /** The finalized file: duration as filed, seekable, a key frame (and a CuePoint) at least every 2 s. */
  function assertRecording(path: string, durationSeconds: number) {
    const probed = Number(ffprobe(path, '-show_format').format.duration);
    assert.ok(Math.abs(probed - durationSeconds) < 0.25, `file ${probed} s vs filed ${durationSeconds} s`);
    const file = inspectWebm(readFileSync(path));
    const video = file.tracks.find((t) => t.type === 1)!.number;
    const scale = file.timestampScale / 1e6; // ms per unit
    const keyframes = file.clusters.flatMap((c) => c.blocks).filter((b) => b.track === video && b.key).map((b) => b.time * scale);
    const gaps = keyframes.slice(1).map((t, i) => t - keyframes[i]);
    gaps.push(durationSeconds * 1000 - keyframes.at(-1)!);
    assert.ok(Math.max(...gaps) <= 2000, `key frames at ${keyframes.map((t) => (t / 1000).toFixed(2)).join(', ')}`);
    assert.deepEqual(file.cues.filter((c) => c.track === video).map((c) => c.time * scale), keyframes, 'a CuePoint per key frame');
    const middle = seekFirstFrame(path, durationSeconds / 2);
    assert.ok(Math.abs(middle.pts - durationSeconds / 2) < 2.1, `seeking to the middle decodes from ${middle.pts} s`);
  }

  it('SIGTERM mid-live: viewers hear LIVE_ENDED server-shutdown before their socket closes; the video is filed and seeks', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const api = await start(dataDir);
    const { presenter, live } = await goLive(api, 'stopper');
    const viewer = await LiveUser.register({ url: api.url } as RunningApi, 'audience');
    const audience = viewer.subscribe(LIVE_EVENTS, { id: live.liveId });
    const watching = await connectBrowser(browser, page.url, viewer, 'viewer', { liveId: live.liveId });
    stops.push(watching.stop);
    await eventually('viewer frames', () => watching.peer.frames(), (n) => n > 30, 20_000);
    await pause(18_000); // a 20 s recording: key frames must keep coming

    let endedBeforeClose: boolean | undefined;
    void viewer.ws.closed.then(() => { endedBeforeClose = audience.events.some((e) => e.liveEvents.type === 'LIVE_ENDED'); });
    const exited = exitOf(api.proc);
    api.proc.child.kill('SIGTERM');
    assert.equal(await Promise.race([exited, pause(15_000).then(() => 'hung')]), 0, api.proc.output());
    assert.equal((await viewer.ws.closed).code, 1001);
    assert.equal(endedBeforeClose, true, 'LIVE_ENDED arrived before the socket closed');
    const ended = audience.events.find((e) => e.liveEvents.type === 'LIVE_ENDED')!;
    assert.equal(ended.liveEvents.reason, 'server-shutdown');
    assert.ok(live.feed.events.some((e) => e.mediaSessionEvents.type === 'ENDED'), 'the presenter was told too');
    assert.match(api.proc.output(), /lives ended for shutdown lives=1 videos=1/);
    for (const line of [/live started/, /video filed/, /live ended .*server-shutdown/]) assert.match(api.proc.output(), line, 'one info line each');

    const again = await start(dataDir);
    const row = await liveAfterRestart(again, presenter.nickname, live.liveId);
    assert.equal(row.status, 'ENDED');
    assert.ok(row.endedAt);
    assert.ok(row.video, 'the recording was filed');
    assert.ok(row.video.durationSeconds >= 18, `${row.video.durationSeconds} s filed`);
    const recordings = join(dataDir, 'recordings');
    assert.deepEqual(readdirSync(recordings), [`${live.liveId}.webm`]);
    assertRecording(join(recordings, `${live.liveId}.webm`), row.video.durationSeconds);
    assert.doesNotMatch(again.proc.output(), /recovery:/, 'nothing was left to recover');
  });

  it('kill -9 mid-live, then start: the live is ended, its video filed, nothing orphaned, and the fix is logged', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const api = await start(dataDir);
    const { presenter, live } = await goLive(api, 'crasher');
    await pause(4000);
    const exited = exitOf(api.proc);
    api.proc.child.kill('SIGKILL');
    await exited;

    const again = await start(dataDir);
    assert.match(again.proc.output(), /recovery: ended 1 interrupted lives, filed 1 videos, removed 0 orphan files/);
    const row = await liveAfterRestart(again, presenter.nickname, live.liveId);
    assert.equal(row.status, 'ENDED');
    assert.ok(row.endedAt, 'endedAt is set');
    assert.ok(row.video, 'the recording was filed');
    assert.equal(row.video.title, "crasher's show");
    assert.equal(row.video.location, 'local network');
    assert.ok(row.video.durationSeconds > 2, `${row.video.durationSeconds} s filed`);
    const recordings = join(dataDir, 'recordings');
    assert.deepEqual(readdirSync(recordings), [`${live.liveId}.webm`], 'no orphan or temporary file');
    const probed = Number(ffprobe(join(recordings, `${live.liveId}.webm`), '-show_format').format.duration);
    assert.ok(Math.abs(probed - row.video.durationSeconds) < 0.25);

    await again.proc.stop(5000);
    const third = await start(dataDir);
    await pause(300);
    assert.doesNotMatch(third.proc.output(), /recovery:/, 'a second start finds nothing to fix');
  });
});
