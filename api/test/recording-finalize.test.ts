import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ID } from '../src/recording/ebml-ids';
import { NoMediaError, WebmFinalizeError, finalizeWebm } from '../src/recording/finalize-webm';
import {
  Inspected, decodeErrors, ffprobe, framesOf, inspectWebm, makeLiveWebm, seekFirstFrame, writeWithWerift,
} from './fixtures/webm';

let dir: string;
let sources: string;
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A copy of a source input, to finalize in place. */
function copyOf(name: string, as = name): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}-${as}`);
  copyFileSync(join(sources, name), path);
  return path;
}

function probeDuration(path: string): number | undefined {
  const d = ffprobe(path, '-show_entries', 'format=duration').format?.duration;
  return d === undefined ? undefined : Number(d);
}

/** What every finalized file must be: known sizes everywhere, a SeekHead that is right, Cues on real blocks. */
function assertSeekable(path: string, expect: { cuesOn: 'keyframes' | 'clusters' }): Inspected {
  const buf = readFileSync(path);
  const file = inspectWebm(buf);
  assert.ok(file.segmentSizeKnown, 'the Segment has a known size');
  assert.equal(file.segmentEnd, buf.length, 'the Segment size is the real one');
  assert.ok(file.clusters.every((c) => c.sizeKnown), 'every Cluster has a known size');
  assert.ok(file.duration !== undefined && file.duration > 0, 'Info has a Duration');
  for (const id of [ID.Info, ID.Tracks, ID.Cues]) {
    const position = file.seek.get(id);
    assert.ok(position !== undefined, `SeekHead points to ${id.toString(16)}`);
    assert.ok(file.topLevel.some((e) => e.id === id && e.position === position), `SeekHead position of ${id.toString(16)} is right`);
  }
  assert.ok(file.cues.length >= 2, `at least 2 CuePoints (got ${file.cues.length})`);
  const video = new Set(file.tracks.filter((t) => t.type === 1).map((t) => t.number));
  for (const cue of file.cues) {
    const cluster = file.clusters.find((c) => c.position === cue.clusterPosition);
    assert.ok(cluster, `cue at ${cue.time} points to a Cluster`);
    const block = cluster.blocks.find((b) => b.relative === cue.relativePosition);
    assert.ok(block, `cue at ${cue.time} points to a block of that cluster`);
    assert.equal(block.track, cue.track);
    assert.equal(block.time, cue.time, 'cue time is the block time');
    if (expect.cuesOn === 'keyframes') assert.ok(block.key && video.has(block.track), 'cue on a video key frame');
    else assert.equal(block, cluster.blocks[0], 'cue on the first block of its cluster');
  }
  if (expect.cuesOn === 'keyframes') {
    const keyframes = file.clusters.flatMap((c) => c.blocks.filter((b) => b.key && video.has(b.track)));
    assert.equal(file.cues.length, keyframes.length, 'one CuePoint per video key frame');
  } else {
    assert.equal(file.cues.length, file.clusters.length, 'one CuePoint per cluster');
  }
  const times = file.cues.map((c) => c.time);
  assert.deepEqual(times, [...times].sort((a, b) => a - b), 'CuePoints in time order');
  return file;
}

function assertSameFrames(before: Buffer, afterPath: string): void {
  const a = framesOf(before);
  const b = framesOf(readFileSync(afterPath));
  assert.equal(b.length, a.length, 'same number of frames');
  for (let i = 0; i < a.length; i++) {
    assert.equal(b[i].time, a[i].time, `frame ${i} time`);
    assert.equal(b[i].key, a[i].key, `frame ${i} key flag`);
    assert.ok(b[i].data.equals(a[i].data), `frame ${i} bytes`);
  }
}

function assertNoLeftovers(): void {
  const left = readdirSync(dir).filter((n) => n.endsWith('.finalizing'));
  assert.deepEqual(left, [], 'no temporary file left behind');
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'onair-finalize-'));
  sources = join(dir, 'sources');
  mkdirSync(sources);
  makeLiveWebm(join(sources, 'av.webm'), { seconds: 5 });
  makeLiveWebm(join(sources, 'video.webm'), { seconds: 5, audio: false });
  makeLiveWebm(join(sources, 'audio.webm'), { seconds: 5, video: false, clusterMs: 1000 });
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('finalizeWebm: live recordings become seekable with their real duration', () => {
  it('VP8+Opus muxed live (unknown-size Segment, no Duration, no Cues)', async () => {
    const input = join(sources, 'av.webm');
    const raw = inspectWebm(readFileSync(input));
    assert.equal(probeDuration(input), undefined, 'the raw input has no duration');
    assert.equal(raw.cues.length, 0, 'the raw input has no Cues');
    assert.equal(raw.segmentSizeKnown, false, 'the raw input has an unknown-size Segment');
    const path = copyOf('av.webm');
    const started = Date.now();
    const result = await finalizeWebm(path);
    const ms = Date.now() - started;
    assert.ok(Math.abs(result.durationMs - 5000) <= 100, `duration ${result.durationMs} ms within 2% of 5 s`);
    assert.equal(result.sizeBytes, statSync(path).size);
    assert.equal(result.droppedBytes, 0);
    assert.ok(ms < 2000, `finalized in ${ms} ms`);
    const probed = probeDuration(path)!;
    assert.ok(Math.abs(probed - 5) <= 0.1, `ffprobe duration ${probed} s within 2% of 5 s`);
    const file = assertSeekable(path, { cuesOn: 'keyframes' });
    assert.equal(result.cuePoints, file.cues.length);
    assert.equal(file.cues.length, 5, 'a key frame every second');
    assertSameFrames(readFileSync(input), path);
    assert.equal(result.blocks, raw.clusters.reduce((n, c) => n + c.blocks.length, 0), 'every block kept');
    assert.ok(raw.clusters.some((c) => c.blocks.some((b) => b.group)), 'the input has a BlockGroup too (last Opus packet)');
    const out = inspectWebm(readFileSync(path));
    assert.equal(out.clusters.flatMap((c) => c.blocks).filter((b) => b.group).length,
      raw.clusters.flatMap((c) => c.blocks).filter((b) => b.group).length, 'BlockGroups kept');
    for (const at of [1, 3, 4.5]) {
      const seek = seekFirstFrame(path, at);
      assert.ok(Math.abs(seek.pts - at) < 0.1, `seek to ${at} s decodes a frame at ${seek.pts} s`);
      assert.ok(seek.ms < 5000, `seek took ${seek.ms} ms`);
    }
    assert.equal(decodeErrors(path), '', 'decodes without errors');
    assertNoLeftovers();
  });

  it('video only', async () => {
    const input = join(sources, 'video.webm');
    assert.equal(probeDuration(input), undefined);
    const path = copyOf('video.webm');
    const result = await finalizeWebm(path);
    assert.ok(Math.abs(result.durationMs - 5000) <= 100, `duration ${result.durationMs}`);
    assert.ok(Math.abs(probeDuration(path)! - 5) <= 0.1);
    assertSeekable(path, { cuesOn: 'keyframes' });
    assertSameFrames(readFileSync(input), path);
    const seek = seekFirstFrame(path, 3);
    assert.ok(Math.abs(seek.pts - 3) < 0.1, `seek pts ${seek.pts}`);
    assert.equal(decodeErrors(path), '');
  });

  it('audio only: one cue per cluster', async () => {
    const input = join(sources, 'audio.webm');
    assert.equal(probeDuration(input), undefined);
    const path = copyOf('audio.webm');
    const result = await finalizeWebm(path);
    assert.ok(Math.abs(result.durationMs - 5000) <= 100, `duration ${result.durationMs}`);
    assert.ok(Math.abs(probeDuration(path)! - 5) <= 0.1);
    const file = assertSeekable(path, { cuesOn: 'clusters' });
    assert.ok(file.cues.length >= 4, `${file.cues.length} cues`);
    assertSameFrames(readFileSync(input), path);
    const seek = seekFirstFrame(path, 3, 'audio');
    assert.ok(Math.abs(seek.pts - 3) < 0.1, `seek pts ${seek.pts}`);
    assert.equal(decodeErrors(path), '');
  });

  it("werift's writer, recorder killed before stop (unknown-size Segment and Clusters, 24 h placeholder Duration)", async () => {
    const path = join(dir, 'werift-crash.webm');
    await writeWithWerift(path, framesOf(readFileSync(join(sources, 'av.webm'))), false);
    const raw = inspectWebm(readFileSync(path));
    assert.equal(raw.segmentSizeKnown, false);
    assert.ok(raw.clusters.length > 2 && raw.clusters.every((c) => !c.sizeKnown), 'werift writes unknown-size clusters');
    assert.equal(raw.duration, 24 * 3600 * 1000, 'werift wrote its 24 h placeholder');
    assert.equal(raw.cues.length, 0);
    const before = readFileSync(path);
    const result = await finalizeWebm(path);
    assert.ok(Math.abs(result.durationMs - 5000) <= 100, `duration ${result.durationMs}`);
    assert.ok(Math.abs(probeDuration(path)! - 5) <= 0.1);
    assertSeekable(path, { cuesOn: 'keyframes' });
    assertSameFrames(before, path);
    const seek = seekFirstFrame(path, 3);
    assert.ok(Math.abs(seek.pts - 3) < 0.1, `seek pts ${seek.pts}`);
    assert.equal(decodeErrors(path), '');
  });

  it("werift's writer after a clean stop (its own Cues at the end, patched Segment size)", async () => {
    const path = join(dir, 'werift-stopped.webm');
    await writeWithWerift(path, framesOf(readFileSync(join(sources, 'av.webm'))), true);
    const raw = inspectWebm(readFileSync(path));
    assert.ok(raw.cues.length > 0, 'werift wrote Cues');
    const before = readFileSync(path);
    const result = await finalizeWebm(path);
    assert.ok(Math.abs(result.durationMs - 5000) <= 100, `duration ${result.durationMs}`);
    assertSeekable(path, { cuesOn: 'keyframes' });
    assertSameFrames(before, path);
    assert.equal(decodeErrors(path), '');
  });

  it('a recording whose timestamps start late is shifted to start at 0 (duration is the media span)', async () => {
    const path = join(dir, 'late.webm');
    makeLiveWebm(path, { seconds: 5, offsetSeconds: 10 });
    const start = Number(ffprobe(path, '-show_entries', 'format=start_time').format.start_time);
    assert.ok(start > 9.9, `the raw input starts at ${start} s`);
    const result = await finalizeWebm(path);
    assert.ok(Math.abs(result.durationMs - 5000) <= 100, `duration ${result.durationMs}`);
    const probed = ffprobe(path, '-show_entries', 'format=start_time,duration').format;
    assert.ok(Math.abs(Number(probed.start_time)) < 0.05, `starts at ${probed.start_time}`);
    assert.ok(Math.abs(Number(probed.duration) - 5) <= 0.1, `ffprobe duration ${probed.duration}`);
    const file = assertSeekable(path, { cuesOn: 'keyframes' });
    assert.ok(file.cues[0].time < 50, `first cue at ${file.cues[0].time} ms`);
    const seek = seekFirstFrame(path, 3);
    assert.ok(Math.abs(seek.pts - 3) < 0.1, `seek pts ${seek.pts}`);
  });

  it('is idempotent, and accepts an ordinary (already seekable) WebM', async () => {
    const path = copyOf('av.webm');
    const first = await finalizeWebm(path);
    const once = readFileSync(path);
    const second = await finalizeWebm(path);
    assert.deepEqual(second, first);
    assert.ok(readFileSync(path).equals(once), 'finalizing twice gives the same bytes');

    const ordinary = join(dir, 'ordinary.webm');
    makeLiveWebm(ordinary, { seconds: 5, ordinary: true });
    const raw = inspectWebm(readFileSync(ordinary));
    assert.ok(raw.cues.length > 0 && raw.duration !== undefined, 'an ordinary WebM has Cues and a Duration');
    const before = readFileSync(ordinary);
    const result = await finalizeWebm(ordinary);
    assert.ok(Math.abs(result.durationMs - 5000) <= 100, `duration ${result.durationMs}`);
    assertSeekable(ordinary, { cuesOn: 'keyframes' });
    assertSameFrames(before, ordinary);
  });
});

describe('finalizeWebm: cut and broken files', () => {
  it('a file cut mid-cluster keeps every complete block before the cut', async () => {
    const buf = readFileSync(join(sources, 'av.webm'));
    const raw = inspectWebm(buf);
    const cluster = raw.clusters[2];
    const cutBlock = cluster.blocks[Math.floor(cluster.blocks.length / 2)];
    const cutAt = raw.segmentStart + cluster.position + cutBlock.relative + 20; // inside that block
    const path = join(dir, 'cut.webm');
    writeFileSync(path, buf.subarray(0, cutAt));
    const kept = raw.clusters.slice(0, 2).reduce((n, c) => n + c.blocks.length, 0) + cluster.blocks.indexOf(cutBlock);

    const result = await finalizeWebm(path);
    assert.equal(result.blocks, kept, 'every complete block is kept, the cut one dropped');
    assert.ok(result.droppedBytes > 0 && result.droppedBytes < 1000, `dropped ${result.droppedBytes} bytes`);
    const lastKept = cluster.blocks[cluster.blocks.indexOf(cutBlock) - 1].time;
    assert.ok(result.durationMs >= lastKept && result.durationMs <= lastKept + 50, `duration ${result.durationMs} after last block ${lastKept}`);
    const probed = probeDuration(path)!;
    assert.ok(Math.abs(probed * 1000 - result.durationMs) < 2, `ffprobe ${probed}`);
    assertSeekable(path, { cuesOn: 'keyframes' });
    assert.equal(decodeErrors(path), '');
    const seek = seekFirstFrame(path, 1.5);
    assert.ok(Math.abs(seek.pts - 1.5) < 0.1, `seek pts ${seek.pts}`);
  });

  it('cut inside the EBML header or before any cluster → NoMediaError, file untouched', async () => {
    const buf = readFileSync(join(sources, 'av.webm'));
    const raw = inspectWebm(buf);
    for (const cutAt of [10, raw.segmentStart + raw.clusters[0].position, raw.segmentStart + raw.clusters[0].position + 6]) {
      const path = join(dir, `head-${cutAt}.webm`);
      writeFileSync(path, buf.subarray(0, cutAt));
      const before = sha(path);
      await assert.rejects(finalizeWebm(path), (e: unknown) => e instanceof NoMediaError && e.code === 'NO_MEDIA', `cut at ${cutAt}`);
      assert.equal(sha(path), before);
    }
    assertNoLeftovers();
  });

  it('empty file and a werift file with no frame → NoMediaError (the caller discards them)', async () => {
    const empty = join(dir, 'empty.webm');
    writeFileSync(empty, '');
    await assert.rejects(finalizeWebm(empty), NoMediaError);
    assert.equal(statSync(empty).size, 0);
    const headerOnly = join(dir, 'werift-empty.webm');
    await writeWithWerift(headerOnly, [], false, ['video', 'audio']);
    assert.ok(statSync(headerOnly).size > 0);
    const before = sha(headerOnly);
    await assert.rejects(finalizeWebm(headerOnly), (e: unknown) => e instanceof NoMediaError && /no media block/.test((e as Error).message));
    assert.equal(sha(headerOnly), before);
  });

  it('errors leave the original untouched and no temporary file', async () => {
    const text = join(dir, 'notes.webm');
    writeFileSync(text, 'this is not a video\n'.repeat(100));
    const before = sha(text);
    await assert.rejects(finalizeWebm(text), (e: unknown) => e instanceof WebmFinalizeError && e.code === 'INVALID_WEBM'
      && !(e instanceof NoMediaError) && /not a WebM/.test((e as Error).message));
    assert.equal(sha(text), before);

    const mkv = join(dir, 'other.webm'); // an EBML file of another DocType
    writeFileSync(mkv, Buffer.from('1a45dfa3874282847465737400', 'hex'));
    await assert.rejects(finalizeWebm(mkv), (e: unknown) => e instanceof WebmFinalizeError && e.code === 'INVALID_WEBM');

    // Clusters before Tracks: cannot be made playable.
    const buf = readFileSync(join(sources, 'av.webm'));
    const raw = inspectWebm(buf);
    const tracks = raw.topLevel.find((e) => e.id === ID.Tracks)!;
    const broken = Buffer.from(buf);
    broken.writeUInt32BE(ID.Cluster, raw.segmentStart + tracks.position); // Tracks ID overwritten by a Cluster ID
    const path = join(dir, 'broken.webm');
    writeFileSync(path, broken);
    await assert.rejects(finalizeWebm(path), (e: unknown) => e instanceof WebmFinalizeError && e.code === 'INVALID_WEBM');
    assert.ok(readFileSync(path).equals(broken));

    await assert.rejects(finalizeWebm(join(dir, 'missing.webm')), (e: unknown) => e instanceof WebmFinalizeError && e.code === 'IO');
    await assert.rejects(finalizeWebm(sources), (e: unknown) => e instanceof WebmFinalizeError && e.code === 'IO');
    assertNoLeftovers();
  });
});
