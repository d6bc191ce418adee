import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../users/user.entity';

export enum LiveStatus { LIVE = 'LIVE', ENDED = 'ENDED' }
registerEnumType(LiveStatus, { name: 'LiveStatus' });

export enum LiveEventType {
  VIEWER_JOINED = 'VIEWER_JOINED', VIEWER_LEFT = 'VIEWER_LEFT', CHAT_MESSAGE = 'CHAT_MESSAGE',
  CHAT_MESSAGE_WITHDRAWN = 'CHAT_MESSAGE_WITHDRAWN', PRESENTER_AWAY = 'PRESENTER_AWAY', PRESENTER_BACK = 'PRESENTER_BACK',
  LIVE_ENDED = 'LIVE_ENDED',
}
registerEnumType(LiveEventType, {
  name: 'LiveEventType',
  valuesConfig: {
    CHAT_MESSAGE: { description: 'A message, delivered as it is sent; kept in the chat unless CHAT_MESSAGE_WITHDRAWN follows.' },
    CHAT_MESSAGE_WITHDRAWN: { description: 'A message delivered before could not be kept: remove it.' },
    PRESENTER_AWAY: { description: "The presenter's connection went away; the live waits for them to resume (then PRESENTER_BACK) or ends." },
    PRESENTER_BACK: { description: 'The presenter resumed: the picture comes back on the same connection.' },
  },
});

export enum LivesChangeType { STARTED = 'STARTED', ENDED = 'ENDED', VIEWER_COUNT = 'VIEWER_COUNT', UPDATED = 'UPDATED' }
registerEnumType(LivesChangeType, {
  name: 'LivesChangeType',
  valuesConfig: { UPDATED: { description: 'Its poster (thumbnail) changed, or its presenter went away or came back.' } },
});

@ObjectType('Live', { description: 'A broadcast: live now, or ended.' })
export class LiveView {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => User)
  presenter!: User;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  endedAt?: Date | null;

  @Field(() => LiveStatus)
  status!: LiveStatus;

  @Field(() => Int, { description: 'Distinct users watching now.' })
  viewerCount!: number;

  @Field(() => Boolean, { description: "The presenter's connection went away and the live waits for them to resume." })
  presenterAway!: boolean;

  /** Poster file in the recordings folder (posterUrl is signed from it). */
  poster!: string | null;
}

@ObjectType({ description: 'Someone watching a live (visible to its presenter only).' })
export class LiveViewer {
  @Field(() => User)
  user!: User;

  @Field(() => Date)
  joinedAt!: Date;
}

@ObjectType('ChatMessage')
export class ChatMessageView {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  liveId!: string;

  @Field(() => User)
  author!: User;

  @Field(() => String)
  text!: string;

  @Field(() => Date)
  sentAt!: Date;
}

@ObjectType({ description: 'Something that happened in a live.' })
export class LiveEvent {
  @Field(() => LiveEventType)
  type!: LiveEventType;

  @Field(() => ID)
  liveId!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => Int)
  viewerCount!: number;

  @Field(() => User, { nullable: true, description: 'VIEWER_JOINED / VIEWER_LEFT: who (to the presenter only; null for everyone else).' })
  viewer?: User | null;

  @Field(() => ChatMessageView, { nullable: true, description: 'CHAT_MESSAGE, CHAT_MESSAGE_WITHDRAWN: the message.' })
  message?: ChatMessageView | null;

  @Field(() => String, { nullable: true, description: 'LIVE_ENDED: stopped, presenter-disconnected, media-server-lost, media-lost (its pipeline released elsewhere), server-shutdown' })
  reason?: string | null;
}

@ObjectType({ description: 'A change to the list of lives.' })
export class LivesChange {
  @Field(() => LivesChangeType)
  type!: LivesChangeType;

  @Field(() => LiveView)
  live!: LiveView;
}

@ObjectType({ description: 'A live and your media session in it (its SDP answer).' })
export class LiveMediaPayload {
  @Field(() => LiveView)
  live!: LiveView;

  @Field(() => ID)
  mediaSessionId!: string;

  @Field(() => String)
  answer!: string;
}

@InputType()
export class GoLiveInput {
  @Field(() => String, { description: '1–120 characters.' })
  title!: string;

  @Field(() => String, { description: "The browser's SDP offer (send + receive: the stream is looped back)." })
  offer!: string;

  @Field(() => ID, { description: 'A UUID the browser generates; candidates and events may use it before this call.' })
  mediaSessionId!: string;
}

@InputType()
export class ResumeLiveInput {
  @Field(() => ID)
  liveId!: string;

  @Field(() => String, { description: "The browser's new SDP offer (send + receive, as for goLive)." })
  offer!: string;

  @Field(() => ID, { description: 'A new UUID for this media session.' })
  mediaSessionId!: string;
}

@InputType()
export class WatchLiveInput {
  @Field(() => ID)
  liveId!: string;

  @Field(() => String, { description: "The browser's SDP offer (receive only)." })
  offer!: string;

  @Field(() => ID)
  mediaSessionId!: string;
}
