import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import type { CandidateInit } from './peer';

/** A blank page on http://127.0.0.1 (a secure context, so getUserMedia works). */
const PAGE = `<!doctype html><meta charset="utf-8"><title>peer</title><video id="v" autoplay playsinline muted></video>
<script>
window.peer = {
  candidates: [],
  async start(role) {
    const pc = new RTCPeerConnection({ iceServers: [] });
    this.pc = pc;
    pc.onicecandidate = (e) => { if (e.candidate) this.candidates.push(e.candidate.toJSON()); };
    pc.ontrack = (e) => { const v = document.getElementById('v'); if (v.srcObject !== e.streams[0]) v.srcObject = e.streams[0]; };
    if (role === 'presenter') {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
      for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: 'sendrecv', streams: [stream] });
    } else {
      pc.addTransceiver('video', { direction: 'recvonly' });
      pc.addTransceiver('audio', { direction: 'recvonly' });
    }
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    return offer.sdp;
  },
  answer(sdp) { return this.pc.setRemoteDescription({ type: 'answer', sdp }); },
  addCandidate(c) { return this.pc.addIceCandidate(c); },
  takeCandidates() { return this.candidates.splice(0); },
  frames() { const v = document.getElementById('v'); return v.getVideoPlaybackQuality().totalVideoFrames; },
};
</script>`;

/** Serves the peer page; close() stops the server. */
export async function servePeerPage(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => { res.setHeader('content-type', 'text/html'); res.end(PAGE); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A Chromium page holding one RTCPeerConnection; the test process does its signaling. */
export class BrowserPeer {
  private constructor(readonly page: Page) {}

  static async open(browser: Browser, url: string): Promise<BrowserPeer> {
    const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
    const page = await context.newPage();
    await page.goto(url);
    return new BrowserPeer(page);
  }

  start(role: 'presenter' | 'viewer'): Promise<string> {
    return this.page.evaluate((r) => (globalThis as any).peer.start(r), role);
  }

  answer(sdp: string): Promise<void> {
    return this.page.evaluate((s) => (globalThis as any).peer.answer(s), sdp);
  }

  addCandidate(candidate: CandidateInit): Promise<void> {
    return this.page.evaluate((c) => (globalThis as any).peer.addCandidate(c), candidate);
  }

  takeCandidates(): Promise<CandidateInit[]> {
    return this.page.evaluate(() => (globalThis as any).peer.takeCandidates());
  }

  frames(): Promise<number> {
    return this.page.evaluate(() => (globalThis as any).peer.frames());
  }

  /** Closes the tab's whole context at once (no goodbye to anyone). */
  close(): Promise<void> {
    return this.page.context().close();
  }
}
