import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { PresenceService } from '../presence/presence.service';
import { AppPubSub, PresenceChangedPayload, Topic } from '../pubsub/topics';
import { packCursor, unpackCursor } from '../shared/cursors';
import { AppError, badInput, ErrorCode, forbidden, notFound } from '../shared/errors';
import { isUuid } from '../shared/ids';
import { throttle } from '../shared/throttle';
import type { RateLimitStore } from '../auth/rate-limit-store';
import type { Logger } from '../shared/logger';
import { canonicalNickname, User } from '../users/user.entity';
import type { PublicProfile, UsersService } from '../users/users.service';
import { Call } from './call.entity';
import type { CallMedia } from './call-media';
import type { CallPatch, CallRecord, CallStore } from './call-store';
import { CallConnection, CallEventType, CallOutcome, CallRecordingState, CallState, CallView } from './call.types';
import { viewOfRecord, viewOfRow } from './call.views';

export const alreadyInCall = () => new AppError(ErrorCode.AlreadyInCall, 'You are already in a call; end it first');
export const callEnded = (message = 'This call has ended') => new AppError(ErrorCode.CallEnded, message);

export interface CallDependencies {
  orm: MikroORM;
  store: CallStore;
  media: CallMedia;
  pubsub: AppPubSub;
  users: UsersService;
  presence: PresenceService;
  logger: Logger;
  /** Dials per caller, and per caller and callee. */
  limits: RateLimitStore;
  /** Dials allowed a minute: anyone's, and to one person (ringing someone over and over is a nuisance). */
  dials: { any: number; samePerson: number };
  nodeId: string;
  /** How long a call rings before it is missed. */
  ringTimeoutMs: number;
}

/** How long the store keeps a call that is on (a safety net: ending it removes it). */
const ACTIVE_TTL_MS = 24 * 3600_000;
const HISTORY_MAX = 100;
const MINUTE_MS = 60_000;

/**
 * One-to-one calls: dialling, ringing (with a timeout), answering, declining, cancelling, hanging
 * up, recording consent and history. The call's state is in the shared call store (each change a
 * compare-and-set, so a timeout racing an answer has one winner); its media are in CallMedia; every
 * event goes to every tab of both parties.
 */
export class CallService {
  private readonly ringTimers = new Map<string, NodeJS.Timeout>();
  private readonly presenceFeed: AsyncIterableIterator<PresenceChangedPayload>;
  private closing = false;

  constructor(private readonly deps: CallDependencies) {
    // Either party going offline (their last realtime connection closed) ends the call.
    const feed = deps.pubsub.subscribe(Topic.PresenceChanged);
    this.presenceFeed = feed;
    void (async () => {
      for await (const change of feed) if (!change.online) await this.userGone(change.user.id).catch(() => undefined);
    })();
    deps.media.onFailure((callId, userId, reason) => void this.end(callId, { endReason: reason, endedById: userId }));
  }

  async dial(em: EntityManager, userId: string, nickname: string): Promise<CallView> {
    const name = canonicalNickname(nickname);
    if (!name || name.length > 64) throw badInput('Give the nickname of the person to call', { field: 'nickname' });
    if (this.closing) throw new AppError(ErrorCode.MediaUnavailable, 'The server is shutting down; call again in a moment');
    const callee = await this.deps.users.findByNickname(em, name);
    if (!callee) throw notFound(`Nobody is called "${name}"`);
    if (callee.id === userId) throw badInput('You cannot call yourself', { field: 'nickname' });
    await throttle(this.deps.limits, `dial:${userId}`, this.deps.dials.any, MINUTE_MS, 'You are calling too often; wait a moment');
    await throttle(this.deps.limits, `dial:${userId}:${callee.id}`, this.deps.dials.samePerson, MINUTE_MS,
      `You have called ${callee.nickname} several times in a row; wait a moment`);
    if (await this.deps.store.ofUser(userId)) throw alreadyInCall();
    const [callerProfile, calleeProfile] = await Promise.all([this.deps.users.profile(em, userId), this.deps.users.profile(em, callee.id)]);
    if (!callerProfile || !calleeProfile) throw notFound('This account no longer exists');
    const call = this.newCall(callerProfile, calleeProfile);
    if (!(await this.deps.presence.isOnline(callee.id))) return this.refused(em, call, CallOutcome.OFFLINE);
    const busy = await this.deps.store.create(call, this.deps.ringTimeoutMs + 60_000);
    if (busy === 'caller') throw alreadyInCall();
    if (busy === 'callee') return this.refused(em, call, CallOutcome.BUSY);
    try {
      await em.insert(Call, this.row(em, call));
      await this.deps.media.open(call.id); // the caller's camera may go in while it rings
    } catch (error) {
      await this.deps.store.remove(call.id);
      await em.nativeUpdate(Call, { id: call.id }, { endedAt: new Date(), outcome: CallOutcome.CANCELLED, endReason: 'media-failed' })
        .catch(() => undefined);
      await this.deps.media.release(call.id, call);
      throw error;
    }
    this.publish(call, CallEventType.INCOMING, userId, [call.callee.id]);
    this.publish(call, CallEventType.RINGING, userId, [call.caller.id]);
    this.deps.logger.info('call ringing', { callId: call.id, callerId: call.caller.id, calleeId: call.callee.id });
    const timer = setTimeout(() => {
      this.ringTimers.delete(call.id);
      void this.end(call.id, { outcome: CallOutcome.MISSED, endReason: 'no-answer' }, [CallState.RINGING]);
    }, this.deps.ringTimeoutMs);
    timer.unref();
    this.ringTimers.set(call.id, timer);
    return viewOfRecord(call);
  }

  /** The callee answers: the call's media room opens on this node, then both are told to connect. */
  async accept(em: EntityManager, userId: string, callId: string): Promise<CallView> {
    const call = await this.party(em, userId, callId);
    if (call.callee.id !== userId) throw forbidden('Only the person called answers a call');
    if (call.state !== CallState.RINGING) throw callEnded('This call is no longer ringing');
    const opened = await this.deps.media.open(callId); // open already, unless it was dialled on another node
    const answeredAt = new Date();
    const accepted = await this.deps.store.transition(callId, [CallState.RINGING],
      { state: CallState.ACTIVE, outcome: CallOutcome.ANSWERED, answeredAt: answeredAt.toISOString(), nodeId: this.deps.nodeId }, ACTIVE_TTL_MS);
    if (!accepted) {
      if (opened) await this.deps.media.release(callId, call);
      throw callEnded('This call is no longer ringing (cancelled, missed or answered elsewhere)');
    }
    this.stopRinging(callId);
    this.deps.media.answered(accepted);
    await em.nativeUpdate(Call, { id: callId }, { answeredAt, outcome: CallOutcome.ANSWERED });
    this.publish(accepted, CallEventType.ACCEPTED, userId);
    this.deps.logger.info('call answered', { callId });
    return viewOfRecord(accepted);
  }

  async reject(em: EntityManager, userId: string, callId: string): Promise<CallView> {
    const call = await this.party(em, userId, callId);
    if (call.callee.id !== userId) throw forbidden('Only the person called declines a call; cancel it instead');
    return this.endOrFail(callId, { outcome: CallOutcome.REJECTED, endReason: 'rejected', endedById: userId }, [CallState.RINGING],
      'This call is no longer ringing');
  }

  async cancel(em: EntityManager, userId: string, callId: string): Promise<CallView> {
    const call = await this.party(em, userId, callId);
    if (call.caller.id !== userId) throw forbidden('Only the caller cancels a call; decline it instead');
    return this.endOrFail(callId, { outcome: CallOutcome.CANCELLED, endReason: 'cancelled', endedById: userId }, [CallState.RINGING],
      'This call is no longer ringing');
  }

  /** Ends the call for both; while it rings, the caller cancels it and the callee declines it. */
  async hangUp(em: EntityManager, userId: string, callId: string): Promise<CallView> {
    const call = await this.party(em, userId, callId);
    if (call.state === CallState.RINGING) {
      return call.caller.id === userId ? this.cancel(em, userId, callId) : this.reject(em, userId, callId);
    }
    return this.endOrFail(callId, { endReason: 'hang-up', endedById: userId }, [CallState.ACTIVE]);
  }

  /** A party sends its camera (looped back to it); the caller may already while the call rings. */
  async publishMedia(userId: string, callId: string, input: { offer: string; mediaSessionId: string }, address: string) {
    const call = await this.party(this.deps.orm.em.fork(), userId, callId);
    const ringingCaller = call.state === CallState.RINGING && call.caller.id === userId;
    if (call.state !== CallState.ACTIVE && !ringingCaller) throw callEnded('This call is not on: media flow once it is answered');
    return this.deps.media.publish(call, userId, input, address);
  }

  async viewMedia(userId: string, callId: string, input: { offer: string; mediaSessionId: string }) {
    const call = await this.onCall(userId, callId);
    return this.deps.media.view(call, userId, input);
  }

  /** Asks to record; when the other party had asked already, this is agreeing. */
  async requestRecording(em: EntityManager, userId: string, callId: string): Promise<CallView> {
    const call = await this.onCall(userId, callId);
    if (call.recording === CallRecordingState.RECORDING) return viewOfRecord(call);
    if (call.recording === CallRecordingState.REQUESTED) {
      return call.recordingRequestedById === userId ? viewOfRecord(call) : this.answerRecording(em, userId, callId, true);
    }
    const requested = await this.deps.store.transition(callId, [CallState.ACTIVE],
      { recording: CallRecordingState.REQUESTED, recordingRequestedById: userId }, ACTIVE_TTL_MS);
    if (!requested) throw callEnded();
    await em.nativeUpdate(Call, { id: callId }, {
      recordingRequestedBy: em.getReference(User, userId), recordingRequestedAt: new Date(), recordingDeclinedAt: null,
    });
    this.publish(requested, CallEventType.RECORDING_REQUESTED, userId);
    return viewOfRecord(requested);
  }

  /** The other party agrees (recording starts now, for both streams) or declines. */
  async answerRecording(em: EntityManager, userId: string, callId: string, accept: boolean): Promise<CallView> {
    const call = await this.onCall(userId, callId);
    if (call.recording !== CallRecordingState.REQUESTED) throw badInput('Nobody asked to record this call', { field: 'callId' });
    if (call.recordingRequestedById === userId) throw forbidden('You asked; the other party answers');
    const answered = await this.deps.store.transition(callId, [CallState.ACTIVE],
      { recording: accept ? CallRecordingState.RECORDING : CallRecordingState.DECLINED }, ACTIVE_TTL_MS);
    if (!answered) throw callEnded();
    const at = new Date();
    if (accept) {
      // Consent first, stored with who and when; only then does anything record.
      await em.nativeUpdate(Call, { id: callId }, { recordingConsentBy: em.getReference(User, userId), recordingConsentAt: at });
      await this.deps.media.startRecording(answered);
    } else {
      await em.nativeUpdate(Call, { id: callId }, { recordingDeclinedAt: at });
    }
    this.publish(answered, accept ? CallEventType.RECORDING_STARTED : CallEventType.RECORDING_DECLINED, userId);
    return viewOfRecord(answered);
  }

  /** One of your calls (ringing, on or in your history); null when it is not yours or does not exist. */
  async find(em: EntityManager, userId: string, callId: string): Promise<CallView | null> {
    if (!isUuid(callId)) return null;
    const live = await this.deps.store.get(callId);
    if (live) return isParty(live, userId) ? viewOfRecord(live) : null;
    const row = await em.findOne(Call, { id: callId }, { populate: ['caller', 'callee', 'endedBy', 'recordingRequestedBy'] });
    return row && (row.caller.id === userId || row.callee.id === userId) ? viewOfRow(row) : null;
  }

  async current(userId: string): Promise<CallView | null> {
    const call = await this.deps.store.ofUser(userId);
    return call ? viewOfRecord(call) : null;
  }

  /** True when the user is one of the call's two parties (its recordings are theirs to see). */
  async isParty(em: EntityManager, userId: string, callId: string): Promise<boolean> {
    return (await em.count(Call, { id: callId, $or: [{ caller: userId }, { callee: userId }] })) > 0;
  }

  /** Your calls, newest first, a page at a time (keyset: the cursor is the last call's start and id). */
  async history(em: EntityManager, userId: string, first: number, after: string | null): Promise<CallConnection> {
    if (!Number.isInteger(first) || first < 0 || first > HISTORY_MAX) throw badInput(`first must be 0 to ${HISTORY_MAX}`, { field: 'first' });
    const cursor = after ? decodeCursor(after) : undefined;
    const mine = { $or: [{ caller: userId }, { callee: userId }] };
    const where = cursor
      ? { $and: [mine, { $or: [{ startedAt: { $lt: cursor.at } }, { startedAt: cursor.at, id: { $lt: cursor.id } }] }] }
      : mine;
    const rows = first === 0 ? [] : await em.find(Call, where, {
      orderBy: { startedAt: 'desc', id: 'desc' }, limit: first + 1, populate: ['caller', 'callee', 'endedBy', 'recordingRequestedBy'],
    });
    const edges = rows.slice(0, first).map((row) => ({ cursor: encodeCursor(row), node: viewOfRow(row) }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  /** Ends every call this node holds and refuses new ones (graceful shutdown). */
  async endAll(reason: string): Promise<number> {
    this.closing = true;
    await this.presenceFeed.return?.();
    const ids = new Set([...this.ringTimers.keys(), ...this.deps.media.callIds()]);
    const ended = await Promise.all([...ids].map((id) => this.end(id, { endReason: reason })));
    return ended.filter(Boolean).length;
  }

  /** Calls left open by api nodes that are gone: their rows end (`interrupted`) and their parties are free again. */
  async recoverInterrupted(isNodeAlive: (nodeId: string | null | undefined) => Promise<boolean>): Promise<number> {
    const em = this.deps.orm.em.fork();
    let count = 0;
    for (const row of await em.find(Call, { endedAt: null })) {
      if (await isNodeAlive(row.nodeId)) continue;
      const outcome = row.answeredAt ? CallOutcome.ANSWERED : CallOutcome.CANCELLED;
      if (await em.nativeUpdate(Call, { id: row.id, endedAt: null }, { endedAt: new Date(), endReason: 'interrupted', outcome })) count += 1;
      await this.deps.store.remove(row.id);
    }
    return count;
  }

  /**
   * Ends the call once (compare-and-set from `from`): both parties are told at once, the row is
   * closed, its media are released and its recordings filed. Undefined when it was not in `from`.
   */
  private async end(callId: string, patch: CallPatch, from = [CallState.RINGING, CallState.ACTIVE]): Promise<CallRecord | undefined> {
    const current = await this.deps.store.get(callId);
    if (!current || !from.includes(current.state)) return undefined;
    const wasRinging = current.state === CallState.RINGING;
    const endedAt = new Date();
    const ended = await this.deps.store.transition(callId, [current.state], {
      outcome: wasRinging ? CallOutcome.CANCELLED : CallOutcome.ANSWERED, ...patch, state: CallState.ENDED, endedAt: endedAt.toISOString(),
    }, 60_000);
    if (!ended) return this.end(callId, patch, from); // it changed meanwhile: look again
    this.stopRinging(callId);
    this.publish(ended, eventOf(ended.outcome!, wasRinging), ended.endedById);
    this.deps.logger.info('call ended', { callId, outcome: ended.outcome, reason: ended.endReason });
    const em = this.deps.orm.em.fork();
    await em.nativeUpdate(Call, { id: callId }, {
      endedAt, outcome: ended.outcome, endReason: ended.endReason, endedBy: ended.endedById ? em.getReference(User, ended.endedById) : null,
    }).catch((error) => this.deps.logger.error('call row not closed', { callId, error }));
    await this.deps.store.remove(callId);
    if (await this.deps.media.release(callId, ended)) this.publish(ended, CallEventType.RECORDINGS_SAVED, null);
    return ended;
  }

  private async endOrFail(callId: string, patch: CallPatch, from: CallState[], message?: string): Promise<CallView> {
    const ended = await this.end(callId, patch, from);
    if (!ended) throw callEnded(message);
    return viewOfRecord(ended);
  }

  private async userGone(userId: string) {
    const call = await this.deps.store.ofUser(userId);
    if (!call) return;
    const patch: CallPatch = { endReason: 'disconnected', endedById: userId };
    if (call.state === CallState.RINGING && call.callee.id === userId) patch.outcome = CallOutcome.MISSED;
    await this.end(call.id, patch);
  }

  /** A call that ended before it rang: the callee was offline or busy. Kept in the history; the caller is told. */
  private async refused(em: EntityManager, call: CallRecord, outcome: CallOutcome.OFFLINE | CallOutcome.BUSY): Promise<CallView> {
    const ended: CallRecord = { ...call, state: CallState.ENDED, outcome, endedAt: call.startedAt, endReason: outcome.toLowerCase() };
    await em.insert(Call, { ...this.row(em, ended), endedAt: new Date(call.startedAt), outcome, endReason: ended.endReason });
    const type = outcome === CallOutcome.BUSY ? CallEventType.BUSY : CallEventType.OFFLINE;
    // A busy callee learns who tried to reach them; an offline one has no tab to tell.
    this.publish(ended, type, call.caller.id, outcome === CallOutcome.BUSY ? undefined : [call.caller.id]);
    return viewOfRecord(ended);
  }

  /** The call, when the user is one of its parties and it is on; FORBIDDEN, NOT_FOUND or CALL_ENDED otherwise. */
  private async onCall(userId: string, callId: string): Promise<CallRecord> {
    const call = await this.party(this.deps.orm.em.fork(), userId, callId);
    if (call.state !== CallState.ACTIVE) throw callEnded('This call is not on: media flow once it is answered');
    return call;
  }

  private async party(em: EntityManager, userId: string, callId: string): Promise<CallRecord> {
    if (!isUuid(callId)) throw badInput('callId must be a call id', { field: 'callId' });
    const call = await this.deps.store.get(callId);
    if (call) {
      if (!isParty(call, userId)) throw forbidden('This call is not yours');
      return call;
    }
    const row = await em.findOne(Call, { id: callId });
    if (!row) throw notFound('No call with this id');
    if (row.caller.id !== userId && row.callee.id !== userId) throw forbidden('This call is not yours');
    throw callEnded();
  }

  private newCall(caller: PublicProfile, callee: PublicProfile): CallRecord {
    return {
      id: randomUUID(), caller, callee, state: CallState.RINGING, outcome: null, startedAt: new Date().toISOString(), answeredAt: null,
      endedAt: null, endReason: null, endedById: null, recording: CallRecordingState.OFF, recordingRequestedById: null, nodeId: this.deps.nodeId,
    };
  }

  private row(em: EntityManager, call: CallRecord) {
    return {
      id: call.id, caller: em.getReference(User, call.caller.id), callee: em.getReference(User, call.callee.id),
      startedAt: new Date(call.startedAt), nodeId: call.nodeId,
    };
  }

  private stopRinging(callId: string) {
    clearTimeout(this.ringTimers.get(callId));
    this.ringTimers.delete(callId);
  }

  private publish(call: CallRecord, type: CallEventType, byId: string | null, to = [call.caller.id, call.callee.id]) {
    const payload = { type, call, at: new Date().toISOString(), byId };
    for (const userId of to) this.deps.pubsub.publish(Topic.CallEvent, userId, payload);
  }
}

const isParty = (call: CallRecord, userId: string) => call.caller.id === userId || call.callee.id === userId;

/** The event an ending is told as. */
function eventOf(outcome: CallOutcome, wasRinging: boolean): CallEventType {
  if (!wasRinging) return CallEventType.ENDED;
  if (outcome === CallOutcome.REJECTED) return CallEventType.REJECTED;
  if (outcome === CallOutcome.MISSED) return CallEventType.MISSED;
  return CallEventType.CANCELLED;
}

const encodeCursor = (row: Call) => packCursor([row.startedAt.getTime(), row.id]);

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = unpackCursor(cursor) ?? [];
  if (typeof at === 'number' && Number.isFinite(at) && isUuid(id)) return { at: new Date(at), id };
  throw badInput('after is not a cursor of this list', { field: 'after' });
}
