import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, it } from 'node:test';
import type { RunningApi } from '../src/app/server';
import { Call } from '../src/call/call.entity';
import {
  ACCEPT, CALL, CALL_USER, callEvents, CallFields, CANCEL, CURRENT, dial, HANG_UP, HISTORY, nextCallEvent, ok, PUBLISH, REJECT, VIEW,
} from './support/call-client';
import { errorCode } from './support/graphql';
import { eventually, LiveUser } from './support/live-client';
import { onEveryBackend } from './support/matrix';
import { TestPeer } from './support/peer';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

onEveryBackend('calls: dialling, outcomes and history', (fixture) => {
  let api: RunningApi;
  let n = 0;
  /** A new user with one realtime connection (online). */
  const user = (name: string) => LiveUser.register(api, `${name}${++n}`);
  before(async () => { api = await fixture.api({ CALL_RING_TIMEOUT_SECONDS: '2' }); });

  it('refuses calling yourself, an unknown nickname and an empty one, with clear codes', async () => {
    const ann = await user('ann');
    assert.equal(errorCode(await ann.gql(CALL_USER, { nickname: ann.nickname })), 'BAD_USER_INPUT');
    assert.equal(errorCode(await ann.gql(CALL_USER, { nickname: `nobody-${randomUUID().slice(0, 8)}` })), 'NOT_FOUND');
    assert.equal(errorCode(await ann.gql(CALL_USER, { nickname: '   ' })), 'BAD_USER_INPUT');
    assert.equal(errorCode(await ann.gql(ACCEPT, { id: 'not-a-call' })), 'BAD_USER_INPUT');
    assert.equal(errorCode(await ann.gql(ACCEPT, { id: randomUUID() })), 'NOT_FOUND');
    assert.equal((await ann.gql(CURRENT)).data!.currentCall, null);
  });

  it('an offline callee: the call ends at once as OFFLINE, the caller is told, and it is in the history', async () => {
    const [ann, bob] = [await user('ann'), await user('bob')];
    await bob.ws.dispose();
    await eventually('bob offline', async () => (await ann.gql('{ onlineUsers { nickname } }')).data!.onlineUsers.map((u: { nickname: string }) => u.nickname),
      (names: string[]) => !names.includes(bob.nickname));
    const events = callEvents(ann);
    await pause(100);
    const call = await dial(ann, bob);
    assert.equal(call.state, 'ENDED');
    assert.equal(call.outcome, 'OFFLINE');
    const told = await nextCallEvent(events, 'OFFLINE');
    assert.equal(told.call.id, call.id);
    const history = await ok(ann, CALL, { id: call.id });
    assert.equal(history.outcome, 'OFFLINE');
    assert.equal(history.direction, 'OUTGOING');
  });

  it('B declines: both are told at once, the caller sees who declined; the row and the history agree', async () => {
    const [ann, bob] = [await user('ann'), await user('bob')];
    const [annEvents, bobEvents] = [callEvents(ann), callEvents(bob)];
    await pause(100);
    const call = await dial(ann, bob);
    assert.equal(call.state, 'RINGING');
    assert.equal(call.otherParty.nickname, bob.nickname);
    const incoming = await nextCallEvent(bobEvents, 'INCOMING');
    assert.equal(incoming.call.caller.nickname, ann.nickname);
    assert.equal(incoming.call.direction, 'INCOMING');
    await nextCallEvent(annEvents, 'RINGING');
    assert.equal((await ann.gql(CURRENT)).data!.currentCall.id, call.id);

    const rejected = await ok(bob, REJECT, { id: call.id });
    assert.equal(rejected.outcome, 'REJECTED');
    const told = await nextCallEvent(annEvents, 'REJECTED');
    assert.equal(told.by!.nickname, bob.nickname);
    await nextCallEvent(bobEvents, 'REJECTED');
    assert.equal(errorCode(await bob.gql(ACCEPT, { id: call.id })), 'CALL_ENDED', 'too late to answer');
    const row = await api.services.orm.em.fork().findOneOrFail(Call, { id: call.id });
    assert.equal(row.outcome, 'REJECTED');
    assert.ok(row.endedAt);
    assert.equal((await ann.gql(CURRENT)).data!.currentCall, null, 'both are free again');
    await dial(bob, ann).then((again) => ok(bob, CANCEL, { id: again.id }));
  });

  it('the caller cancels while it rings: both told; only the caller cancels, only the callee declines', async () => {
    const [ann, bob] = [await user('ann'), await user('bob')];
    const bobEvents = callEvents(bob);
    await pause(100);
    const call = await dial(ann, bob);
    assert.equal(errorCode(await bob.gql(CANCEL, { id: call.id })), 'FORBIDDEN');
    assert.equal(errorCode(await ann.gql(REJECT, { id: call.id })), 'FORBIDDEN');
    assert.equal(errorCode(await ann.gql(ACCEPT, { id: call.id })), 'FORBIDDEN', 'the caller cannot answer their own call');
    const cancelled = await ok(ann, CANCEL, { id: call.id });
    assert.equal(cancelled.outcome, 'CANCELLED');
    assert.equal(cancelled.endedBy!.nickname, ann.nickname);
    await nextCallEvent(bobEvents, 'CANCELLED');
  });

  it('busy: a callee already ringing is BUSY for a second caller (both told); a caller in a call cannot dial', async () => {
    const [ann, bob, cid] = [await user('ann'), await user('bob'), await user('cid')];
    const [bobEvents, cidEvents] = [callEvents(bob), callEvents(cid)];
    await pause(100);
    const first = await dial(ann, bob);
    const second = await dial(cid, bob);
    assert.equal(second.state, 'ENDED');
    assert.equal(second.outcome, 'BUSY');
    await nextCallEvent(cidEvents, 'BUSY');
    const busy = await nextCallEvent(bobEvents, 'BUSY');
    assert.equal(busy.call.caller.nickname, cid.nickname, 'the busy callee learns who tried');
    assert.equal(errorCode(await ann.gql(CALL_USER, { nickname: cid.nickname })), 'ALREADY_IN_CALL');
    assert.equal(errorCode(await bob.gql(CALL_USER, { nickname: cid.nickname })), 'ALREADY_IN_CALL', 'a ringing callee is in a call too');
    await ok(ann, CANCEL, { id: first.id });
  });

  it('nobody answers: MISSED for both after the ring timeout, exactly once; answering after it is CALL_ENDED', async () => {
    const [ann, bob] = [await user('ann'), await user('bob')];
    const [annEvents, bobEvents] = [callEvents(ann), callEvents(bob)];
    await pause(100);
    const call = await dial(ann, bob);
    const missed = await nextCallEvent(annEvents, 'MISSED', 6000);
    assert.equal(missed.call.outcome, 'MISSED');
    assert.equal(missed.call.endReason, 'no-answer');
    await nextCallEvent(bobEvents, 'MISSED');
    assert.equal(errorCode(await bob.gql(ACCEPT, { id: call.id })), 'CALL_ENDED');
    await pause(2500);
    const ends = (feed: typeof annEvents) => feed.events.filter((e) => e.callEvents.call.id === call.id && e.callEvents.call.state === 'ENDED');
    assert.equal(ends(annEvents).length, 1, 'told once');
    assert.equal(ends(bobEvents).length, 1, 'told once');
  });

  it('an answer racing the ring timeout has one winner', async () => {
    const [ann, bob] = [await user('ann'), await user('bob')];
    const annEvents = callEvents(ann);
    await pause(100);
    const call = await dial(ann, bob);
    await pause(1990);
    const answer = await bob.gql(ACCEPT, { id: call.id });
    await pause(500);
    const outcomes = annEvents.events.filter((e) => ['ACCEPTED', 'MISSED'].includes(e.callEvents.type)).map((e) => e.callEvents.type);
    assert.equal(outcomes.length, 1, `one outcome, got ${outcomes.join(', ')}`);
    assert.equal(outcomes[0] === 'ACCEPTED', answer.errors === undefined);
    if (!answer.errors) await ok(ann, HANG_UP, { id: call.id });
  });

  it('two tabs of the callee ring; one answers, the other is told and cannot answer too', async () => {
    const [ann, bob] = [await user('ann'), await user('bob')];
    const bob2 = await bob.newTab();
    const [annEvents, tab1, tab2] = [callEvents(ann), callEvents(bob), callEvents(bob2)];
    await pause(100);
    const call = await dial(ann, bob);
    await Promise.all([nextCallEvent(tab1, 'INCOMING'), nextCallEvent(tab2, 'INCOMING')]);
    const accepted = await ok(bob, ACCEPT, { id: call.id });
    assert.equal(accepted.state, 'ACTIVE');
    assert.equal(accepted.outcome, 'ANSWERED');
    const [, other] = await Promise.all([nextCallEvent(annEvents, 'ACCEPTED'), nextCallEvent(tab2, 'ACCEPTED')]);
    assert.equal(other.by!.nickname, bob.nickname, 'the other tab learns it was answered');
    assert.equal(errorCode(await bob2.gql(ACCEPT, { id: call.id })), 'CALL_ENDED');
    const ended = await ok(ann, HANG_UP, { id: call.id });
    assert.equal(ended.endReason, 'hang-up');
    const told = await nextCallEvent(tab2, 'ENDED');
    assert.equal(told.by!.nickname, ann.nickname);
    await bob2.ws.dispose();
  });

  it('a third user cannot see, answer, hang up, view or send media in a call; gets none of its events', async () => {
    const [ann, bob, eve] = [await user('ann'), await user('bob'), await user('eve')];
    const eveEvents = callEvents(eve);
    await pause(100);
    const call = await dial(ann, bob);
    assert.equal(errorCode(await eve.gql(ACCEPT, { id: call.id })), 'FORBIDDEN');
    assert.equal(errorCode(await eve.gql(REJECT, { id: call.id })), 'FORBIDDEN');
    await ok(bob, ACCEPT, { id: call.id });
    const peer = new TestPeer('viewer');
    try {
      const offer = { offer: await peer.offer(), mediaSessionId: randomUUID() };
      assert.equal(errorCode(await eve.gql(VIEW, { id: call.id, input: offer })), 'FORBIDDEN');
      assert.equal(errorCode(await eve.gql(PUBLISH, { id: call.id, input: { ...offer, mediaSessionId: randomUUID() } })), 'FORBIDDEN');
    } finally {
      await peer.close();
    }
    assert.equal(errorCode(await eve.gql(HANG_UP, { id: call.id })), 'FORBIDDEN');
    assert.equal((await eve.gql(CALL, { id: call.id })).data!.call, null);
    await ok(ann, HANG_UP, { id: call.id });
    assert.equal(errorCode(await eve.gql(HANG_UP, { id: call.id })), 'FORBIDDEN', 'an ended call stays private');
    assert.equal(errorCode(await ann.gql(HANG_UP, { id: call.id })), 'CALL_ENDED');
    assert.equal(eveEvents.events.length, 0);
  });

  it('a ringing callee going offline is a missed call; a party going offline ends an answered call', async () => {
    const [ann, bob] = [await user('ann'), await user('bob')];
    const annEvents = callEvents(ann);
    await pause(100);
    const call = await dial(ann, bob);
    bob.ws.terminate(); // the tab dies
    const missed = await nextCallEvent(annEvents, 'MISSED', 10_000);
    assert.equal(missed.call.id, call.id);
    assert.equal(missed.call.endReason, 'disconnected');

    const cid = await user('cid');
    const cidEvents = callEvents(cid);
    await pause(100);
    const second = await dial(ann, cid);
    await ok(cid, ACCEPT, { id: second.id });
    await ann.ws.dispose();
    const ended = await nextCallEvent(cidEvents, 'ENDED', 10_000);
    assert.equal(ended.call.endReason, 'disconnected');
    assert.equal(ended.by!.nickname, ann.nickname);
  });

  it('calls left open by an api node that is gone end as interrupted, and their parties can call again', async () => {
    const [ann, bob] = [await user('ann'), await user('bob')];
    const call = await dial(ann, bob);
    await ok(bob, ACCEPT, { id: call.id });
    const em = api.services.orm.em.fork();
    await em.nativeUpdate(Call, { id: call.id }, { nodeId: 'a-node-that-crashed' }); // as if another node held it
    const ended = await api.services.calls.recoverInterrupted(async (nodeId) => nodeId === api.services.config.nodeId);
    assert.equal(ended, 1);
    const row = await em.fork().findOneOrFail(Call, { id: call.id });
    assert.equal(row.endReason, 'interrupted');
    assert.equal(row.outcome, 'ANSWERED');
    assert.ok(row.endedAt);
    assert.equal((await ann.gql(CURRENT)).data!.currentCall, null, 'the call store no longer holds it');
    assert.equal(await api.services.calls.recoverInterrupted(async () => false), 0, 'ended once');
    const again = await dial(ann, bob);
    await ok(ann, CANCEL, { id: again.id });
  });

  it('lists your calls newest first, a page at a time, with direction and outcome', async () => {
    const [ann, bob, cid] = [await user('ann'), await user('bob'), await user('cid')];
    const made: CallFields[] = [];
    for (const [caller, callee] of [[ann, bob], [bob, ann], [ann, cid]] as const) {
      const call = await dial(caller, callee);
      made.push(await ok(caller, CANCEL, { id: call.id }));
    }
    const rejected = await dial(cid, ann);
    await ok(ann, REJECT, { id: rejected.id });
    const seen: CallFields[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const result: { data?: any; errors?: unknown[] } = await ann.gql(HISTORY, { first: 3, after });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      const { edges, pageInfo } = result.data!.calls;
      seen.push(...edges.map((e: { node: CallFields }) => e.node));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    assert.deepEqual(seen.map((c) => c.id), [rejected.id, ...made.map((c) => c.id).reverse()]);
    assert.deepEqual(seen.map((c) => `${c.direction} ${c.otherParty.nickname} ${c.outcome}`), [
      `INCOMING ${cid.nickname} REJECTED`, `OUTGOING ${cid.nickname} CANCELLED`, `INCOMING ${bob.nickname} CANCELLED`, `OUTGOING ${bob.nickname} CANCELLED`,
    ]);
    assert.equal((await bob.gql(HISTORY, {})).data!.calls.edges.length, 2, "bob sees only his own");
    assert.equal(errorCode(await ann.gql(HISTORY, { first: 101 })), 'BAD_USER_INPUT');
    assert.equal(errorCode(await ann.gql(HISTORY, { after: 'garbage' })), 'BAD_USER_INPUT');
  });
});
