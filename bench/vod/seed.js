// Shared by the VOD benchmarks: a throw-away MariaDB with the api in its own process against it,
// users registered through GraphQL, and fast bulk seeding of video rows through mysql2.
const { randomUUID } = require('node:crypto');
const { resolve } = require('node:path');
const { startMariaDb } = require('@onair/testing');
const { startApiProcess } = require('../live/api-process');
const { gql } = require('../../api/dist/test/support/graphql');
// mysql2 is the api's own driver (a dependency of @mikro-orm/mysql); resolve it the way the api does
const mysql = require(require.resolve('mysql2/promise', { paths: [resolve(__dirname, '../../api')] }));

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { token user { id } } }`;

/** The api's searchKey (api/src/vod/video.entity.ts): NFKC, then lower case. */
const searchKey = (text) => text.normalize('NFKC').toLocaleLowerCase('en-US');

/** A small seeded PRNG (mulberry32), so every run seeds the same catalog. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from `items` with Zipf-like weights 1/(rank+1)^s: a few are common, most are rare. */
function zipf(items, s, random) {
  const weights = items.map((_, i) => 1 / (i + 1) ** s);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w / total));
  const pick = () => {
    const r = random();
    let lo = 0, hi = cumulative.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cumulative[mid] < r) lo = mid + 1; else hi = mid; }
    return items[lo];
  };
  pick.share = (item) => weights[items.indexOf(item)] / total;
  return pick;
}

/** MariaDB + the built api (api/dist/src/main.js) in its own process against it; `stop()` ends both. */
async function startStack(env = {}) {
  const db = await startMariaDb();
  let api;
  try {
    api = await startApiProcess({ DATABASE_URL: db.url, ...env });
  } catch (error) {
    await db.stop();
    throw error;
  }
  const u = new URL(db.url);
  const pool = mysql.createPool({
    host: '127.0.0.1', port: Number(u.port), user: 'root', database: u.pathname.slice(1),
    timezone: 'Z', connectionLimit: 2, multipleStatements: false,
  });
  return {
    db, api, pool,
    async stop() {
      await pool.end().catch(() => undefined);
      await api.stop();
      await db.stop();
    },
  };
}

/** Registers `count` users through the GraphQL `register` mutation, `parallel` at a time (scrypt runs on the api's thread pool). */
async function registerUsers(url, count, prefix = 'user', parallel = 4) {
  const users = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const nickname = `${prefix}${String(i).padStart(3, '0')}`;
      const r = await gql(url, REGISTER, { input: { nickname, password: 'password1' } });
      if (r.errors) throw new Error(`register ${nickname}: ${JSON.stringify(r.errors)}`);
      users[i] = { nickname, id: r.data.register.user.id, token: r.data.register.token };
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return users;
}

const VIDEO_COLUMNS = ['id', 'live_id', 'presenter_id', 'title', 'title_key', 'started_at', 'ended_at', 'duration_ms',
  'location', 'location_key', 'file', 'size_bytes', 'poster', 'created_at'];

/** Multi-row INSERTs of video objects ({ presenterId, title, startedAt, durationMs, location, file?, sizeBytes? }). */
async function insertVideos(pool, videos, batch = 2000) {
  for (let i = 0; i < videos.length; i += batch) {
    const rows = videos.slice(i, i + batch).map((v) => {
      const id = v.id ?? randomUUID();
      const endedAt = new Date(v.startedAt.getTime() + v.durationMs);
      return [id, null, v.presenterId, v.title, searchKey(v.title), v.startedAt, endedAt, v.durationMs,
        v.location, searchKey(v.location), v.file ?? `${id}.webm`, v.sizeBytes ?? 0, null, new Date(endedAt.getTime() + 2000)];
    });
    await pool.query(`INSERT INTO videos (${VIDEO_COLUMNS.join(', ')}) VALUES ?`, [rows]);
  }
}

const quantile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];

module.exports = { startStack, registerUsers, insertVideos, searchKey, prng, zipf, quantile, gql };
