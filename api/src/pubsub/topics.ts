import type { PubSub } from '@graphql-yoga/subscription';

/** Every pub/sub topic of the api. Payloads are plain JSON (they may cross Redis). */
export enum Topic {
  PresenceChanged = 'PRESENCE_CHANGED',
  SessionRevoked = 'SESSION_REVOKED',
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

export type TopicPayloads = {
  [Topic.PresenceChanged]: [PresenceChangedPayload];
  [Topic.SessionRevoked]: [SessionRevokedPayload];
};

export type AppPubSub = PubSub<TopicPayloads>;
