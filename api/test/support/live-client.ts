import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import type { RunningApi } from '../../src/app/server';
import { healthDetails } from './api';
import { gql, GqlResult, realtime, Realtime, subscribe } from './graphql';
import type { CandidateInit } from './peer';

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { token user { id nickname } } }`;
const GO_LIVE = `mutation ($input: GoLiveInput!) { goLive(input: $input) { mediaSessionId answer live { id title status viewerCount presenter { nickname } } } }`;
const WATCH = `mutation ($input: WatchLiveInput!) { watchLive(input: $input) { mediaSessionId answer live { id viewerCount } } }`;
const ADD_CANDIDATE = `mutation ($input: IceCandidateInput!) { addIceCandidate(input: $input) }`;
export const MEDIA_EVENTS = `subscription ($id: ID!) { mediaSessionEvents(mediaSessionId: $id) { type seq reason candidate { candidate sdpMid sdpMLineIndex } } }`;
export const LIVE_EVENTS = `subscription ($id: ID!) { liveEvents(liveId: $id) { type viewerCount reason at viewer { nickname } message { text author { nickname } } } }`;

/** A signed-in user of the api with one realtime connection, as a browser app would have. */
export class LiveUser {
  private constructor(readonly api: RunningApi, readonly token: string, readonly id: string, readonly nickname: string, public ws: Realtime) {}

  static async register(api: RunningApi, nickname: string): Promise<LiveUser> {
    const result = await gql(api.url, REGISTER, { input: { nickname, password: 'password1' } });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const { token, user } = result.data!.register;
    const ws = realtime(api.url, token);
    await ws.connected;
    return new LiveUser(api, token, user.id, nickname, ws);
  }

  /** The same user in another tab: a realtime connection of its own. */
  async newTab(): Promise<LiveUser> {
    const ws = realtime(this.api.url, this.token);
    await ws.connected;
    return new LiveUser(this.api, this.token, this.id, this.nickname, ws);
  }

  gql<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<GqlResult<T>> {
    return gql<T>(this.api.url, query, variables, this.token);
  }

  subscribe<T = any>(query: string, variables: Record<string, unknown> = {}) {
    return subscribe<T>(this.ws.client, query, variables);
  }

  /** The media session's event stream (candidates, then ENDED). */
  mediaEvents(mediaSessionId: string) {
    return this.subscribe<{ mediaSessionEvents: { type: string; seq: number; reason: string | null; candidate: CandidateInit | null } }>(
      MEDIA_EVENTS, { id: mediaSessionId });
  }

  goLive(offer: string, mediaSessionId: string = randomUUID(), title = `${this.nickname}'s live`) {
    return this.gql(GO_LIVE, { input: { title, offer, mediaSessionId } });
  }

  watch(liveId: string, offer: string, mediaSessionId: string = randomUUID()) {
    return this.gql(WATCH, { input: { liveId, offer, mediaSessionId } });
  }

  addCandidate(mediaSessionId: string, candidate: CandidateInit) {
    return this.gql(ADD_CANDIDATE, { input: { mediaSessionId, ...candidate } });
  }
}

/** Media objects alive on the embedded media server, from /healthz. */
export async function mediaObjects(api: RunningApi): Promise<number> {
  const health = (await healthDetails(api.url)) as { mediaServer: { objects?: number } };
  return health.mediaServer.objects ?? -1;
}

/** Polls until check() holds or the time is up (then fails with the last value). */
export async function eventually<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The SDP without candidate lines: ICE must then come through the trickled candidates. */
export const withoutCandidates = (sdp: string) =>
  sdp.split('\r\n').filter((line) => !line.startsWith('a=candidate:') && line !== 'a=end-of-candidates').join('\r\n');
