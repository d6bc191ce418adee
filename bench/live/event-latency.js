#!/usr/bin/env node
// Mutation → subscriber event latency through the whole api (HTTP POST sendChatMessage → pub/sub →
// liveEvents CHAT_MESSAGE over graphql-ws to another user), beside a bare graphql-js + graphql-ws
// server measured in the same run with the same client code. Both sides alternate message by
// message, so a busy neighbour on the machine slows both alike.
// Usage: node bench/live/event-latency.js [messages=200] [gapMs=10]   (bash scripts/build.sh first)
// BENCH_DATABASE_URL (e.g. sqlite:/dev/shm/onair-bench.db) points the api's SQLite elsewhere, to see
// what the database's commits cost.
const { randomUUID } = require('node:crypto');
const { rmSync } = require('node:fs');
const { join } = require('node:path');
const { spawnManaged } = require('@onair/testing');
const dist = '../../api/dist/test/support';
const { startApiProcess } = require('./api-process');
const { gql, realtime } = require(`${dist}/graphql`);
const { LiveUser, LIVE_EVENTS, withoutCandidates } = require(`${dist}/live-client`);
const { TestPeer } = require(`${dist}/peer`);

const N = Math.max(1, Number(process.argv[2]) || 200);
const GAP_MS = Number(process.argv[3] ?? 10);
const WARMUP = 20;
const PER_USER = 4; // the api allows 5 chat messages / 10 s per user and live: stay below it
const TIMEOUT_MS = 5000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const SEND = `mutation ($id: ID!, $t: String!) { sendChatMessage(liveId: $id, text: $t) { id text author { nickname } } }`;
const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { token } }`;

/** Starts bare-server.js in its own process; resolves with its url once it listens. */
async function startBareProcess() {
  const child = spawnManaged(process.execPath, [join(__dirname, 'bare-server.js')]);
  const deadline = Date.now() + 10_000;
  let match;
  while (!(match = child.output().match(/listening (http:\S+)/))) {
    if (child.child.exitCode !== null || Date.now() > deadline) {
      await child.stop();
      throw new Error(`bare-server.js did not start:\n${child.output()}`);
    }
    await sleep(50);
  }
  return { url: match[1], stop: () => child.stop() };
}

// ---- one side: a listener's subscription and a rotation of senders ------------------------------
async function side(name, url, liveId, senderTokens, listenerToken) {
  const ws = realtime(url, listenerToken);
  await ws.connected;
  const waiting = new Map();
  const errors = [];
  const unsubscribe = ws.client.subscribe({ query: LIVE_EVENTS, variables: { id: liveId } }, {
    next: (value) => {
      const t = performance.now();
      if (value.errors) errors.push(value.errors);
      const text = value.data?.liveEvents?.message?.text;
      const resolve = text && waiting.get(text);
      if (resolve) { waiting.delete(text); resolve(t); }
    },
    error: (e) => errors.push(e),
    complete: () => undefined,
  });
  await sleep(300); // the subscription is registered server side
  let turn = 0;
  return {
    name, errors,
    /** One message: POST, wait for both the response and the subscriber's event. */
    async once() {
      const token = senderTokens[turn++ % senderTokens.length];
      const text = `${name} ${randomUUID()}`;
      const heard = new Promise((resolve, reject) => {
        waiting.set(text, resolve);
        setTimeout(() => reject(new Error(`${name}: no event within ${TIMEOUT_MS} ms (${JSON.stringify(errors)})`)), TIMEOUT_MS).unref();
      });
      const t0 = performance.now();
      const posted = gql(url, SEND, { id: liveId, t: text }, token).then((r) => {
        if (r.errors) throw new Error(`${name}: ${JSON.stringify(r.errors)}`);
        return performance.now();
      });
      const [tEvent, tResponse] = await Promise.all([heard, posted]);
      return { event: tEvent - t0, response: tResponse - t0 };
    },
    /** The HTTP floor: an authenticated POST of `{ __typename }` (no resolver, no database). */
    async ping() {
      const t0 = performance.now();
      const r = await gql(url, '{ __typename }', {}, senderTokens[0]);
      if (r.errors) throw new Error(`${name}: ${JSON.stringify(r.errors)}`);
      return performance.now() - t0;
    },
    async close() { unsubscribe(); await ws.dispose(); },
  };
}

const quantile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
const fmt = (v) => v.toFixed(2).padStart(7);

async function main() {
  const started = performance.now();
  // each server in its own process, as in production; this one only runs the clients
  const api = await startApiProcess(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {});
  const bare = await startBareProcess();
  const cleanup = [];
  try {
    // A live with ICE connected (werift presenter), a listener, and enough senders to stay under the chat limit.
    const presenter = await LiveUser.register(api, 'presenter');
    cleanup.push(() => presenter.ws.dispose());
    const pc = new TestPeer('presenter');
    cleanup.push(() => pc.close());
    const mediaSessionId = randomUUID();
    const media = presenter.mediaEvents(mediaSessionId);
    cleanup.push(() => media.unsubscribe());
    const live = await presenter.goLive(await pc.offer(), mediaSessionId, 'bench');
    if (live.errors) throw new Error(JSON.stringify(live.errors));
    const liveId = live.data.goLive.live.id;
    await pc.answer(withoutCandidates(live.data.goLive.answer));
    await pc.gatheringDone;
    for (const candidate of pc.localCandidates) await presenter.addCandidate(mediaSessionId, candidate);
    await media.next((e) => e.mediaSessionEvents.type === 'ICE_CANDIDATE', 10_000);
    await sleep(300);
    for (const e of media.events) if (e.mediaSessionEvents.candidate) await pc.addRemoteCandidate(e.mediaSessionEvents.candidate);
    await pc.connected();

    const register = async (nickname) => {
      const r = await gql(api.url, REGISTER, { input: { nickname, password: 'password1' } });
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      return r.data.register.token;
    };
    const users = Math.ceil((N + WARMUP) / PER_USER);
    const senders = [];
    for (let i = 0; i < users; i++) senders.push(await register(`sender${i}`));
    const listener = await register('listener');

    const full = await side('api', api.url, liveId, senders, listener);
    cleanup.push(() => full.close());
    const base = await side('bare', bare.url, 'any', senders, 'unused');
    cleanup.push(() => base.close());

    const results = { api: { event: [], response: [], ping: [] }, bare: { event: [], response: [], ping: [] } };
    for (let i = 0; i < WARMUP + N; i++) {
      // alternate which side goes first so neither always follows the other's garbage
      const order = i % 2 ? [base, full] : [full, base];
      for (const s of order) {
        const r = await s.once();
        if (i >= WARMUP) { results[s.name].event.push(r.event); results[s.name].response.push(r.response); }
        if (GAP_MS) await sleep(GAP_MS);
      }
    }
    for (let i = 0; i < WARMUP + N; i++) {
      for (const s of i % 2 ? [base, full] : [full, base]) {
        const ms = await s.ping();
        if (i >= WARMUP) results[s.name].ping.push(ms);
      }
    }
    for (const s of [full, base]) if (s.errors.length) throw new Error(`${s.name} subscription errors: ${JSON.stringify(s.errors)}`);

    const row = (label, xs) => {
      const s = [...xs].sort((a, b) => a - b);
      return { label, p50: quantile(s, 0.5), p99: quantile(s, 0.99), min: s[0], max: s[s.length - 1] };
    };
    const rows = [row('api   event', results.api.event), row('bare  event', results.bare.event),
      row('api   POST response', results.api.response), row('bare  POST response', results.bare.response),
      row('api   POST {__typename}', results.api.ping), row('bare  POST {__typename}', results.bare.ping)];
    console.log(`mutation → subscriber event latency, ${N} messages per side (+${WARMUP} warm-up), ${users} senders × ≤${PER_USER}, gap ${GAP_MS} ms, loopback`);
    console.log('client: HTTP POST (fetch) for the mutation, graphql-ws (ws) for the subscription, same code for both sides');
    console.log(`${'series'.padEnd(24)}|     p50 |     p99 |     min |     max  (ms)`);
    for (const r of rows) console.log(`${r.label.padEnd(24)}|${fmt(r.p50)} |${fmt(r.p99)} |${fmt(r.min)} |${fmt(r.max)}`);
    const ratio50 = rows[0].p50 / rows[1].p50;
    const ratio99 = rows[0].p99 / rows[1].p99;
    console.log(`${'ratio api / bare'.padEnd(24)}|${(ratio50.toFixed(2) + '×').padStart(7)}  |${(ratio99.toFixed(2) + '×').padStart(7)}  |`);
    const ok = ratio50 <= 1.3;
    console.log(`verdict: event p50 ${rows[0].p50.toFixed(2)} ms vs bare ${rows[1].p50.toFixed(2)} ms = ${ratio50.toFixed(2)}× (p99 ${ratio99.toFixed(2)}×); target ≤ 1.3× → ${ok ? 'MET' : 'NOT MET'} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    await presenter.gql(`mutation ($id: ID!) { stopLive(liveId: $id) { status } }`, { id: liveId });
  } finally {
    for (const step of cleanup.reverse()) await Promise.resolve().then(step).catch(() => undefined);
    await bare.stop();
    await api.stop(); // and its temporary database and recordings
  }
  if (process.env.BENCH_DATABASE_URL?.startsWith('sqlite:/dev/shm/')) {
    const file = process.env.BENCH_DATABASE_URL.slice('sqlite:'.length);
    for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
  setTimeout(() => process.exit(0), 500);
}
main().catch((e) => { console.error(e); process.exit(1); });
