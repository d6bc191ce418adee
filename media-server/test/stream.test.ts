import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENCODER_MIN_GAP_MS as GAP_MS, MediaInput, MediaOutput } from '../src/media/stream';

/** src/media/stream.ts KEYFRAME_MIN_INTERVAL_MS */
const WINDOW_MS = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A video output whose upstream key-frame requests are recorded (ms since the output was made). */
function videoOutput() {
  const output = new MediaOutput('video', 'source');
  const t0 = Date.now();
  const sent: number[] = [];
  output.upstreamKeyframe = () => { sent.push(Date.now() - t0); };
  return { output, sent };
}

describe('key-frame requests through pads (src/media/stream.ts)', () => {
  it('sends the first request at once, defers one inside the window to its end and folds further ones into it', async () => {
    const { output, sent } = videoOutput();
    output.requestKeyframe();
    output.requestKeyframe();
    output.requestKeyframe();
    assert.equal(sent.length, 1, 'one at once');
    await sleep(WINDOW_MS + 150);
    assert.equal(sent.length, 2, `the deferred one at the window's end (${sent})`);
    assert.ok(sent[1] >= WINDOW_MS - 5, `not before the window ended (${sent})`);
    await sleep(WINDOW_MS);
    assert.equal(sent.length, 2, 'nothing more');
    output.disconnectAll();
  });

  it('sends an urgent request inside the window once the encoder\'s gap has passed, in place of the deferred one', async () => {
    const { output, sent } = videoOutput();
    output.requestKeyframe();
    output.requestKeyframe(); // deferred to the window's end
    await sleep(50);
    output.requestKeyframe(true);
    assert.equal(sent.length, 1, `not inside the encoder's gap, which would drop it (${sent})`);
    await sleep(GAP_MS + 60 - 50);
    assert.equal(sent.length, 2, `urgent went out after the gap (${sent})`);
    assert.ok(sent[1] >= GAP_MS - 5 && sent[1] < WINDOW_MS - 50, `at the gap's end, not the window's (${sent})`);
    await sleep(WINDOW_MS + 150);
    assert.equal(sent.length, 2, `the deferred one was dropped (${sent})`);
    output.disconnectAll();
  });

  it('sends an urgent request at once when the last one is older than the encoder\'s gap', async () => {
    const { output, sent } = videoOutput();
    output.requestKeyframe();
    await sleep(GAP_MS + 30);
    output.requestKeyframe(true);
    assert.equal(sent.length, 2, `at once (${sent})`);
    output.requestKeyframe(true);
    assert.equal(sent.length, 2, 'a second urgent one right after waits for the gap');
    output.disconnectAll();
  });

  it('asks a source that replays its last key frame (a player) at once for an urgent request, inside the gap too', () => {
    const { output, sent } = videoOutput();
    output.encodesKeyframes = () => false;
    output.requestKeyframe();
    output.requestKeyframe(true);
    assert.equal(sent.length, 2, 'at once: a player has no gap to wait out (it replays, it does not encode)');
    output.requestKeyframe();
    assert.equal(sent.length, 2, 'a plain one still waits for the window');
    output.disconnectAll();
  });

  // A recorder's key-frame watchdog asks urgently; behind a PassThrough (which forwards requests from its
  // output to its input) the request must skip the upstream source's window too, or it could come 500 ms late.
  it('an urgent request stays urgent through an element that forwards it upstream (PassThrough)', async () => {
    const { output: source, sent } = videoOutput();
    const passThroughOut = new MediaOutput('video', 'passThrough');
    const passThroughIn = new MediaInput('video', 'passThrough', () => undefined);
    passThroughIn.attach(source); // asks once: the source's window is open now
    passThroughOut.upstreamKeyframe = (urgent) => passThroughIn.requestKeyframe(urgent);
    assert.equal(sent.length, 1);
    passThroughOut.requestKeyframe(true);
    await sleep(GAP_MS + 60);
    assert.equal(sent.length, 2, `the urgent request reached the source's upstream after the encoder's gap (${sent})`);
    assert.ok(sent[1] < WINDOW_MS - 50, `not at the end of the source's window (${sent})`);
    passThroughOut.requestKeyframe();
    assert.equal(sent.length, 2, 'a plain one waits for the window');
    source.disconnectAll();
    passThroughOut.disconnectAll();
  });

  it('a ring of forwarding elements neither loops on a request nor claims to make key frames', () => {
    // two PassThrough-like elements feeding each other (the only way to make a ring: an input has one source)
    const a = { out: new MediaOutput('video', 'a'), in: new MediaInput('video', 'a', () => undefined) };
    const b = { out: new MediaOutput('video', 'b'), in: new MediaInput('video', 'b', () => undefined) };
    for (const e of [a, b]) {
      e.out.upstreamKeyframe = (urgent) => e.in.requestKeyframe(urgent);
      e.out.encodesKeyframes = () => e.in.source?.makesKeyframes() ?? true;
    }
    a.in.attach(b.out);
    b.in.attach(a.out);
    a.out.requestKeyframe(true);
    a.out.requestKeyframe();
    assert.equal(a.out.makesKeyframes(), false);
    const { output: player } = videoOutput();
    player.encodesKeyframes = () => false;
    a.in.attach(player);
    assert.equal(b.out.makesKeyframes(), false, 'a player behind the chain replays, it does not encode');
    player.encodesKeyframes = () => true;
    assert.equal(b.out.makesKeyframes(), true, 'an encoder behind the chain');
    for (const o of [a.out, b.out, player]) o.disconnectAll();
  });

  it('an input asks its new source for a key frame on attach only when its owner can deliver media', () => {
    const { output, sent } = videoOutput();
    let ready = false;
    const input = new MediaInput('video', 'sink', () => undefined, () => ready);
    input.attach(output);
    assert.deepEqual([sent.length, output.sinks.has(input)], [0, true], 'attached without asking');
    input.detach();
    ready = true;
    input.attach(output);
    assert.equal(sent.length, 1, 'asked when ready');
    output.disconnectAll();
  });

  it('never asks an audio source for key frames', () => {
    const output = new MediaOutput('audio', 'source');
    let asked = 0;
    output.upstreamKeyframe = () => { asked++; };
    new MediaInput('audio', 'sink', () => undefined).attach(output);
    output.requestKeyframe(true);
    assert.equal(asked, 0);
  });
});
