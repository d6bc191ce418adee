import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserPeer } from './helpers/browserPeer';
import { keyframeTimes, makeMedia, packetTimes } from './helpers/files';
import { call, collect, create, KObject, nextEvent, until } from './helpers/kurento';
import { useMediaRig } from './helpers/rig';
import { WeriftPeer } from './helpers/weriftPeer';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const VP8_OPUS = ['-c:v', 'libvpx', '-b:v', '400k', '-auto-alt-ref', '0', '-c:a', 'libopus'];
/** RTP timestamp b is after a (or equal), modulo 2^32. */
const notBefore = (a: number, b: number) => ((b - a) >>> 0) < 0x80000000;

describe('PlayerEndpoint: sinks that join after play(), key-frame requests, unsupported tracks', { timeout: 90_000 }, () => {
  const browserPeers: BrowserPeer[] = [];
  const weriftPeers: WeriftPeer[] = [];
  const rig = useMediaRig('onair-ms-play-', async () => {
    for (const peer of browserPeers.splice(0)) await peer.close();
    for (const peer of weriftPeers.splice(0)) await peer.close();
  });
  /** 8 s of VP8 + Opus with a single key frame, at the start. */
  let oneKeyframe: string;
  /** 8 s of VP8 + Opus with a key frame every 2 s (what the api's recordings have). */
  let twoSecondGop: string;
  /** 6 s of H.264 (constrained baseline) + AAC in MP4. */
  let aacMp4: string;

  before(() => {
    oneKeyframe = join(rig.dir, 'one-keyframe.webm');
    makeMedia(oneKeyframe, 8, ['-g', '1000', '-keyint_min', '1000', ...VP8_OPUS]);
    twoSecondGop = join(rig.dir, 'gop-2s.webm');
    makeMedia(twoSecondGop, 8, ['-g', '60', '-keyint_min', '60', ...VP8_OPUS]);
    aacMp4 = join(rig.dir, 'h264-aac.mp4');
    makeMedia(aacMp4, 6, ['-c:v', 'libx264', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p', '-c:a', 'aac']);
  });

  async function browserViewer(endpoint: KObject, codec?: string): Promise<BrowserPeer> {
    const page = await rig.browser.context.newPage();
    await page.goto(rig.pages.url);
    const peer = await BrowserPeer.connect(page, endpoint, 'recv', { codec });
    browserPeers.push(peer);
    return peer;
  }

  async function closeAll(pipeline: KObject): Promise<void> {
    for (const peer of browserPeers.splice(0)) {
      await peer.close();
      await peer.page.close();
    }
    for (const peer of weriftPeers.splice(0)) await peer.close();
    await call(pipeline, 'release');
  }

  // Without transcoding the player cannot make a key frame of the current picture: on a key-frame
  // request it sends the file again from its last key frame, fast, up to where it is.
  it('one key frame at 0: a viewer attached 3 s into play decodes within 2 s; the first viewer keeps decoding; EndOfStream on time', async () => {
    assert.equal(keyframeTimes(oneKeyframe).length, 1, 'the file has one key frame');
    const pipeline = await create(rig.client, 'MediaPipeline');
    try {
      const player = await create(pipeline, 'PlayerEndpoint', { uri: pathToFileURL(oneKeyframe).href });
      const errors = collect(player, 'Error');
      const first = await create(pipeline, 'WebRtcEndpoint');
      await call(player, 'connect', first);
      const firstViewer = await browserViewer(first);
      const endOfStream = nextEvent(player, 'EndOfStream', () => true, 20_000);
      endOfStream.catch(() => undefined); // awaited below; not an unhandled rejection if the test fails first
      await call(player, 'play');
      const playedAt = Date.now();
      await firstViewer.waitFrames(10, 3_000);

      await sleep(3_000 - (Date.now() - playedAt));
      const second = await create(pipeline, 'WebRtcEndpoint');
      await call(player, 'connect', second);
      const before = (await firstViewer.stats()).framesDecoded;
      const t0 = Date.now();
      const secondViewer = await browserViewer(second);
      const stats = await secondViewer.waitFrames(10, 2_000);
      console.log(`viewer attached at ${t0 - playedAt} ms: 10 frames after ${Date.now() - t0} ms`, stats);
      const firstStats = await firstViewer.waitFrames(before + 20, 2_000);
      assert.ok(firstStats.framesDecoded >= before + 20, 'the first viewer keeps decoding');

      await endOfStream;
      const played = Date.now() - playedAt;
      console.log(`EndOfStream ${played} ms after play()`);
      assert.ok(played > 7_500 && played < 9_500, `an 8 s file ended after ${played} ms`);
      assert.deepEqual(errors, []);
    } finally {
      await closeAll(pipeline);
    }
  });

  // A recorder keeps key frames coming by asking its source (recordingKeyframeIntervalMs), but a player
  // answers by replaying its file from the last key frame: it is never asked by a recorder's watchdog,
  // or the recording would hold the file's start again every 1.5 s.
  it('a recorder of a player 2.5 s into a one-key-frame file: one replay when it starts, none after', async () => {
    const pipeline = await create(rig.client, 'MediaPipeline');
    try {
      const player = await create(pipeline, 'PlayerEndpoint', { uri: pathToFileURL(oneKeyframe).href });
      const passThrough = await create(pipeline, 'PassThrough');
      await call(player, 'connect', passThrough);
      await call(player, 'play');
      await sleep(2_500);
      const path = join(rig.dir, 'player-recording.webm');
      const recorder = await create(pipeline, 'RecorderEndpoint', { uri: pathToFileURL(path).href, mediaProfile: 'WEBM_VIDEO_ONLY' });
      await call(passThrough, 'connect', recorder);
      await call(recorder, 'record');
      await sleep(4_500);
      await call(recorder, 'stopAndWait');
      const frames = packetTimes(path, 'v');
      console.log(`recording of the player: ${frames.length} frames, key frames at ${JSON.stringify(keyframeTimes(path))} s`);
      assert.equal(keyframeTimes(path).length, 1, 'the replay that opened the recording is its only key frame');
      // 2.5 s replayed fast, then 4.5 s in real time at 30 frames/s: about 210 frames; a second replay would add 75 or more
      assert.ok(frames.length < 240, `${frames.length} frames`);
    } finally {
      await closeAll(pipeline);
    }
  });

  it('a viewer\'s PLI mid-file: its last key frame arrives at once, RTP timestamps keep increasing without a jump', async () => {
    assert.deepEqual(keyframeTimes(twoSecondGop).map(Math.round), [0, 2, 4, 6]);
    const pipeline = await create(rig.client, 'MediaPipeline');
    try {
      const player = await create(pipeline, 'PlayerEndpoint', { uri: pathToFileURL(twoSecondGop).href });
      const ep = await create(pipeline, 'WebRtcEndpoint');
      await call(player, 'connect', ep);
      const viewer = await WeriftPeer.connect(ep, 'viewer');
      weriftPeers.push(viewer);
      await viewer.connected();
      await call(player, 'play');
      await viewer.waitReceived(20, 3_000);
      // Past 2.6 s into the file: the last key frame was at 2 s, the next one is 1.4 s away or more.
      await until(async () => (await call<number>(player, 'getPosition')) >= 2_600, 5_000, 'position 2.6 s');
      const log = viewer.videoLog;
      const sent = log.length;
      const t0 = Date.now();
      await viewer.sendPli();
      await until(() => log.slice(sent).some((p) => p.keyframe), 400, 'a key frame after the PLI');
      const key = log.slice(sent).find((p) => p.keyframe)!;
      const previous = log[sent - 1];
      console.log(`PLI → key frame ${key.at - t0} ms; its RTP timestamp ${((key.timestamp - previous.timestamp) >>> 0) / 90} ms `
        + 'after the last packet before it');
      await sleep(1_000);
      for (let i = 1; i < log.length; i++) {
        assert.ok(notBefore(log[i - 1].timestamp, log[i].timestamp), `timestamp goes back at packet ${i}`);
      }
      // The resent frames are stamped as sent: no jump ahead (which would delay the picture) or back.
      assert.ok(((key.timestamp - previous.timestamp) >>> 0) / 90 < 100, 'no jump in the timeline');
    } finally {
      await closeAll(pipeline);
    }
  });

  it('an MP4 with H.264 + AAC: an Error event names the AAC track, the H.264 video plays', async () => {
    const pipeline = await create(rig.client, 'MediaPipeline');
    try {
      const player = await create(pipeline, 'PlayerEndpoint', { uri: pathToFileURL(aacMp4).href });
      const error = nextEvent(player, 'Error', () => true, 5_000);
      const ep = await create(pipeline, 'WebRtcEndpoint');
      await call(player, 'connect', ep);
      const viewer = await browserViewer(ep, 'video/H264');
      await call(player, 'play');
      const event = await error;
      console.log('player Error event:', event);
      assert.equal(event.type, 'UNSUPPORTED_MEDIA_TYPE');
      assert.equal(event.errorCode, 40005);
      assert.match(event.description, /audio/i);
      assert.match(event.description, /aac/i);
      const stats = await viewer.waitFrames(10, 5_000);
      assert.ok(stats.codecs.some((c) => /H264/i.test(c)), JSON.stringify(stats));
      assert.equal(stats.audioPackets, 0, 'no audio is sent');

      // Nothing playable at all: play() itself fails, naming what the file has.
      const aacOnly = join(rig.dir, 'aac-only.m4a');
      makeMedia(aacOnly, 1, ['-vn', '-c:a', 'aac']);
      const audioOnly = await create(pipeline, 'PlayerEndpoint', { uri: pathToFileURL(aacOnly).href });
      await assert.rejects(call(audioOnly, 'play'), (e: { code: number; message: string }) => e.code === 40005 && /aac audio/.test(e.message));
    } finally {
      await closeAll(pipeline);
    }
  });
});
