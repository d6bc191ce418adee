import { CallState, CallSummaryFragment } from '../../core/graphql/generated';
import { Messages } from '../../core/i18n/messages';

/** What a tab shows of a call: nothing, its ring (in or out), the call itself, or how it ended. */
export type CallPhase = 'idle' | 'ringing-in' | 'ringing-out' | 'on' | 'ended';

export function phaseOf(call: CallSummaryFragment | null): CallPhase {
  if (!call) return 'idle';
  switch (call.state) {
    case 'RINGING': return call.direction === 'INCOMING' ? 'ringing-in' : 'ringing-out';
    case 'ACTIVE': return 'on';
    case 'ENDED': return 'ended';
  }
}

/** The call rings or is on. */
export function isLive(call: CallSummaryFragment | null): boolean {
  return !!call && call.state !== 'ENDED';
}

const RANK: Record<CallState, number> = { RINGING: 0, ACTIVE: 1, ENDED: 2 };

/**
 * `next` may replace `known` (the same call): a call never goes back (ended → on → ringing), which
 * a late mutation answer racing an event would otherwise do.
 */
export function isNewer(next: CallSummaryFragment, known: CallSummaryFragment): boolean {
  return RANK[next.state] >= RANK[known.state];
}

export function callPath(callId: string): string {
  return `/call/${callId}`;
}

/** Why the call ended, told to this party: "Bob declined the call.", "You hung up.", ... */
export function endMessage(call: CallSummaryFragment, m: Messages['calls']['ended']): string {
  const other = call.otherParty.nickname;
  const byThem = call.endedBy?.id === call.otherParty.id;
  const outgoing = call.direction === 'OUTGOING';
  switch (call.endReason) {
    // A ring that ends because a party went offline is told by its outcome (missed, cancelled).
    case 'disconnected': if (call.answeredAt) return byThem ? m.disconnectedThem(other) : m.disconnectedYou; break;
    case 'media-failed': return byThem ? m.mediaFailedThem(other) : m.mediaFailedYou;
    case 'media-server-lost': return m.mediaServerLost;
    case 'server-shutdown': return m.serverShutdown;
    case 'interrupted': return m.interrupted;
  }
  switch (call.outcome) {
    case 'REJECTED': return outgoing ? m.rejectedByThem(other) : m.rejectedByYou;
    case 'BUSY': return outgoing ? m.busy(other) : m.busyYou(other);
    case 'OFFLINE': return m.offline(other);
    case 'MISSED': return outgoing ? m.missedByThem(other) : m.missedByYou(other);
    case 'CANCELLED': return outgoing ? m.cancelledByYou : m.cancelledByThem(other);
    case 'ANSWERED': return byThem ? m.hungUpByThem(other) : call.endedBy ? m.hungUpByYou : m.other;
    default: return m.other;
  }
}
