import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../users/user.entity';
import { PageInfo } from '../vod/video.types';

export enum CallState { RINGING = 'RINGING', ACTIVE = 'ACTIVE', ENDED = 'ENDED' }
registerEnumType(CallState, { name: 'CallState' });

export enum CallOutcome {
  ANSWERED = 'ANSWERED', MISSED = 'MISSED', REJECTED = 'REJECTED', CANCELLED = 'CANCELLED', BUSY = 'BUSY', OFFLINE = 'OFFLINE',
}
registerEnumType(CallOutcome, {
  name: 'CallOutcome',
  valuesConfig: {
    MISSED: { description: 'Nobody answered before the ring timeout.' },
    BUSY: { description: 'The callee was in another call (or one was ringing).' },
    OFFLINE: { description: 'The callee had no realtime connection.' },
  },
});

export enum CallDirection { OUTGOING = 'OUTGOING', INCOMING = 'INCOMING' }
registerEnumType(CallDirection, { name: 'CallDirection', description: 'Seen from you.' });

export enum CallRecordingState { OFF = 'OFF', REQUESTED = 'REQUESTED', RECORDING = 'RECORDING', DECLINED = 'DECLINED' }
registerEnumType(CallRecordingState, {
  name: 'CallRecordingState',
  valuesConfig: {
    REQUESTED: { description: 'One party asked; the other has not answered yet.' },
    RECORDING: { description: 'Both agreed: each party\'s stream is recorded (a private video each, once the call ends).' },
  },
});

export enum CallEventType {
  INCOMING = 'INCOMING', RINGING = 'RINGING', ACCEPTED = 'ACCEPTED', REJECTED = 'REJECTED', CANCELLED = 'CANCELLED',
  MISSED = 'MISSED', BUSY = 'BUSY', OFFLINE = 'OFFLINE', ENDED = 'ENDED',
  RECORDING_REQUESTED = 'RECORDING_REQUESTED', RECORDING_STARTED = 'RECORDING_STARTED', RECORDING_DECLINED = 'RECORDING_DECLINED',
  RECORDINGS_SAVED = 'RECORDINGS_SAVED',
}
registerEnumType(CallEventType, {
  name: 'CallEventType',
  valuesConfig: {
    INCOMING: { description: 'To the callee: someone calls you (ring).' },
    RINGING: { description: "To the caller: the callee's app rings." },
    ACCEPTED: { description: 'To both: answered (by one tab of the callee; the others stop ringing). Publish and view the media now.' },
    MISSED: { description: 'To both: no answer before the ring timeout.' },
    BUSY: { description: 'To both: the callee was in another call.' },
    OFFLINE: { description: 'To the caller: the callee is not connected.' },
    ENDED: { description: 'To both: the call is over (reason and by whom).' },
    RECORDINGS_SAVED: { description: "To both, after ENDED of a recorded call: its recordings are filed (Call.videos)." },
  },
});

@ObjectType('Call', { description: 'A one-to-one video call, ringing, on, or in your history. Only its two parties see it.' })
export class CallView {
  @Field(() => ID)
  id!: string;

  @Field(() => User)
  caller!: User;

  @Field(() => User)
  callee!: User;

  @Field(() => CallState)
  state!: CallState;

  @Field(() => CallOutcome, { nullable: true, description: 'Null while it rings; ANSWERED from the moment it is accepted.' })
  outcome!: CallOutcome | null;

  @Field(() => Date, { description: 'When it was dialled.' })
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  answeredAt!: Date | null;

  @Field(() => Date, { nullable: true })
  endedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'hang-up, disconnected, media-failed, no-answer, rejected, cancelled, busy, offline, server-shutdown, interrupted' })
  endReason!: string | null;

  @Field(() => User, { nullable: true, description: 'Who ended it (hung up, declined, cancelled), when a person did.' })
  endedBy!: User | null;

  @Field(() => CallRecordingState)
  recording!: CallRecordingState;

  @Field(() => User, { nullable: true, description: 'Who asked to record it.' })
  recordingRequestedBy!: User | null;
}

@ObjectType({ description: 'Something that happened to one of your calls; delivered to every tab of both parties.' })
export class CallEvent {
  @Field(() => CallEventType)
  type!: CallEventType;

  @Field(() => CallView)
  call!: CallView;

  @Field(() => Date)
  at!: Date;

  @Field(() => User, { nullable: true, description: 'Who did it (accepted, declined, hung up, asked to record), when a person did.' })
  by!: User | null;
}

@ObjectType()
export class CallEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => CallView)
  node!: CallView;
}

@ObjectType({ description: 'A page of your call history, newest first.' })
export class CallConnection {
  @Field(() => [CallEdge])
  edges!: CallEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
