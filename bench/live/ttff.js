#!/usr/bin/env node
// Viewer time-to-first-frame in headless Chromium through the api and its embedded media server
// (the built api in its own process, see api-process.js).
// One presenter (fake camera, 640×480) goes live in one browser context; then viewers join one
// after another, each in a fresh context, and each is closed after its first decoded frame.
// Each viewer page is served by the api itself (bench/pages/ as its CLIENT_DIST) and does its own
// signaling the way the app does: graphql-ws for mediaSessionEvents, HTTP POST for watchLive and
// addIceCandidate, candidates both ways as they are found. The first frame is taken from
// requestVideoFrameCallback inside the page. No Node round-trip sits inside the timed part.
// (viewer-ttff.js holds the pieces; bench/call/setup.js measures the same beside call setup.)
// Usage: node bench/live/ttff.js [joins=20] [warmup=1]   (bash scripts/build.sh first)
const { launchChromiumBrowser } = require('@onair/testing');
const { startApiProcess } = require('./api-process');
const { PAGES_DIR, VIEWER_STAGES, startLive, timeViewerJoin, printStages } = require('./viewer-ttff');
const { servePeerPage } = require('../../api/dist/test/support/browser-peer');

const JOINS = Math.max(1, Number(process.argv[2]) || 20);
const WARMUP = Math.max(0, Number(process.argv[3] ?? 1));

async function main() {
  const started = performance.now();
  const [api, browser, page] = await Promise.all([startApiProcess({ CLIENT_DIST: PAGES_DIR }), launchChromiumBrowser(), servePeerPage()]);
  let live;
  try {
    live = await startLive(api, browser, page.url);
    const rows = [];
    for (let i = 0; i < WARMUP + JOINS; i++) {
      // signed in, page loaded, realtime socket open: not timed
      const row = await timeViewerJoin(browser, api.url, live.liveId, `viewer${i}`);
      if (i >= WARMUP) rows.push(row);
      else console.log(`warm-up join: TTFF ${row.ttff.toFixed(0)} ms (not counted)`);
    }
    console.log(`viewer time-to-first-frame, ${rows.length} sequential joins (+${WARMUP} warm-up), headless Chromium, 640x480 fake camera, loopback`);
    console.log('ms from the viewer starting (new RTCPeerConnection, before watchLive) to each stage; first frame = rVFC presentationTime');
    const summary = printStages(rows, VIEWER_STAGES);
    console.log(`per join TTFF: ${rows.map((r) => r.ttff.toFixed(0)).join(' ')} (frame ${rows[0].size})`);
    const ok = summary.ttff.p50 <= 300;
    console.log(`verdict: TTFF p50 ${summary.ttff.p50.toFixed(0)} ms, p95 ${summary.ttff.p95.toFixed(0)} ms; target p50 ≤ 300 ms → ${ok ? 'MET' : 'NOT MET'} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  } finally {
    await live?.stop();
    await browser.close().catch(() => undefined);
    await page.close().catch(() => undefined);
    await api.stop(); // and its temporary database and recordings
  }
  setTimeout(() => process.exit(0), 500);
}
main().catch((e) => { console.error(e); process.exit(1); });
