#!/usr/bin/env node
// Forwarding cost of the embedded media server: one ~500 kbps publisher, N receiving peers.
// The server runs in its own process (so its CPU can be measured from /proc); publisher and
// viewers are werift peers in this process, driven through kurento-client.
// Usage: node bench/media-server/forwarding.js [10 50 100]   (build media-server first)
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { spawn } = require('node:child_process');
const { RTCPeerConnection, RtpPacket, RtpHeader, MediaStreamTrack, useVP8, useOPUS } = require('werift');
const kurento = require('kurento-client');
const { freePort, waitForPort } = require('@onair/testing');
const { withoutImplicitStun } = require('@onair/media-server');

const CLK = Number(require('node:child_process').execSync('getconf CLK_TCK'));
const cpuMs = (pid) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return ((+f[11]) + (+f[12])) * 1000 / CLK; };
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const cb = (o, m, ...a) => new Promise((res, rej) => o[m](...a, (e, r) => (e ? rej(e) : res(r))));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function peer(ep, { send }) {
  const pc = new RTCPeerConnection({ iceServers: [], iceUseIpv6: false, iceAdditionalHostAddresses: ['127.0.0.1'],
    codecs: { video: [useVP8()], audio: [useOPUS()] } });
  const track = send ? new MediaStreamTrack({ kind: 'video' }) : undefined;
  if (send) pc.addTransceiver(track, { direction: 'sendonly' });
  else pc.addTransceiver('video', { direction: 'recvonly' });
  const stats = { packets: 0, first: 0 };
  pc.onTrack.subscribe((t) => t.onReceiveRtp.subscribe(() => { if (!stats.packets++) stats.first = performance.now(); }));
  ep.on('IceCandidateFound', (e) => pc.addIceCandidate(e.candidate).catch(() => {}));
  pc.onIceCandidate.subscribe((c) => c && cb(ep, 'addIceCandidate', kurento.getComplexType('IceCandidate')(c.toJSON())).catch(() => {}));
  withoutImplicitStun(pc); // offline here: werift's default STUN lookup can hold gathering for 5 s
  await pc.setLocalDescription(await pc.createOffer());
  const answer = await cb(ep, 'processOffer', pc.localDescription.sdp);
  await pc.setRemoteDescription({ type: 'answer', sdp: answer });
  await cb(ep, 'gatherCandidates');
  return { pc, track, stats };
}

async function main() {
  const counts = process.argv.slice(2).map(Number).filter(Boolean);
  const sizes = counts.length ? counts : [10, 50, 100];
  const port = await freePort();
  const server = spawn(process.execPath, [join(__dirname, '../../media-server/dist/src/cli.js')],
    { env: { ...process.env, MEDIA_SERVER_PORT: String(port), MEDIA_SERVER_ANNOUNCED_ADDRESSES: '127.0.0.1' }, stdio: 'ignore' });
  try {
    await waitForPort(port, '127.0.0.1', 10000);
    const client = await new Promise((res, rej) => kurento(`ws://127.0.0.1:${port}/kurento`, { socket: { objectMode: true } }, (e, c) => (e ? rej(e) : res(c))));
    console.log('viewers | fwd pkts/s | server CPU % | µs/fwd packet | viewers/core @500kbps | MB/viewer | TTFF p50 / p95 ms');
    for (const n of sizes) {
      const pipeline = await cb(client, 'create', 'MediaPipeline');
      const pubEp = await cb(pipeline, 'create', 'WebRtcEndpoint');
      const pub = await peer(pubEp, { send: true });
      // ~500 kbps: 1100-byte packets at ~57/s
      let seq = 0; let ts = 0;
      const timer = setInterval(() => {
        for (let i = 0; i < 6; i++) {
          const header = new RtpHeader({ payloadType: 96, sequenceNumber: (seq++) & 0xffff, timestamp: ts, marker: i === 5, ssrc: 1234 });
          pub.track.writeRtp(new RtpPacket(header, Buffer.alloc(1100, i)));
        }
        ts = (ts + 9000) >>> 0;
      }, 100);
      await sleep(1500);
      const rss0 = rssMb(server.pid);
      const viewers = [];
      const ttff = [];
      for (let i = 0; i < n; i++) {
        const ep = await cb(pipeline, 'create', 'WebRtcEndpoint');
        const t0 = performance.now();
        await cb(pubEp, 'connect', ep);
        const v = await peer(ep, { send: false });
        v.t0 = t0;
        viewers.push(v);
      }
      await sleep(3000);
      for (const v of viewers) if (v.stats.first) ttff.push(v.stats.first - v.t0);
      const c0 = cpuMs(server.pid); const p0 = viewers.reduce((s, v) => s + v.stats.packets, 0); const w0 = performance.now();
      await sleep(5000);
      const c1 = cpuMs(server.pid); const p1 = viewers.reduce((s, v) => s + v.stats.packets, 0); const w1 = performance.now();
      const fwd = p1 - p0; const secs = (w1 - w0) / 1000; const cpu = c1 - c0;
      const usPerPkt = (cpu * 1000) / Math.max(1, fwd);
      const pktPerViewerSec = fwd / secs / n;
      ttff.sort((a, b) => a - b);
      const q = (p) => (ttff.length ? ttff[Math.min(ttff.length - 1, Math.floor(p * ttff.length))].toFixed(0) : 'n/a');
      console.log([n, (fwd / secs).toFixed(0), ((cpu / (secs * 1000)) * 100).toFixed(0), usPerPkt.toFixed(1),
        (1e6 / (usPerPkt * pktPerViewerSec)).toFixed(0), ((rssMb(server.pid) - rss0) / n).toFixed(2), `${q(0.5)} / ${q(0.95)}`,
        `(${ttff.length}/${n} got media)`].join(' | '));
      clearInterval(timer);
      for (const v of viewers) await v.pc.close().catch(() => {});
      await pub.pc.close().catch(() => {});
      await cb(pipeline, 'release');
    }
    client.close();
  } finally {
    server.kill('SIGTERM');
  }
  setTimeout(() => process.exit(0), 500);
}
main().catch((e) => { console.error(e); process.exit(1); });
