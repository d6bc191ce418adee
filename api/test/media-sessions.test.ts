import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { MediaSessions } from '../src/rtc/media-sessions';
import { createLogger } from '../src/shared/logger';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('media sessions remember how they ended', () => {
  it('a subscription long after the end (the session forgotten) still gets ENDED with its reason, and only its owner may ask', async () => {
    const sessions = new MediaSessions(createLogger('test', 'error'), { keepEndedMs: 50 });
    const id = randomUUID();
    sessions.claim(id, 'ann');
    sessions.end(id, 'live-ended');
    await pause(150); // forgotten by now: only its tombstone is left

    const events = sessions.events(id, 'ann');
    const first = await Promise.race([events.next(), pause(1000).then(() => 'nothing within 1 s' as const)]);
    assert.notEqual(first, 'nothing within 1 s', 'a late subscriber is told at once');
    assert.deepEqual((first as IteratorResult<unknown>).value, { seq: 1, type: 'ENDED', reason: 'live-ended' });
    assert.equal((await events.next()).done, true);
    assert.throws(() => sessions.events(id, 'bob'), /belongs to someone else/);
    await assert.rejects(sessions.addCandidate(id, 'ann', { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' }), /ended/);
    assert.throws(() => sessions.reserve(id, 'ann', () => undefined), /already used/);
  });
});
