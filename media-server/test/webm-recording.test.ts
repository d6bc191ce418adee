import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RtpHeader, RtpPacket } from 'werift';
import { WebmRecording } from '../src/media/webmRecording';
import { packetTimes } from './helpers/files';

const VIDEO_PT = 96;
const AUDIO_PT = 111;

/** A VP8 frame in two RTP packets (RFC 7741 descriptor, then a frame tag; a key frame has the 320x240 header). */
function vp8Frame(key: boolean): Buffer[] {
  const tag = key
    ? Buffer.from([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00])
    : Buffer.from([0x11, 0x02, 0x00]);
  return [Buffer.concat([Buffer.from([0x10]), tag, Buffer.alloc(40, 7)]), Buffer.concat([Buffer.from([0x00]), Buffer.alloc(40, 9)])];
}

function rtp(sequenceNumber: number, timestamp: number, payload: Buffer, payloadType: number, marker = false): RtpPacket {
  return new RtpPacket(new RtpHeader({ sequenceNumber, timestamp, payloadType, marker, ssrc: 1234, padding: payload.length === 0,
    paddingSize: payload.length === 0 ? 200 : 0 }), payload);
}

describe('WebmRecording (werift\'s writer) with the packets a browser sends', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onair-ms-webm-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  // Chromium sends its bandwidth probes as padding-only packets on the video SSRC (no RTX negotiated):
  // they sit between two frames and take sequence numbers. werift's depacketizer gathered such a packet
  // into the next frame and failed on it, so the file lost the frame after each probe burst (two
  // frames in the first second of most recordings).
  it('writes every frame when padding-only packets sit between frames, in order or late; audio padding is skipped', async () => {
    const path = join(dir, 'padding.webm');
    const recording = new WebmRecording(path, new Map([
      ['video', { codec: { mimeType: 'video/VP8', clockRate: 90000 }, payloadType: VIDEO_PT }],
      ['audio', { codec: { mimeType: 'audio/opus', clockRate: 48000, channels: 2 }, payloadType: AUDIO_PT }],
    ]), { width: 320, height: 240 });
    const FRAMES = 45;
    const paddingAfter: Record<number, number> = { 4: 1, 5: 2, 30: 3 };
    let seq = 65_500; // wraps around inside the file
    let audioSeq = 100;
    let audioTs = 5000;
    let audioFrames = 0;
    for (let f = 0; f < FRAMES; f++) {
      const ts = (4_294_900_000 + f * 3000) >>> 0; // wraps around too
      const [first, second] = vp8Frame(f % 15 === 0);
      const a = rtp(seq & 0xffff, ts, first, VIDEO_PT);
      const b = rtp((seq + 1) & 0xffff, ts, second, VIDEO_PT, true);
      seq += 2;
      const pads = Array.from({ length: paddingAfter[f] ?? 0 }, () => rtp(seq++ & 0xffff, ts, Buffer.alloc(0), VIDEO_PT));
      if (f === 20) {
        // a padding packet that arrives late, after the first packet of the next frame
        const late = rtp(seq++ & 0xffff, ts, Buffer.alloc(0), VIDEO_PT);
        const [n1, n2] = vp8Frame(false);
        f++;
        const nextTs = (4_294_900_000 + f * 3000) >>> 0;
        for (const p of [a, b, rtp(seq & 0xffff, nextTs, n1, VIDEO_PT), late, rtp((seq + 1) & 0xffff, nextTs, n2, VIDEO_PT, true)]) {
          recording.write('video', p);
        }
        seq += 2;
      } else {
        for (const p of [a, b, ...pads]) recording.write('video', p);
      }
      // 20 ms Opus packets at the same pace; one padding-only audio packet among them
      for (; audioTs < 5000 + ((f + 1) * 1000 / 30) * 48; audioTs += 960) {
        recording.write('audio', rtp(audioSeq++, audioTs, Buffer.from([0xfc, 0xff, 0xfe]), AUDIO_PT));
        audioFrames++;
        if (audioFrames === 10) recording.write('audio', rtp(audioSeq++, audioTs, Buffer.alloc(0), AUDIO_PT));
      }
    }
    await recording.finish();
    const video = packetTimes(path, 'v');
    const audio = packetTimes(path, 'a');
    assert.equal(video.length, FRAMES, `video frames in the file: ${video.length} of ${FRAMES}`);
    assert.deepEqual(video.flatMap((p, i) => (p.key ? [i] : [])), [0, 15, 30], 'the key frames are frames 0, 15 and 30');
    assert.equal(audio.length, audioFrames, `audio frames in the file: ${audio.length} of ${audioFrames}`);
  });

  it('after a pause, video goes on from the next key frame of whatever source comes back, joined without a gap', async () => {
    const path = join(dir, 'resumed.webm');
    const recording = new WebmRecording(path, new Map([
      ['video', { codec: { mimeType: 'video/VP8', clockRate: 90000 }, payloadType: VIDEO_PT }],
    ]), { width: 320, height: 240 });
    const send = (seq: number, ts: number, key: boolean) => {
      const [first, second] = vp8Frame(key);
      recording.write('video', rtp(seq & 0xffff, ts >>> 0, first, VIDEO_PT));
      recording.write('video', rtp((seq + 1) & 0xffff, ts >>> 0, second, VIDEO_PT, true));
    };
    for (let f = 0; f < 10; f++) send(100 + 2 * f, 1000 + f * 3000, f === 0);
    await new Promise((resolve) => setTimeout(resolve, 100)); // written, as a live's are, before the pause
    recording.pause();
    // The new source: other sequence numbers and timestamps, two frames that need pictures the file lacks, then a key frame.
    for (let f = 0; f < 8; f++) send(40_000 + 2 * f, 7_000_000 + f * 3000, f === 2);
    await recording.finish();
    const video = packetTimes(path, 'v');
    assert.equal(video.length, 16, `10 frames, then 6 from the key frame on (got ${video.length})`);
    assert.deepEqual(video.flatMap((p, i) => (p.key ? [i] : [])), [0, 10]);
    const steps = video.slice(1).map((p, i) => Math.round((p.time - video[i].time) * 1000));
    assert.ok(steps.every((ms) => ms >= 30 && ms <= 40), `frames evenly spaced across the join: ${steps}`);
  });
});
