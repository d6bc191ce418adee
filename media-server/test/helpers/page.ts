import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * The test page: a bare RTCPeerConnection the test drives through page.evaluate. It counts
 * decoded video frames (requestVideoFrameCallback) and reads inbound-rtp stats.
 */
const PAGE = `<!doctype html><html><body><video id="v" autoplay playsinline muted></video><script>
window.frames_ = 0;
window.localCandidates = [];
let pc;
function newPc() {
  pc = new RTCPeerConnection({ iceServers: [] });
  pc.onicecandidate = (e) => { if (e.candidate) window.localCandidates.push(e.candidate.toJSON()); };
  pc.ontrack = (e) => {
    const v = document.getElementById('v');
    if (!v.srcObject) v.srcObject = new MediaStream();
    v.srcObject.addTrack(e.track);
    const count = () => { window.frames_++; v.requestVideoFrameCallback(count); };
    if (e.track.kind === 'video') v.requestVideoFrameCallback(count);
  };
  return pc;
}
window.makeOffer = async (mode, codec) => {
  newPc();
  if (mode === 'send' || mode === 'sendrecv') {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
    for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: mode === 'send' ? 'sendonly' : 'sendrecv', streams: [stream] });
  } else {
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.addTransceiver('video', { direction: 'recvonly' });
  }
  if (codec) {
    for (const t of pc.getTransceivers()) {
      if (t.receiver.track.kind !== 'video') continue;
      const caps = RTCRtpReceiver.getCapabilities('video').codecs;
      t.setCodecPreferences(caps.filter((c) => c.mimeType.toLowerCase() === codec.toLowerCase()));
    }
  }
  await pc.setLocalDescription(await pc.createOffer());
  return pc.localDescription.sdp;
};
window.answerOffer = async (offer) => {
  newPc();
  await pc.setRemoteDescription({ type: 'offer', sdp: offer });
  await pc.setLocalDescription(await pc.createAnswer());
  return pc.localDescription.sdp;
};
window.applyAnswer = async (sdp) => { await pc.setRemoteDescription({ type: 'answer', sdp }); };
window.addCandidate = async (c) => { await pc.addIceCandidate(c); };
window.takeCandidates = () => window.localCandidates.splice(0);
window.stats = async () => {
  const out = { framesDecoded: 0, audioPackets: 0, videoPackets: 0, frames: window.frames_, connection: pc.connectionState,
    codecs: [] };
  const report = await pc.getStats();
  report.forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video') { out.framesDecoded += s.framesDecoded || 0; out.videoPackets += s.packetsReceived || 0; }
    if (s.type === 'inbound-rtp' && s.kind === 'audio') out.audioPackets += s.packetsReceived || 0;
    if (s.type === 'codec') out.codecs.push(s.mimeType);
  });
  return out;
};
window.closePc = () => pc && pc.close();
</script></body></html>`;

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

export async function startPageServer(): Promise<PageServer> {
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
