#!/usr/bin/env node
// Viewer time-to-first-frame in headless Chromium through the api and its embedded media server
// (the built api in its own process, see api-process.js).
// One presenter (fake camera, 640×480) goes live in one browser context; then viewers join one
// after another, each in a fresh context, and each is closed after its first decoded frame.
// Each viewer page is served by the api itself (viewer-page/ as its CLIENT_DIST) and does its own
// signaling the way the app does: graphql-ws for mediaSessionEvents, HTTP POST for watchLive and
// addIceCandidate, candidates both ways as they are found. The first frame is taken from
// requestVideoFrameCallback inside the page. No Node round-trip sits inside the timed part.
// Usage: node bench/live/ttff.js [joins=20] [warmup=1]   (bash scripts/build.sh first)
const { randomUUID } = require('node:crypto');
const { join } = require('node:path');
const { launchChromiumBrowser } = require('@onair/testing');
const { startApiProcess } = require('./api-process');
const dist = '../../api/dist/test/support';
const { gql } = require(`${dist}/graphql`);
const { LiveUser } = require(`${dist}/live-client`);
const { BrowserPeer, servePeerPage } = require(`${dist}/browser-peer`);

const JOINS = Math.max(1, Number(process.argv[2]) || 20);
const WARMUP = Math.max(0, Number(process.argv[3] ?? 1));
const FRAME_TIMEOUT_MS = 15_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { token } }`;

/** The presenter goes live through the test harness (its timing is not measured); resolves with the live's id. */
async function goLive(browser, pageUrl, user) {
  const peer = await BrowserPeer.open(browser, pageUrl);
  const id = randomUUID();
  const feed = user.mediaEvents(id);
  const result = await user.goLive(await peer.start('presenter'), id, 'ttff bench');
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  await peer.answer(result.data.goLive.answer);
  await feed.next((e) => e.mediaSessionEvents.type === 'ICE_CANDIDATE', 10_000);
  await sleep(300); // the rest of the candidates, both ways
  for (const e of feed.events) if (e.mediaSessionEvents.candidate) await peer.addCandidate(e.mediaSessionEvents.candidate);
  for (const c of await peer.takeCandidates()) await user.addCandidate(id, c);
  return { peer, unsubscribe: feed.unsubscribe, liveId: result.data.goLive.live.id };
}

const quantile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];

async function main() {
  const started = performance.now();
  const [api, browser, page] = await Promise.all([startApiProcess({ CLIENT_DIST: join(__dirname, 'viewer-page') }), launchChromiumBrowser(), servePeerPage()]);
  const cleanup = [];
  try {
    const presenter = await LiveUser.register(api, 'presenter');
    cleanup.push(() => presenter.ws.dispose());
    const live = await goLive(browser, page.url, presenter);
    cleanup.push(() => live.peer.close(), () => live.unsubscribe());
    const deadline = Date.now() + 20_000;
    while ((await live.peer.frames()) < 30) {
      if (Date.now() > deadline) throw new Error('presenter: no loopback frames after 20 s');
      await sleep(100);
    }
    const rows = [];
    for (let i = 0; i < WARMUP + JOINS; i++) {
      // signed in, app page loaded, realtime socket open: not timed
      const registered = await gql(api.url, REGISTER, { input: { nickname: `viewer${i}`, password: 'password1' } });
      if (registered.errors) throw new Error(JSON.stringify(registered.errors));
      const context = await browser.newContext();
      try {
        const viewer = await context.newPage();
        await viewer.goto(`${api.url}/`);
        await viewer.evaluate((token) => window.bench.connect(token), registered.data.register.token);
        const row = await viewer.evaluate(([liveId, ms]) => window.bench.watch(liveId, ms), [live.liveId, FRAME_TIMEOUT_MS]);
        if (i >= WARMUP) rows.push(row);
        else console.log(`warm-up join: TTFF ${row.ttff.toFixed(0)} ms (not counted)`);
      } finally {
        await context.close(); // the tab goes: the api ends that viewer's session
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
