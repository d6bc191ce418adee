import type { PubSub } from '@graphql-yoga/subscription';
import type { CallRecord } from '../call/call-store';
import type { PublicProfile } from '../users/users.service';

/** Every pub/sub topic of the api. Payloads are plain JSON (they may cross Redis). */
export enum Topic {
  PresenceChanged = 'PRESENCE_CHANGED',
  SessionRevoked = 'SESSION_REVOKED',
  /** Per live (topic id = live id): viewers, chat, end. */
  LiveEvent = 'LIVE_EVENT',
  /** The list of lives: started, ended, viewer counts. */
  LivesChanged = 'LIVES_CHANGED',
  /** Per user (topic id = user id): their calls' events, to every tab. */
  CallEvent = 'CALL_EVENT',
}

/** Whom it is about, whole: subscribers render it without reading the database. */
export interface PresenceChangedPayload {
  user: PublicProfile;
  online: boolean;
  /** ISO timestamp. */
  at: string;
}

export interface SessionRevokedPayload {
  tokenHash: string;
}

export type LiveEventType = 'VIEWER_JOINED' | 'VIEWER_LEFT' | 'CHAT_MESSAGE' | 'CHAT_MESSAGE_WITHDRAWN' | 'PRESENTER_AWAY' | 'PRESENTER_BACK'
  | 'LIVE_ENDED';

/** A chat message as its event carries it, whole, so that subscribers read nothing from the database. */
export interface ChatMessageSnapshot {
  id: string;
  liveId: string;
  text: string;
  /** ISO timestamp. */
  sentAt: string;
  author: PublicProfile;
}

export interface LiveEventPayload {
  liveId: string;
  type: LiveEventType;
  /** ISO timestamp. */
  at: string;
  viewerCount: number;
  viewerId?: string;
  message?: ChatMessageSnapshot;
  reason?: string;
}

/** A live as lists show it (JSON: it may have crossed Redis). */
export interface LiveSnapshot {
  id: string;
  title: string;
  presenter: PublicProfile;
  /** ISO timestamps; endedAt null while it runs. */
  startedAt: string;
  endedAt: string | null;
  viewerCount: number;
  poster: string | null;
  /** Its presenter's media went away and the live waits for them to resume. */
  presenterAway: boolean;
}

/** The live whole: subscribers render it without reading the database. */
export interface LivesChangedPayload {
  type: 'STARTED' | 'ENDED' | 'VIEWER_COUNT' | 'UPDATED';
  live: LiveSnapshot;
}

/** A call event, with the call whole (subscribers render it without reading the database). */
export interface CallEventPayload {
  type: string;
  call: CallRecord;
  /** ISO timestamp. */
  at: string;
  /** Who did it, when a person did. */
  byId: string | null;
}

export type TopicPayloads = {
  [Topic.PresenceChanged]: [PresenceChangedPayload];
  [Topic.SessionRevoked]: [SessionRevokedPayload];
  [Topic.LiveEvent]: [string, LiveEventPayload];
  [Topic.LivesChanged]: [LivesChangedPayload];
  [Topic.CallEvent]: [string, CallEventPayload];
};

export type AppPubSub = PubSub<TopicPayloads>;
