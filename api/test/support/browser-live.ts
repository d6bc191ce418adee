import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { BrowserPeer } from './browser-peer';
import type { LiveUser } from './live-client';

export type MediaFeed = ReturnType<LiveUser['mediaEvents']>;

/** Trickles candidates both ways until the returned stop() is called. */
export function trickle(user: LiveUser, peer: BrowserPeer, id: string, feed: MediaFeed): () => Promise<void> {
  let stopped = false;
  let applied = 0;
  const loop = (async () => {
    while (!stopped) {
      for (const candidate of await peer.takeCandidates().catch(() => [])) await user.addCandidate(id, candidate).catch(() => undefined);
      const events = feed.events.slice(applied);
      applied += events.length;
      for (const { mediaSessionEvents: e } of events) if (e.candidate) await peer.addCandidate(e.candidate).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  return async () => { stopped = true; await loop; };
}

export interface BrowserSession {
  peer: BrowserPeer;
  id: string;
  feed: MediaFeed;
  liveId: string;
  /** Stops trickling (the page and the media session stay). */
  stop(): Promise<void>;
}

/**
 * Opens a Chromium page of `browser` on `pageUrl` holding one peer connection (send + receive for
 * 'presenter', receive-only for 'viewer'), with the signaling done by this process over the api as
 * the app does it; `negotiate` sends the offer (goLive, watchLive, publishCallMedia, …) and returns the answer.
 */
export async function connectPeer(browser: Browser, pageUrl: string, user: LiveUser, role: 'presenter' | 'viewer',
  negotiate: (offer: string, mediaSessionId: string) => Promise<{ answer: string }>): Promise<Omit<BrowserSession, 'liveId'>> {
  const peer = await BrowserPeer.open(browser, pageUrl);
  const id = randomUUID();
  const feed = user.mediaEvents(id);
  const offer = await peer.start(role);
  const stop = trickle(user, peer, id, feed);
  try {
    const { answer } = await negotiate(offer, id);
    await peer.answer(answer);
  } catch (error) {
    await stop();
    throw error;
  }
  return { peer, id, feed, stop };
}

/** Goes live (no liveId) or watches a live, from a Chromium page (see connectPeer). */
export async function connectBrowser(browser: Browser, pageUrl: string, user: LiveUser, role: 'presenter' | 'viewer',
  options: { liveId?: string; title?: string } = {}): Promise<BrowserSession> {
  let liveId = '';
  const session = await connectPeer(browser, pageUrl, user, role, async (offer, id) => {
    const result = role === 'presenter' ? await user.goLive(offer, id, options.title) : await user.watch(options.liveId!, offer, id);
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const payload = result.data!.goLive ?? result.data!.watchLive;
    liveId = payload.live.id as string;
    return payload;
  });
  return { ...session, liveId };
}
