#!/usr/bin/env node
// Call setup in headless Chromium, beside a live viewer's time-to-first-frame measured in the same run
// (same api process, same browser). The built api runs in its own process (bench/live/api-process.js)
// and serves the bench pages (bench/pages/) as its web app; each party and each live viewer does its
// own signaling inside its page, as the app does, and takes its marks there.
//
// One call: two fresh users, each signed in with the page loaded and the realtime socket open in a
// context of its own (not timed). The caller's page posts callUser: t0 is taken just before. The
// callee's page accepts on INCOMING; then each party (the callee once acceptCall answered, the caller
// on ACCEPTED) publishes its fake camera (publishCallMedia, looped back) and views the other's stream
// (viewCallMedia) at once, trickling candidates both ways. Call setup = t0 → the later of the two
// parties' first remote frame (requestVideoFrameCallback presentationTime on its remote <video>).
// Then the caller hangs up and both pages wait for ENDED before the contexts close.
// Live side: one presenter goes live at the start (Node signals it, not timed); viewers join one at a
// time (bench/live/viewer-ttff.js, as bench/live/ttff.js). A live join and a call alternate, the one
// that goes first alternating too, so load from other processes hits both alike.
// Usage: node bench/call/setup.js [calls=20] [warmup=1]   (bash scripts/build.sh first)
const { loadavg } = require('node:os');
const { launchChromiumBrowser } = require('@onair/testing');
const { startApiProcess } = require('../live/api-process');
const {
  PAGES_DIR, VIEWER_STAGES, bounded, register, openBenchPage, startLive, timeViewerJoin, summarize, printStages, sleep,
} = require('../live/viewer-ttff');
const { servePeerPage } = require('../../api/dist/test/support/browser-peer');

const CALLS = Math.max(1, Number(process.argv[2]) || 20);
const WARMUP = Math.max(0, Number(process.argv[3] ?? 1));
/** The bound on each wait inside a page (a call event, a mutation, the first frames). */
const STEP_TIMEOUT_MS = 15_000;
const AIM = 2; // call setup p50 ≤ 2 × live TTFF p50

/** One call between two fresh users; resolves with ms from the caller's click to each stage. */
async function timeCall(browser, apiUrl, i) {
  const names = [`caller${i}`, `callee${i}`];
  const tokens = await Promise.all(names.map((nickname) => register(apiUrl, nickname)));
  const tabs = [];
  try {
    for (const token of tokens) tabs.push(await openBenchPage(browser, apiUrl, token, { camera: true }));
    const [caller, callee] = tabs.map((tab) => tab.page);
    await Promise.all([caller, callee].map((page) => page.evaluate(() => window.bench.listenForCalls())));
    await sleep(200); // graphql-ws does not acknowledge a subscription: give the api time to register both
    await callee.evaluate((ms) => window.bench.answerNextCall(ms), STEP_TIMEOUT_MS);
    const [a, b] = await bounded(Promise.all([
      caller.evaluate(([nickname, ms]) => window.bench.dial(nickname, ms), [names[1], STEP_TIMEOUT_MS]),
      callee.evaluate(() => window.bench.answered()),
    ]), 4 * STEP_TIMEOUT_MS, `call ${i}`);
    const [hangUp, ended] = await bounded(Promise.all([
      caller.evaluate((ms) => window.bench.hangUp(ms), STEP_TIMEOUT_MS),
      callee.evaluate((ms) => window.bench.ended(ms), STEP_TIMEOUT_MS),
    ]), 3 * STEP_TIMEOUT_MS, `hang-up ${i}`);
    if (hangUp.endReason !== 'hang-up' || ended.endReason !== 'hang-up') {
      throw new Error(`call ${i} ended with ${hangUp.endReason} / ${ended.endReason}, not hang-up`);
    }
    return rowOf(a, b, hangUp, ended);
  } finally {
    for (const tab of tabs) await tab.close();
    await sleep(300); // let the server release the call's media objects
  }
}

/** Every mark of both pages, in ms from the caller's click (both pages share the browser's clock). */
function rowOf(a, b, hangUp, ended) {
  const t0 = a.marks.click;
  const rel = (x) => (Number.isFinite(x) ? x - t0 : NaN);
  const party = (p) => ({
    media: rel(p.marks.media), captured: rel(p.publish.captured),
    publishAnswered: rel(p.publish.negotiated), viewAnswered: rel(p.view.negotiated),
    publishRoundTrip: p.publish.negotiated - p.publish.offer, viewRoundTrip: p.view.negotiated - p.view.offer,
    publishDtls: rel(p.publish.dtls), viewDtls: rel(p.view.dtls),
    remoteReceived: rel(p.remote.received), remote: rel(p.remote.presented), self: rel(p.self.presented),
    size: p.remote.size,
  });
  const caller = party(a);
  const callee = party(b);
  return {
    dialled: rel(a.marks.dialled), incoming: rel(b.marks.incoming), acceptAnswered: rel(b.marks.accepted), acceptedEvent: rel(a.marks.accepted),
    caller, callee,
    first: Math.min(caller.remote, callee.remote),
    setup: Math.max(caller.remote, callee.remote),
    hangUpEnded: Math.max(hangUp.ended, ended.ended) - hangUp.at,
  };
}

const partyStages = (who) => [
  [`${who}: camera captured`, (r) => r[who].captured],
  [`${who}: publishCallMedia answered`, (r) => r[who].publishAnswered],
  [`  (${who}: its round-trip)`, (r) => r[who].publishRoundTrip],
  [`${who}: viewCallMedia answered`, (r) => r[who].viewAnswered],
  [`  (${who}: its round-trip)`, (r) => r[who].viewRoundTrip],
  [`${who}: publish DTLS connected`, (r) => r[who].publishDtls],
  [`${who}: view DTLS connected`, (r) => r[who].viewDtls],
  [`${who}: remote frame received`, (r) => r[who].remoteReceived],
  [`${who}: remote frame presented`, (r) => r[who].remote],
  [`${who}: own loopback presented`, (r) => r[who].self],
  [`  (${who}: media start → remote frame)`, (r) => r[who].remote - r[who].media],
];
const CALL_STAGES = [
  ['callUser answered (caller)', 'dialled'], ['INCOMING received (callee)', 'incoming'],
  ['acceptCall answered (callee)', 'acceptAnswered'], ['ACCEPTED received (caller)', 'acceptedEvent'],
  ...partyStages('callee'), ...partyStages('caller'),
  ['first party shows the other', 'first'], ['CALL SETUP = both show the other', 'setup'],
  ['hang-up → ENDED on both (not in setup)', 'hangUpEnded'],
];

const cleanup = [];
let cleaning;
/** Stops everything started so far, once, in reverse order (also on SIGINT / SIGTERM). */
function stopAll() {
  cleaning ??= (async () => {
    for (const step of cleanup.reverse()) await Promise.resolve().then(step).catch(() => undefined);
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void stopAll().then(() => process.exit(130)));

async function main() {
  const started = performance.now();
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  const [api, browser, page] = await Promise.all([
    startApiProcess({ CLIENT_DIST: PAGES_DIR }).then((api) => { cleanup.unshift(() => api.stop()); return api; }), // stopped last
    launchChromiumBrowser().then((browser) => { cleanup.push(() => browser.close()); return browser; }),
    servePeerPage().then((page) => { cleanup.push(() => page.close()); return page; }),
  ]);
  try {
    const live = await startLive(api, browser, page.url);
    cleanup.push(() => live.stop());
    const calls = [];
    const joins = [];
    for (let i = 0; i < WARMUP + CALLS; i++) {
      const warm = i < WARMUP;
      const steps = [
        async () => {
          const row = await timeViewerJoin(browser, api.url, live.liveId, `viewer${i}`, STEP_TIMEOUT_MS);
          if (warm) console.log(`warm-up live join: TTFF ${row.ttff.toFixed(0)} ms (not counted)`);
          else joins.push(row);
        },
        async () => {
          const row = await timeCall(browser, api.url, i);
          if (warm) console.log(`warm-up call: setup ${row.setup.toFixed(0)} ms (not counted)`);
          else calls.push(row);
        },
      ];
      if (i % 2) steps.reverse();
      for (const step of steps) await step();
    }

    console.log(`\ncall setup, ${calls.length} sequential calls (+${WARMUP} warm-up), two fresh users each, headless Chromium, 640x480 fake camera, loopback`);
    console.log("ms from the caller's click (just before callUser is posted) to each stage; frame = rVFC presentationTime on the remote <video>");
    printStages(calls, CALL_STAGES, 42);
    console.log(`per call setup: ${calls.map((r) => r.setup.toFixed(0)).join(' ')} (frame ${calls[0].caller.size})`);

    console.log(`\nlive viewer time-to-first-frame, ${joins.length} joins in the same run (+${WARMUP} warm-up), one presenter live throughout`);
    console.log('ms from the viewer starting (new RTCPeerConnection, before watchLive) to each stage');
    printStages(joins, VIEWER_STAGES, 42);
    console.log(`per join TTFF: ${joins.map((r) => r.ttff.toFixed(0)).join(' ')}`);

    const setup = summarize(calls.map((r) => r.setup));
    const ttff = summarize(joins.map((r) => r.ttff));
    const line = (label, s) => `${label.padEnd(42)}|${[s.p50, s.p95, s.min, s.max].map((x) => x.toFixed(0).padStart(6)).join(' |')}`;
    console.log(`\n${'side by side (ms)'.padEnd(42)}|   p50 |   p95 |   min |   max`);
    console.log(line('call setup (click → both show the other)', setup));
    console.log(line('live viewer TTFF', ttff));
    const ratio = setup.p50 / ttff.p50;
    console.log(`ratio call setup / live TTFF: p50 ${ratio.toFixed(2)}×, p95 ${(setup.p95 / ttff.p95).toFixed(2)}×`);
    console.log(`verdict: call setup p50 ${setup.p50.toFixed(0)} ms = ${ratio.toFixed(2)}× live TTFF p50 ${ttff.p50.toFixed(0)} ms; `
      + `aim ≤ ${AIM}× → ${ratio <= AIM ? 'MET' : 'NOT MET'} (${((performance.now() - started) / 1000).toFixed(1)} s; `
      + `load average ${load} at the start, ${loadavg().map((x) => x.toFixed(2)).join(' ')} at the end)`);
  } finally {
    await stopAll(); // the live, the browser, the peer page, the api and its temporary data folder
  }
  setTimeout(() => process.exit(0), 500);
}
main().catch(async (e) => {
  console.error(e);
  await stopAll();
  process.exit(1);
});
