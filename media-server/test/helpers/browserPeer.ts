import type { Page } from 'playwright-core';
import { call, getComplexType, KObject, withTimeout } from './kurento';

export type Mode = 'send' | 'recv' | 'sendrecv';

export interface PageStats {
  framesDecoded: number;
  frames: number;
  audioPackets: number;
  videoPackets: number;
  connection: string;
  codecs: string[];
}

/**
 * The test-only signaling path: the test process drives kurento-client and carries SDP and
 * ICE candidates between the endpoint and the page with page.evaluate.
 */
export class BrowserPeer {
  private pumping = true;
  private pump?: Promise<void>;

  private constructor(readonly page: Page, readonly endpoint: KObject) {}

  static async connect(page: Page, endpoint: KObject, mode: Mode,
    options: { serverOffers?: boolean; codec?: string } = {}): Promise<BrowserPeer> {
    const peer = new BrowserPeer(page, endpoint);
    endpoint.on('IceCandidateFound', (e: { candidate: { candidate: string; sdpMid: string; sdpMLineIndex: number } }) => {
      const c = { candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid, sdpMLineIndex: e.candidate.sdpMLineIndex };
      page.evaluate((cand) => (globalThis as never as { addCandidate(c: unknown): Promise<void> }).addCandidate(cand), c)
        .catch(() => undefined);
    });
    if (options.serverOffers) {
      const offer: string = await call(endpoint, 'generateOffer');
      const answer = await page.evaluate((o) => (globalThis as never as { answerOffer(o: string): Promise<string> }).answerOffer(o), offer);
      await call(endpoint, 'processAnswer', answer);
    } else {
      const offer = await page.evaluate(([m, c]) =>
        (globalThis as never as { makeOffer(m: string, c?: string): Promise<string> }).makeOffer(m, c), [mode, options.codec] as const);
      const answer: string = await call(endpoint, 'processOffer', offer);
      await page.evaluate((a) => (globalThis as never as { applyAnswer(a: string): Promise<void> }).applyAnswer(a), answer);
    }
    await call(endpoint, 'gatherCandidates');
    peer.pump = peer.pumpCandidates();
    return peer;
  }

  /** Forwards the page's ICE candidates to the endpoint while the test runs. */
  private async pumpCandidates(): Promise<void> {
    const IceCandidate = getComplexType('IceCandidate');
    while (this.pumping) {
      const candidates = await this.page.evaluate(() =>
        (globalThis as never as { takeCandidates(): { candidate: string; sdpMid: string; sdpMLineIndex: number }[] })
          .takeCandidates()).catch(() => []);
      for (const c of candidates) {
        await call(this.endpoint, 'addIceCandidate', IceCandidate(c)).catch(() => undefined);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  stats(): Promise<PageStats> {
    return this.page.evaluate(() => (globalThis as never as { stats(): Promise<PageStats> }).stats());
  }

  /** Resolves once the page has decoded `frames` video frames. */
  async waitFrames(frames: number, timeoutMs = 20_000): Promise<PageStats> {
    const deadline = Date.now() + timeoutMs;
    let last: PageStats | undefined;
    while (Date.now() < deadline) {
      last = await this.stats();
      if (last.framesDecoded >= frames && last.frames >= frames) return last;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`page decoded too few frames in ${timeoutMs} ms: ${JSON.stringify(last)}`);
  }

  async close(): Promise<void> {
    this.pumping = false;
    await withTimeout(this.pump ?? Promise.resolve(), 5000, 'candidate pump').catch(() => undefined);
    await this.page.evaluate(() => (globalThis as never as { closePc(): void }).closePc()).catch(() => undefined);
  }
}
