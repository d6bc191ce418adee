import type { PubSub } from '@graphql-yoga/subscription';
import type { PublicProfile } from '../users/users.service';

/** Every pub/sub topic of the api. Payloads are plain JSON (they may cross Redis). */
export enum Topic {
  PresenceChanged = 'PRESENCE_CHANGED',
  SessionRevoked = 'SESSION_REVOKED',
  /** Per live (topic id = live id): viewers, chat, end. */
  LiveEvent = 'LIVE_EVENT',
  /** The list of lives: started, ended, viewer counts. */
  LivesChanged = 'LIVES_CHANGED',
}

export interface PresenceChangedPayload {
  userId: string;
  online: boolean;
  /** ISO timestamp. */
  at: string;
}

export interface SessionRevokedPayload {
  tokenHash: string;
}

export type LiveEventType = 'VIEWER_JOINED' | 'VIEWER_LEFT' | 'CHAT_MESSAGE' | 'CHAT_MESSAGE_WITHDRAWN' | 'LIVE_ENDED';

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

export interface LivesChangedPayload {
  type: 'STARTED' | 'ENDED' | 'VIEWER_COUNT' | 'UPDATED';
  liveId: string;
}

export type TopicPayloads = {
  [Topic.PresenceChanged]: [PresenceChangedPayload];
  [Topic.SessionRevoked]: [SessionRevokedPayload];
  [Topic.LiveEvent]: [string, LiveEventPayload];
  [Topic.LivesChanged]: [LivesChangedPayload];
};

export type AppPubSub = PubSub<TopicPayloads>;
