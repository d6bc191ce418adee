#!/usr/bin/env node
// Viewer time-to-first-frame in headless Chromium through the api and its embedded media server
// (the built api in its own process, see api-process.js).
// One presenter (fake camera, 640×480) goes live in one browser context; then viewers join one
// after another, each in a fresh context, and each is closed after its first decoded frame.
// Signaling is event-driven like the app's: browser candidates are pushed to Node as Chromium
// finds them (exposed binding) and posted at once; server candidates are applied as they arrive on
// mediaSessionEvents. The first frame is taken from requestVideoFrameCallback inside the page.
// Usage: node bench/live/ttff.js [joins=20] [warmup=1]   (bash scripts/build.sh first)
const { randomUUID } = require('node:crypto');
const { launchChromiumBrowser } = require('@onair/testing');
const dist = '../../api/dist/test/support';
const { startApiProcess } = require('./api-process');
const { LiveUser, MEDIA_EVENTS } = require(`${dist}/live-client`);
const { BrowserPeer, servePeerPage } = require(`${dist}/browser-peer`);

const JOINS = Math.max(1, Number(process.argv[2]) || 20);
const WARMUP = Math.max(0, Number(process.argv[3] ?? 1));
const FRAME_TIMEOUT_MS = 15_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Wall-clock ms with sub-ms precision, comparable between Node and the page (same system clock). */
const epoch = () => performance.timeOrigin + performance.now();

/** In the page, before start(): first presented frame via rVFC, and ICE/DTLS milestones. */
function armPage() {
  const now = () => performance.timeOrigin + performance.now();
  const v = document.getElementById('v');
  window.__bench = {};
  window.__firstFrame = new Promise((resolve) => {
    v.requestVideoFrameCallback((_t, meta) => resolve({
      // presentationTime: when the decoded frame was handed to the compositor; receiveTime: when its last packet arrived
      presented: performance.timeOrigin + meta.presentationTime,
      received: meta.receiveTime ? performance.timeOrigin + meta.receiveTime : null,
      callback: now(), width: meta.width, height: meta.height,
    }));
  });
  window.__watchPc = () => {
    const pc = window.peer.pc;
    const mark = () => {
      if (pc.iceConnectionState === 'connected' && !window.__bench.ice) window.__bench.ice = now();
      if (pc.connectionState === 'connected' && !window.__bench.dtls) window.__bench.dtls = now();
    };
    pc.addEventListener('iceconnectionstatechange', mark);
    pc.addEventListener('connectionstatechange', mark);
    // from now on candidates go straight to Node; the ones found so far are handed over here
    pc.addEventListener('icecandidate', (e) => { if (e.candidate) window.__benchCandidate(e.candidate.toJSON()); });
    return window.peer.takeCandidates();
  };
}

/** Signals one peer through the api: offer, candidates both ways as found, answer. Returns timings. */
async function join(browser, pageUrl, user, role, liveId) {
  const peer = await BrowserPeer.open(browser, pageUrl);
  const id = randomUUID();
  const posts = [];
  const errors = [];
  const send = ({ candidate, sdpMid, sdpMLineIndex }) => posts.push(user.addCandidate(id, { candidate, sdpMid, sdpMLineIndex })
    .then((r) => { if (r.errors) errors.push(r.errors); }, (e) => errors.push(e.message)));
  await peer.page.exposeFunction('__benchCandidate', send);
  await peer.page.evaluate(armPage);
  let answered = false;
  const early = [];
  const apply = (c) => peer.addCandidate(c).catch(() => undefined);
  const t = { start: epoch() };
  const unsubscribe = user.ws.client.subscribe({ query: MEDIA_EVENTS, variables: { id } }, {
    next: ({ data }) => {
      const c = data?.mediaSessionEvents?.candidate;
      if (!c) return;
      if (!t.serverCandidate) t.serverCandidate = epoch();
      if (answered) apply(c); else early.push(c);
    },
    error: () => undefined, complete: () => undefined,
  });
  const offer = await peer.start(role);
  t.offer = epoch();
  // the offer goes out at once, as in the app; the candidates found so far follow it (the api keeps
  // candidates that arrive before the endpoint exists)
  const [result] = await Promise.all([
    role === 'presenter' ? user.goLive(offer, id, 'ttff bench') : user.watch(liveId, offer, id),
    peer.page.evaluate(() => window.__watchPc()).then((cs) => cs.forEach(send)),
  ]);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  t.watch = epoch();
  const payload = result.data.goLive ?? result.data.watchLive;
  await peer.answer(payload.answer);
  answered = true;
  t.answer = epoch();
  for (const c of early.splice(0)) apply(c);
  return { peer, id, unsubscribe, t, posts, errors, liveId: payload.live.id };
}

const quantile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];

async function main() {
  const started = performance.now();
  const [api, browser, page] = await Promise.all([startApiProcess(), launchChromiumBrowser(), servePeerPage()]);
  const cleanup = [];
  try {
    const presenter = await LiveUser.register(api, 'presenter');
    cleanup.push(() => presenter.ws.dispose());
    const live = await join(browser, page.url, presenter, 'presenter');
    cleanup.push(() => live.peer.close(), () => live.unsubscribe());
    const deadline = Date.now() + 20_000;
    while ((await live.peer.frames()) < 30) {
      if (Date.now() > deadline) throw new Error('presenter: no loopback frames after 20 s');
      await sleep(100);
    }
    const rows = [];
    for (let i = 0; i < WARMUP + JOINS; i++) {
      const viewer = await LiveUser.register(api, `viewer${i}`); // signed in with its realtime socket, page loaded: not timed
      let session;
      try {
        session = await join(browser, page.url, viewer, 'viewer', live.liveId);
        const first = await Promise.race([
          session.peer.page.evaluate(() => window.__firstFrame),
          sleep(FRAME_TIMEOUT_MS).then(() => { throw new Error(`viewer ${i}: no frame within ${FRAME_TIMEOUT_MS} ms`); }),
        ]);
        const marks = await session.peer.page.evaluate(() => window.__bench);
        await Promise.all(session.posts);
        if (session.errors.length) throw new Error(`viewer ${i}: addIceCandidate failed: ${JSON.stringify(session.errors)}`);
        const { t } = session;
        const ms = (x) => (x ? x - t.start : NaN);
        const row = { offer: ms(t.offer), watch: ms(t.watch), answer: ms(t.answer), serverCandidate: ms(t.serverCandidate),
          ice: ms(marks.ice), dtls: ms(marks.dtls), received: ms(first.received), ttff: ms(first.presented), size: `${first.width}x${first.height}` };
        if (i >= WARMUP) rows.push(row);
        else console.log(`warm-up join: TTFF ${row.ttff.toFixed(0)} ms (not counted)`);
      } finally {
        if (session) { session.unsubscribe(); await session.peer.close().catch(() => undefined); }
        await viewer.ws.dispose();
      }
      await sleep(300); // let the server release the viewer's endpoint
    }
    console.log(`viewer time-to-first-frame, ${rows.length} sequential joins (+${WARMUP} warm-up), headless Chromium, 640x480 fake camera, loopback`);
    console.log('ms from the viewer starting (new RTCPeerConnection, before watchLive) to each stage; first frame = rVFC presentationTime');
    console.log(`${'stage'.padEnd(34)}|   p50 |   p95 |   min |   max`);
    const stages = [['offer created', 'offer'], ['watchLive answered', 'watch'], ['answer applied', 'answer'],
      ['first server candidate', 'serverCandidate'], ['ICE connected', 'ice'], ['DTLS connected', 'dtls'],
      ['first frame received (rVFC)', 'received'], ['first frame presented = TTFF', 'ttff'],
      ['  (TTFF − watchLive answered)', 'gap']];
    const summary = {};
    for (const [label, key] of stages) {
      const xs = rows.map((r) => (key === 'gap' ? r.ttff - r.watch : r[key])).filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
      if (!xs.length) { console.log(`${label.padEnd(34)}|   n/a`); continue; }
      summary[key] = { p50: quantile(xs, 0.5), p95: quantile(xs, 0.95) };
      console.log(`${label.padEnd(34)}|${[quantile(xs, 0.5), quantile(xs, 0.95), xs[0], xs[xs.length - 1]].map((x) => x.toFixed(0).padStart(6)).join(' |')}`);
    }
    console.log(`per join TTFF: ${rows.map((r) => r.ttff.toFixed(0)).join(' ')} (frame ${rows[0].size})`);
    const ok = summary.ttff.p50 <= 300;
    console.log(`verdict: TTFF p50 ${summary.ttff.p50.toFixed(0)} ms, p95 ${summary.ttff.p95.toFixed(0)} ms; target p50 ≤ 300 ms → ${ok ? 'MET' : 'NOT MET'} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    await presenter.gql(`mutation ($id: ID!) { stopLive(liveId: $id) { status } }`, { id: live.liveId });
  } finally {
    for (const step of cleanup.reverse()) await Promise.resolve().then(step).catch(() => undefined);
    await browser.close().catch(() => undefined);
    await page.close().catch(() => undefined);
    await api.stop(); // and its temporary database and recordings
  }
  setTimeout(() => process.exit(0), 500);
}
main().catch((e) => { console.error(e); process.exit(1); });
