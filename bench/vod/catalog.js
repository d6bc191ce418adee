#!/usr/bin/env node
// The VOD catalog query (`videos`) over HTTP against 100,000 videos in MariaDB: p50/p99/max per filter,
// order and deep page, with the plan MariaDB chose for the SQL the api sent (captured from the general
// log); then each case's SQL timed on its own, and MariaDB's plan with actual row counts (ANALYZE) for
// the slowest case of each pair of plans. A throw-away MariaDB (testing/) and the built api in its own
// process (bench/live/api-process.js). 3–4 min on 2 cores.
// Usage: node bench/vod/catalog.js [videos=100000] [requests=300]   (bash scripts/build.sh first)
const { randomUUID } = require('node:crypto');
const { cpus, loadavg } = require('node:os');
const { startStack, registerUsers, insertVideos, prng, zipf, quantile, gql } = require('./seed');

const VIDEOS = Math.max(1000, Number(process.argv[2]) || 100_000);
const REQUESTS = Math.max(20, Number(process.argv[3]) || 300);
const WARMUP = 30;
const CASE_BUDGET_MS = 4_000; // a slow case stops early (with at least 10 requests), so the run stays bounded
const USERS = 200;
const TARGET_P99_MS = 25;
const DAY = 86_400_000;

const QUERY = `query ($filter: VideoFilter, $orderBy: VideoOrder, $first: Int, $after: String) {
  videos(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id title presenter { nickname } startedAt durationSeconds location sizeBytes playbackUrl } } } }`;
const QUERY_NO_COUNT = QUERY.replace('totalCount ', '');

// ---- a realistic catalog ------------------------------------------------------------------------
const WORDS = `live music morning coffee talk night game stream coding session jazz piano guitar lesson
  travel city walk rain cooking dinner breakfast news weekly review football match training yoga run
  podcast interview chess tournament art drawing painting studio garden spring summer autumn winter
  beach mountain river lake sunset sunrise concert rehearsal practice tutorial typescript rust webrtc
  kitchen bread pizza pasta street market festival parade birthday wedding party dance techno house
  vinyl radio show debate lecture math physics history science space rocket launch stars moon cats
  dogs birds fishing camping hiking bike ride drive road trip train station airport flight hotel
  museum gallery library school class exam homework study focus relax sleep ambient lofi beats
  café crème naïve façade über señor déjà-vu`.split(/\s+/).filter(Boolean);
const CHINESE = `直播 音乐 早晨 咖啡 旅行 城市 夜景 烹饪 晚餐 游戏 编程 学习 足球 篮球 北京 上海 广州 成都
  周末 春天 夏天 秋天 冬天 日落 山 河 湖 海边 演唱会 练习 教程 聊天 新闻 电影 读书 跑步`.split(/\s+/).filter(Boolean);
const PLACES = ['local network', 'unknown', 'United States', 'Germany', 'France', 'United Kingdom', 'China', 'Japan', 'Brazil',
  'India', 'Canada', 'Spain', 'Italy', 'Netherlands', 'Poland', 'Sweden', 'Australia', 'Mexico', 'South Korea', 'Taiwan',
  'Switzerland', 'Belgium', 'Austria', 'Norway', 'Denmark', 'Finland', 'Portugal', 'Ireland', 'Czechia', 'Argentina',
  'Chile', 'Colombia', 'Turkey', 'Ukraine', 'Romania', 'Greece', 'Israel', 'South Africa', 'New Zealand', 'Singapore'];

function makeVideos(users, now) {
  const random = prng(20261201);
  const presenter = zipf(users, 1, random);
  const word = zipf(WORDS, 0.8, random);
  const hanzi = zipf(CHINESE, 0.8, random);
  const place = zipf(PLACES, 1.1, random);
  const minMs = 5_000, maxMs = 3 * 3600_000;
  const videos = [];
  for (let i = 0; i < VIDEOS; i++) {
    let title;
    if (random() < 0.1) title = Array.from({ length: 2 + Math.floor(random() * 3) }, hanzi).join('');
    else {
      const words = Array.from({ length: 2 + Math.floor(random() * 5) }, word);
      words[0] = words[0][0].toUpperCase() + words[0].slice(1);
      title = words.join(' ');
    }
    // durations log-uniform over 5 s – 3 h (median about 4 min); start times uniform over two years
    const durationMs = Math.round(Math.exp(Math.log(minMs) + random() * (Math.log(maxMs) - Math.log(minMs))));
    const startedAt = new Date(now - 730 * DAY + Math.floor(random() * (730 * DAY - maxMs)));
    const sizeBytes = Math.round((durationMs / 1000) * (800_000 + random() * 1_700_000) / 8);
    videos.push({ id: randomUUID(), presenterId: presenter().id, title, startedAt, durationMs, location: place(), sizeBytes });
  }
  return { videos, presenterShare: presenter.share };
}

// ---- measuring ----------------------------------------------------------------------------------
async function request(url, token, vars, query = QUERY) {
  const t0 = performance.now();
  const r = await gql(url, query, vars, token);
  const ms = performance.now() - t0;
  if (r.errors) throw new Error(`${JSON.stringify(vars)}: ${JSON.stringify(r.errors)}`);
  return { ms, data: r.data.videos };
}

/**
 * Warm-up (up to WARMUP requests or 1.5 s), then sequential requests: up to `requests`, or fewer once
 * `budgetMs` has passed with at least 10 (a case at 500 ms a request would otherwise take minutes).
 */
async function measure(url, token, vars, query = QUERY, requests = REQUESTS, budgetMs = CASE_BUDGET_MS) {
  let last;
  const w0 = performance.now();
  for (let i = 0; i < WARMUP && (i < 3 || performance.now() - w0 < 1500); i++) last = await request(url, token, vars, query);
  const times = [];
  const t0 = performance.now();
  while (times.length < requests && (times.length < 10 || performance.now() - t0 < budgetMs)) {
    times.push((await request(url, token, vars, query)).ms);
  }
  times.sort((a, b) => a - b);
  return { n: times.length, p50: quantile(times, 0.5), p99: quantile(times, 0.99), max: times.at(-1), total: last.data.totalCount, rows: last.data.edges?.length ?? 0 };
}

/** The endCursor of the last video of page `page - 1` (pages of 20): read 100 at a time, then the rest. */
async function cursorBefore(url, token, vars, page) {
  let after = null;
  for (let left = (page - 1) * 20; left > 0; left -= 100) {
    const { data } = await request(url, token, { ...vars, first: Math.min(100, left), after }, QUERY_NO_COUNT);
    if (!data.pageInfo.hasNextPage) throw new Error(`fewer than ${page} pages`);
    after = data.pageInfo.endCursor;
  }
  return after;
}

/** Every statement the api sends to MariaDB for one request (general log, on for that request only). */
async function statementsOf(pool, url, token, vars, query) {
  await pool.query(`SET GLOBAL log_output = 'TABLE'`);
  await pool.query('TRUNCATE mysql.general_log');
  await pool.query('SET GLOBAL general_log = 1');
  try {
    await request(url, token, vars, query);
  } finally {
    await pool.query('SET GLOBAL general_log = 0');
  }
  const [rows] = await pool.query(`SELECT CONVERT(argument USING utf8mb4) AS sql_text FROM mysql.general_log
    WHERE command_type IN ('Query', 'Execute') ORDER BY event_time`);
  await pool.query('TRUNCATE mysql.general_log');
  return rows.map((r) => r.sql_text).filter((s) => /^\s*select/i.test(s) && !/general_log/.test(s));
}

/** The statement's own time over mysql2: the median of 3. */
async function sqlTime(pool, sql) {
  const times = [];
  for (let i = 0; i < 3; i++) { const t0 = performance.now(); await pool.query(sql); times.push(performance.now() - t0); }
  return times.sort((a, b) => a - b)[1];
}

/** EXPLAIN in one line: tables in join order as alias:index/access type, and whether it sorts in a temporary table. */
async function planSummary(pool, sql) {
  const [rows] = await pool.query(`EXPLAIN ${sql}`);
  const short = (key) => key.replace(/^videos_|^users_/, '').replace(/_index$/, '');
  const extra = rows.map((p) => p.Extra ?? '').join(' ');
  return rows.map((p) => `${p.table}:${p.key ? `${short(p.key)}/` : ''}${p.type}`).join(' → ')
    + (/temporary/.test(extra) ? ' +tmp' : '') + (/filesort/.test(extra) ? ' +filesort' : '');
}

const f1 = (v) => v.toFixed(1).padStart(6);

async function main() {
  const started = performance.now();
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (${cpus().length} CPUs)`);
  const stack = await startStack();
  const { api, pool } = stack;
  try {
    // ---- seed ---------------------------------------------------------------------------------
    let t = performance.now();
    const users = await registerUsers(api.url, USERS, 'presenter');
    const token = users[0].token;
    console.log(`seed: ${USERS} users registered through GraphQL in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    const now = Date.now();
    const { videos, presenterShare } = makeVideos(users, now);
    await insertVideos(pool, videos);
    await pool.query('ANALYZE TABLE videos, users'); // fresh index statistics, as InnoDB's auto-recalc would give soon after
    const [[size]] = await pool.query(`SELECT ROUND(data_length / 1048576, 1) AS data_mb, ROUND(index_length / 1048576, 1) AS index_mb
      FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'videos'`);
    const [[pool_mb]] = await pool.query('SELECT @@innodb_buffer_pool_size / 1048576 AS mb');
    console.log(`seed: ${VIDEOS} videos inserted (multi-row INSERTs) in ${((performance.now() - t) / 1000).toFixed(1)} s; `
      + `table ${size.data_mb} MB + indexes ${size.index_mb} MB; InnoDB buffer pool ${Number(pool_mb.mb)} MB`);

    // ---- cases --------------------------------------------------------------------------------
    const busiest = users[0].nickname; // Zipf rank 1
    const typical = users[49].nickname; // rank 50
    const iso = (ms) => new Date(ms).toISOString();
    const cases = [
      ['no filter (NEWEST)', {}],
      ['startedAfter = 30 days ago', { filter: { startedAfter: iso(now - 30 * DAY) } }],
      ['startedBefore = 1 year ago', { filter: { startedBefore: iso(now - 365 * DAY) } }],
      ['minDurationSeconds = 3600', { filter: { minDurationSeconds: 3600 } }],
      ['maxDurationSeconds = 30', { filter: { maxDurationSeconds: 30 } }],
      ['location "germany"', { filter: { location: 'germany' } }],
      ['location "network"', { filter: { location: 'network' } }],
      [`presenter busiest (${(presenterShare(users[0]) * 100).toFixed(0)}%)`, { filter: { presenter: busiest } }],
      [`presenter typical (${(presenterShare(users[49]) * 100).toFixed(1)}%)`, { filter: { presenter: typical } }],
      ['search "music"', { filter: { search: 'music' } }],
      ['search "coffee morning"', { filter: { search: 'Coffee morning' } }],
      ['search "旅行"', { filter: { search: '旅行' } }],
      ['search, no match', { filter: { search: 'xylophone' } }],
      ['week + search "live"', { filter: { startedAfter: iso(now - 100 * DAY), startedBefore: iso(now - 93 * DAY), search: 'live' } }],
      ['presenter busiest + search "jazz"', { filter: { presenter: busiest, search: 'jazz' } }],
      ['location + ≥ 1 h, LONGEST', { filter: { location: 'france', minDurationSeconds: 3600 }, orderBy: 'LONGEST' }],
      ['90 days + ≤ 60 s + "unknown", SHORTEST', { filter: { startedAfter: iso(now - 90 * DAY), maxDurationSeconds: 60, location: 'unknown' }, orderBy: 'SHORTEST' }],
      ['order OLDEST', { orderBy: 'OLDEST' }],
      ['order LONGEST', { orderBy: 'LONGEST' }],
      ['order SHORTEST', { orderBy: 'SHORTEST' }],
      ['page 50 NEWEST', { page: 50 }],
      ['page 50 LONGEST', { orderBy: 'LONGEST', page: 50 }],
      ['page 50 location "network"', { filter: { location: 'network' }, page: 50 }],
    ];
    console.log(`\nvideos query over HTTP (POST /graphql, first: 20, totalCount + presenter { nickname } + playbackUrl): up to ${WARMUP} warm-up, `
      + `then up to ${REQUESTS} sequential requests per case (fewer after ${CASE_BUDGET_MS / 1000} s, at least 10). `
      + 'Plans: MariaDB EXPLAIN of the SQL the api sent (general log), tables in join order as alias:index/access type');
    console.log(`${'case'.padEnd(40)}|    n |  p50 ms |  p99 ms |  max ms | totalCount | ≤ ${TARGET_P99_MS} | page query plan${' '.repeat(29)}| count query plan`);
    const results = [];
    for (const [label, spec] of cases) {
      const vars = { filter: spec.filter ?? null, orderBy: spec.orderBy ?? 'NEWEST', first: 20, after: null };
      if (spec.page) vars.after = await cursorBefore(api.url, token, vars, spec.page);
      const r = await measure(api.url, token, vars);
      if (r.rows === 0 && !label.includes('no match')) throw new Error(`${label}: no videos`);
      const statements = await statementsOf(pool, api.url, token, vars, QUERY);
      const page = statements.find((sql) => /from `videos`/.test(sql) && !/count\(/.test(sql));
      const count = statements.find((sql) => /from `videos`/.test(sql) && /count\(/.test(sql));
      const ok = r.p99 <= TARGET_P99_MS;
      const plans = `${(page ? await planSummary(pool, page) : '-').padEnd(44)} | ${count ? await planSummary(pool, count) : '-'}`;
      results.push({ label, vars, ok, statements, plans, ...r });
      console.log(`${label.padEnd(40)}|${String(r.n).padStart(5)} |${f1(r.p50)}  |${f1(r.p99)}  |${f1(r.max)}  |${String(r.total).padStart(11)} | ${ok ? 'yes' : 'NO '} | ${plans}`);
    }
    // the HTTP + GraphQL + session floor: a videos query that reads no rows and counts nothing
    const floor = await measure(api.url, token, {}, 'query { videos(first: 0) { pageInfo { hasNextPage } } }', 100);
    console.log(`${'(floor: videos(first: 0), no SQL)'.padEnd(40)}|${String(floor.n).padStart(5)} |${f1(floor.p50)}  |${f1(floor.p99)}  |${f1(floor.max)}  |`);

    const missed = results.filter((r) => !r.ok);
    console.log(`\n${missed.length} of ${results.length} cases miss p99 ≤ ${TARGET_P99_MS} ms${missed.length ? ': ' + missed.map((r) => r.label).join('; ') : ''}`);

    // ---- where the time goes: each case's SQL on its own, and the page query with a LEFT JOIN ---
    console.log('\nSQL time per case over mysql2 (median of 3, ms): the page query as the api sent it, the same with'
      + ' `left join users` instead of `inner join users` when it joins (not what the api sends: what the join order costs), and the count');
    console.log(`${'case'.padEnd(40)}| page as sent | page, LEFT JOIN | count`);
    for (const r of results) {
      const page = r.statements.find((sql) => /from `videos`/.test(sql) && !/count\(/.test(sql));
      const count = r.statements.find((sql) => /from `videos`/.test(sql) && /count\(/.test(sql));
      const joined = page && /inner join `users`/.test(page);
      const ms = async (sql) => (sql ? (await sqlTime(pool, sql)).toFixed(1) : '–');
      console.log(`${r.label.padEnd(40)}|${(await ms(page)).padStart(13)} |${(await ms(joined && page.replace('inner join `users`', 'left join `users`'))).padStart(16)} |`
        + `${(await ms(count)).padStart(6)}`);
    }

    // ---- the slowest case of each pair of plans: without totalCount, each statement's plan --------
    const byPlan = new Map();
    for (const r of [...results].sort((a, b) => b.p99 - a.p99)) if (!r.ok && !byPlan.has(r.plans)) byPlan.set(r.plans, r);
    const slowest = [...byPlan.values()].slice(0, 8);
    console.log(`\nthe slowest missing case of each pair of plans (${slowest.length}): the same request without totalCount over HTTP,`
      + ' then each SQL statement the api sent and MariaDB\'s plan with actual rows (ANALYZE: rows = estimate, r_rows = read)');
    for (const r of slowest) {
      const noCount = await measure(api.url, token, r.vars, QUERY_NO_COUNT, 100, 2000);
      console.log(`\n## ${r.label}: p50 ${r.p50.toFixed(1)} / p99 ${r.p99.toFixed(1)} ms; without totalCount p50 ${noCount.p50.toFixed(1)} / p99 ${noCount.p99.toFixed(1)} ms`);
      for (const sql of r.statements) {
        const [rows] = await pool.query(`ANALYZE ${sql}`);
        console.log(`  ${sql.replace(/\s+/g, ' ').replace(/`p1`\.`(\w+)` as `p1__\w+`(, )?/g, 'p1.$1$2')}`);
        for (const p of rows) {
          console.log(`      ${p.table}: type=${p.type} key=${p.key ?? '-'} rows=${p.rows} r_rows=${p.r_rows} filtered=${p.filtered}/${p.r_filtered} ${p.Extra ?? ''}`);
        }
      }
    }
    console.log(`\nverdict: ${missed.length ? `${missed.length} of ${results.length} cases miss` : `all ${results.length} cases meet`} p99 ≤ ${TARGET_P99_MS} ms `
      + `with ${VIDEOS} videos → ${missed.length ? 'NOT MET' : 'MET'} (${((performance.now() - started) / 1000).toFixed(1)} s; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  } catch (error) {
    console.error(`api output (last lines):\n${api.output().split('\n').slice(-30).join('\n')}`);
    throw error;
  } finally {
    await stack.stop();
  }
  setTimeout(() => process.exit(0), 500);
}
if (require.main === module) main().catch((e) => { console.error(e); process.exit(1); });
module.exports = { makeVideos };
