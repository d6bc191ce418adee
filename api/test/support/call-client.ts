import assert from 'node:assert/strict';
import type { LiveUser } from './live-client';

export const CALL_FIELDS = `id state outcome direction endReason recording startedAt answeredAt endedAt durationSeconds
  caller { nickname } callee { nickname } otherParty { nickname } endedBy { nickname } recordingRequestedBy { nickname }`;
export const CALL_USER = `mutation ($nickname: String!) { callUser(nickname: $nickname) { ${CALL_FIELDS} } }`;
const byId = (name: string) => `mutation ($id: ID!) { ${name}(callId: $id) { ${CALL_FIELDS} } }`;
export const ACCEPT = byId('acceptCall');
export const REJECT = byId('rejectCall');
export const CANCEL = byId('cancelCall');
export const HANG_UP = byId('hangUp');
export const REQUEST_RECORDING = byId('requestCallRecording');
export const ANSWER_RECORDING = `mutation ($id: ID!, $accept: Boolean!) { answerCallRecording(callId: $id, accept: $accept) { ${CALL_FIELDS} } }`;
export const PUBLISH = `mutation ($id: ID!, $input: MediaOfferInput!) { publishCallMedia(callId: $id, input: $input) { mediaSessionId answer } }`;
export const VIEW = `mutation ($id: ID!, $input: MediaOfferInput!) { viewCallMedia(callId: $id, input: $input) { mediaSessionId answer } }`;
export const CALL = `query ($id: ID!) { call(id: $id) { ${CALL_FIELDS} videos { id title presenter { nickname } durationSeconds } } }`;
export const CURRENT = `{ currentCall { ${CALL_FIELDS} } }`;
export const HISTORY = `query ($first: Int, $after: String) { calls(first: $first, after: $after) {
  edges { cursor node { ${CALL_FIELDS} } } pageInfo { hasNextPage endCursor } } }`;
export const CALL_EVENTS = `subscription { callEvents { type at by { nickname } call { ${CALL_FIELDS} } } }`;

export interface CallFields {
  id: string; state: string; outcome: string | null; direction: string; endReason: string | null; recording: string;
  startedAt: string; answeredAt: string | null; endedAt: string | null; durationSeconds: number;
  caller: { nickname: string }; callee: { nickname: string }; otherParty: { nickname: string };
  endedBy: { nickname: string } | null; recordingRequestedBy: { nickname: string } | null;
}
export interface CallEventFields { callEvents: { type: string; at: string; by: { nickname: string } | null; call: CallFields } }

/** A user's call events (all their tabs get the same). */
export const callEvents = (user: LiveUser) => user.subscribe<CallEventFields>(CALL_EVENTS);
export type CallFeed = ReturnType<typeof callEvents>;

/** Waits for an event of this type. */
export const nextCallEvent = (feed: CallFeed, type: string, timeoutMs = 5000) =>
  feed.next((e) => e.callEvents.type === type, timeoutMs).then((e) => e.callEvents);

/** `caller` calls `callee`; the call must ring. */
export async function dial(caller: LiveUser, callee: LiveUser): Promise<CallFields> {
  const result = await caller.gql(CALL_USER, { nickname: callee.nickname });
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return result.data!.callUser as CallFields;
}

/** Runs a call mutation that must succeed. */
export async function ok(user: LiveUser, mutation: string, variables: Record<string, unknown>): Promise<CallFields> {
  const result = await user.gql(mutation, variables);
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return Object.values(result.data!)[0] as CallFields;
}
