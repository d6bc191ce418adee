import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig } from '../src/config';
import { KeyframeWatchdog, WATCHDOG_ASK_AT, WATCHDOG_CHECK_MS, WATCHDOG_RETRY_MS } from '../src/media/keyframeWatchdog';

/**
 * A watchdog on a hand-moved clock. `advance` moves the clock in WATCHDOG_CHECK_MS steps and runs the
 * check at each, as the watchdog's own timer does (the tests never yield, so that real timer never fires).
 */
function watched(intervalMs: number) {
  let now = 0;
  const asks: number[] = [];
  const dog = new KeyframeWatchdog(intervalMs, () => asks.push(now), () => now);
  const advance = (ms: number) => {
    for (const end = now + ms; now < end;) {
      now = Math.min(end, now + WATCHDOG_CHECK_MS);
      dog.check();
    }
  };
  return { dog, asks, advance, at: () => now };
}

describe('KeyframeWatchdog (src/media/keyframeWatchdog.ts)', () => {
  it('asks once 75% of the interval passed without a key frame, then every 400 ms until one comes', () => {
    const { dog, asks, advance } = watched(2000);
    dog.start();
    advance(1400);
    assert.deepEqual(asks, [], 'nothing before 1500 ms');
    advance(100);
    assert.deepEqual(asks, [2000 * WATCHDOG_ASK_AT]);
    advance(WATCHDOG_RETRY_MS - 100);
    assert.equal(asks.length, 1, 'its request is awaited for 400 ms');
    advance(100);
    assert.deepEqual(asks, [1500, 1500 + WATCHDOG_RETRY_MS], 'then asked again');
    dog.stop();
  });

  it('needNow: asks every 400 ms at once (not when the interval runs out) until a key frame comes', () => {
    const { dog, asks, advance } = watched(2000);
    dog.start();
    dog.keyframe();
    dog.asked(); // the owner's own request, as a recording resumes
    dog.needNow();
    advance(WATCHDOG_RETRY_MS);
    assert.deepEqual(asks, [WATCHDOG_RETRY_MS], 'asked again once its own request went unanswered');
    advance(WATCHDOG_RETRY_MS);
    assert.deepEqual(asks, [WATCHDOG_RETRY_MS, 2 * WATCHDOG_RETRY_MS]);
    dog.keyframe();
    advance(1000);
    assert.equal(asks.length, 2, 'back to the interval once a key frame came');
    dog.stop();
  });

  it('every key frame restarts the clock, whoever asked for it', () => {
    const { dog, asks, advance, at } = watched(2000);
    dog.start();
    for (let i = 0; i < 10; i++) {
      advance(1000);
      dog.keyframe(); // e.g. a viewer's request answered
    }
    assert.deepEqual(asks, [], 'key frames every second: never asks');
    advance(1500);
    assert.deepEqual(asks, [at()]);
    dog.keyframe();
    advance(1400);
    assert.equal(asks.length, 1);
    dog.stop();
  });

  it('the owner\'s own request when recording starts counts as outstanding', () => {
    const { dog, asks, advance } = watched(400);
    dog.asked();
    dog.start();
    advance(300); // 75% of 400 ms passed, but the owner asked 300 ms ago
    assert.deepEqual(asks, []);
    advance(100);
    assert.deepEqual(asks, [400]);
    dog.stop();
  });

  it('does not ask while stopped, and a pause does not count: it resumes where it was', () => {
    const { dog, asks, advance } = watched(2000);
    dog.start();
    advance(1000);
    dog.stop();
    advance(10_000);
    assert.deepEqual(asks, [], 'stopped');
    dog.start();
    advance(400);
    assert.deepEqual(asks, [], '1400 ms of recorded time since the last key frame');
    advance(100);
    assert.deepEqual(asks, [11_500]);
    dog.stop();
    assert.equal(dog.running, false);
  });

  it('an interval of 0 turns it off', () => {
    const { dog, asks, advance } = watched(0);
    dog.start();
    assert.equal(dog.running, false);
    advance(10_000);
    assert.deepEqual(asks, []);
  });

  it('the server option recordingKeyframeIntervalMs: 2000 by default, 0 turns it off, nonsense refused', () => {
    assert.equal(resolveConfig({}).recordingKeyframeIntervalMs, 2000);
    assert.equal(resolveConfig({ recordingKeyframeIntervalMs: 0 }).recordingKeyframeIntervalMs, 0);
    assert.equal(resolveConfig({ recordingKeyframeIntervalMs: 1000 }).recordingKeyframeIntervalMs, 1000);
    assert.throws(() => resolveConfig({ recordingKeyframeIntervalMs: -1 }), RangeError);
    assert.throws(() => resolveConfig({ recordingKeyframeIntervalMs: Number('2 s') }), RangeError);
  });
});
