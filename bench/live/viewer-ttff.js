// Live viewer time-to-first-frame, shared by bench/live/ttff.js and bench/call/setup.js.
// A presenter goes live through the test harness (Node does its signaling; not timed); each viewer is
// a fresh browser context on a bench page (bench/pages/, which the api serves as its web app) that
// does its own signaling and reports its stages. Also the bench-page plumbing and the stage tables.
const { randomUUID } = require('node:crypto');
const { join } = require('node:path');
const dist = '../../api/dist/test/support';
const { gql } = require(`${dist}/graphql`);
const { LiveUser } = require(`${dist}/live-client`);
const { BrowserPeer } = require(`${dist}/browser-peer`);

/** Give it to startApiProcess as CLIENT_DIST: the api then serves the bench pages on its own origin. */
const PAGES_DIR = join(__dirname, '../pages');
const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { token } }`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Rejects after `ms` (a page that never answers must not hold the bench). */
function bounded(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  })]).finally(() => clearTimeout(timer));
}

/** A new account; resolves with its token. */
async function register(apiUrl, nickname) {
  const result = await gql(apiUrl, REGISTER, { input: { nickname, password: 'password1' } });
  if (result.errors) throw new Error(`register ${nickname}: ${JSON.stringify(result.errors)}`);
  return result.data.register.token;
}

/**
 * A signed-in user's tab: a fresh browser context on the bench page, its realtime socket open (not
 * timed). `camera`: allowed to capture (the fake device). close() closes the whole context.
 */
async function openBenchPage(browser, apiUrl, token, { camera = false } = {}) {
  const context = await browser.newContext(camera ? { permissions: ['camera', 'microphone'] } : {});
  try {
    const page = await context.newPage();
    await page.goto(`${apiUrl}/`, { timeout: 10_000 });
    if (!(await page.evaluate(() => typeof window.bench?.connect === 'function'))) {
      throw new Error(`${apiUrl}/ is not the bench page: start the api with CLIENT_DIST=${PAGES_DIR}`);
    }
    await bounded(page.evaluate((t) => window.bench.connect(t), token), 10_000, 'realtime connection');
    return { page, close: () => context.close().catch(() => undefined) };
  } catch (error) {
    await context.close().catch(() => undefined);
    throw error;
  }
}

/** The presenter (fake camera, 640×480) goes live; resolves once it sees its own loopback. stop() ends it all. */
async function startLive(api, browser, peerPageUrl, nickname = 'presenter') {
  const user = await LiveUser.register(api, nickname);
  const undo = [() => user.ws.dispose()];
  const stop = async () => {
    for (const step of undo.reverse()) await Promise.resolve().then(step).catch(() => undefined);
  };
  try {
    const peer = await BrowserPeer.open(browser, peerPageUrl);
    undo.push(() => peer.close());
    const id = randomUUID();
    const feed = user.mediaEvents(id);
    undo.push(() => feed.unsubscribe());
    const result = await user.goLive(await peer.start('presenter'), id, 'bench live');
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    const liveId = result.data.goLive.live.id;
    undo.push(() => user.gql(`mutation ($id: ID!) { stopLive(liveId: $id) { status } }`, { id: liveId }));
    await peer.answer(result.data.goLive.answer);
    await feed.next((e) => e.mediaSessionEvents.type === 'ICE_CANDIDATE', 10_000);
    await sleep(300); // the rest of the candidates, both ways
    for (const e of feed.events) if (e.mediaSessionEvents.candidate) await peer.addCandidate(e.mediaSessionEvents.candidate);
    for (const c of await peer.takeCandidates()) await user.addCandidate(id, c);
    const deadline = Date.now() + 20_000;
    while ((await peer.frames()) < 30) {
      if (Date.now() > deadline) throw new Error('presenter: no loopback frames after 20 s');
      await sleep(100);
    }
    return { liveId, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * One viewer joins the live in a fresh context and is closed after its first frame (the api then ends
 * its session). Resolves with ms from its start to each stage (VIEWER_STAGES).
 */
async function timeViewerJoin(browser, apiUrl, liveId, nickname, frameTimeoutMs = 15_000) {
  const viewer = await openBenchPage(browser, apiUrl, await register(apiUrl, nickname));
  try {
    return await bounded(viewer.page.evaluate(([id, ms]) => window.bench.watch(id, ms), [liveId, frameTimeoutMs]),
      frameTimeoutMs + 5_000, `${nickname} watching`);
  } finally {
    await viewer.close();
    await sleep(300); // let the server release the viewer's endpoint
  }
}

const VIEWER_STAGES = [['offer ready (candidates in it)', 'offer'], ['watchLive answered', 'watch'], ['  (its round-trip)', (r) => r.watch - r.offer],
  ['answer applied', 'answer'],
  ['first server candidate', 'serverCandidate'], ['ICE connected', 'ice'], ['DTLS connected', 'dtls'],
  ['first frame received (rVFC)', 'received'], ['first frame presented = TTFF', 'ttff'],
  ['  (TTFF − watchLive answered)', (r) => r.ttff - r.watch]];

const quantile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];

/** p50, p95, min, max of the finite values. */
function summarize(values) {
  const xs = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return xs.length ? { p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), min: xs[0], max: xs[xs.length - 1], n: xs.length } : null;
}

/** Prints one line per stage ([label, key or row → value]); returns each stage's summary by label. */
function printStages(rows, stages, width = 34) {
  console.log(`${'stage'.padEnd(width)}|   p50 |   p95 |   min |   max`);
  const summary = {};
  for (const [label, key] of stages) {
    const s = summarize(rows.map(typeof key === 'function' ? key : (r) => r[key]));
    summary[typeof key === 'string' ? key : label] = s;
    if (!s) console.log(`${label.padEnd(width)}|   n/a`);
    else console.log(`${label.padEnd(width)}|${[s.p50, s.p95, s.min, s.max].map((x) => x.toFixed(0).padStart(6)).join(' |')}`);
  }
  return summary;
}

module.exports = {
  PAGES_DIR, VIEWER_STAGES, bounded, register, openBenchPage, startLive, timeViewerJoin, quantile, summarize, printStages, sleep,
};
