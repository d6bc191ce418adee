import { userOfProfile } from '../users/users.service';
import type { Call } from './call.entity';
import type { CallRecord } from './call-store';
import { CallOutcome, CallRecordingState, CallState, CallView } from './call.types';

const date = (iso: string | null) => (iso ? new Date(iso) : null);

/** A call that rings or is on (from the store, or from an event). */
export function viewOfRecord(record: CallRecord): CallView {
  const party = (id: string | null) => (id === record.caller.id ? userOfProfile(record.caller) : id === record.callee.id ? userOfProfile(record.callee) : null);
  return {
    id: record.id, caller: userOfProfile(record.caller), callee: userOfProfile(record.callee), state: record.state, outcome: record.outcome,
    startedAt: new Date(record.startedAt), answeredAt: date(record.answeredAt), endedAt: date(record.endedAt), endReason: record.endReason,
    endedBy: party(record.endedById), recording: record.recording, recordingRequestedBy: party(record.recordingRequestedById),
  };
}

/** A call from the history (its row; caller, callee and endedBy populated). */
export function viewOfRow(row: Call): CallView {
  const recording = row.recordingConsentAt ? CallRecordingState.RECORDING
    : row.recordingDeclinedAt ? CallRecordingState.DECLINED
      : row.recordingRequestedAt ? CallRecordingState.REQUESTED : CallRecordingState.OFF;
  return {
    id: row.id, caller: row.caller, callee: row.callee,
    state: row.endedAt ? CallState.ENDED : row.answeredAt ? CallState.ACTIVE : CallState.RINGING,
    outcome: (row.outcome as CallOutcome | null) ?? null, startedAt: row.startedAt, answeredAt: row.answeredAt ?? null,
    endedAt: row.endedAt ?? null, endReason: row.endReason ?? null, endedBy: row.endedBy ?? null,
    recording, recordingRequestedBy: row.recordingRequestedBy ?? null,
  };
}
