#!/usr/bin/env node
// Playback throughput: one 50 MB video served by the api's signed playback route (express + `send`,
// after the signature check and the video's row lookup) beside a bare node:http + `send` server
// (bare-file-server.js) serving the same file, in the same run with the same client. Whole-file GETs
// and 1 MB range requests at random offsets, a fixed concurrency, over loopback. The two sides
// alternate in time slices, so load from elsewhere on the machine hits both alike.
// A throw-away MariaDB (testing/) and the built api in its own process (bench/live/api-process.js).
// Usage: node bench/vod/playback.js [sliceSeconds=2] [rounds=4] [concurrency=4] [modes=whole,range]   (bash scripts/build.sh first)
// BENCH_API_NODE_ARGS / BENCH_BARE_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") go to each server's node.
// BENCH_BARE_READ_BYTES sets the bare server's read size (send's fs.createReadStream highWaterMark; unset:
// the stream default, 64 KiB); the api reads 256 KiB at a time (api/src/vod/playback.ts).
const http = require('node:http');
const { createHash, randomBytes, randomUUID } = require('node:crypto');
const { mkdirSync, readFileSync, readdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { cpus, loadavg } = require('node:os');
const { spawnManaged } = require('@onair/testing');
const { startStack, registerUsers, insertVideos, quantile, gql } = require('./seed');

const SLICE_MS = Math.max(250, (Number(process.argv[2]) || 2) * 1000);
const ROUNDS = Math.max(1, Number(process.argv[3]) || 4);
const CONCURRENCY = Math.max(1, Number(process.argv[4]) || 4);
const MODES = (process.argv[5] ?? 'whole,range').split(',');
const SIZE = 50 * 1024 * 1024;
const RANGE = 1024 * 1024;
const TARGET_RATIO = 0.9;
const MB = 1024 * 1024;

const CLK = Number(require('node:child_process').execSync('getconf CLK_TCK'));
const cpuMs = (pid) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return ((+f[11]) + (+f[12])) * 1000 / CLK; };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The pid of this process's child running `needle` (the api started by api-process.js, MariaDB started by testing/). */
function childPid(needle) {
  for (const task of readdirSync('/proc/self/task')) {
    for (const pid of readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle)) return Number(pid);
    }
  }
  throw new Error(`no child process runs ${needle}`);
}

async function startBare(root) {
  const nodeArgs = (process.env.BENCH_BARE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const readBytes = process.env.BENCH_BARE_READ_BYTES ? [process.env.BENCH_BARE_READ_BYTES] : [];
  const child = spawnManaged(process.execPath, [...nodeArgs, join(__dirname, 'bare-file-server.js'), root, ...readBytes]);
  const deadline = Date.now() + 10_000;
  let match;
  while (!(match = child.output().match(/listening (http:\S+)/))) {
    if (child.child.exitCode !== null || Date.now() > deadline) {
      await child.stop();
      throw new Error(`bare-file-server.js did not start:\n${child.output()}`);
    }
    await sleep(50);
  }
  return { url: match[1], pid: child.child.pid, stop: () => child.stop() };
}

/** One GET; resolves with the bytes received (the body is counted, not kept) unless `keep`. */
function get(agent, url, headers, keep = false) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      let bytes = 0;
      const chunks = [];
      res.on('data', (chunk) => { bytes += chunk.length; if (keep) chunks.push(chunk); });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, bytes, body: keep ? Buffer.concat(chunks) : undefined }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout: ${url}`)));
  });
}

/** `CONCURRENCY` clients requesting back to back for `ms`; every response is checked (status, length). */
async function slice(side, mode, ms, dbPid) {
  const deadline = performance.now() + ms;
  const cpu0 = cpuMs(side.pid);
  const db0 = cpuMs(dbPid);
  const self0 = process.cpuUsage();
  const t0 = performance.now();
  let bytes = 0;
  const latencies = [];
  const worker = async () => {
    while (performance.now() < deadline) {
      let headers = {};
      let expected = SIZE;
      if (mode === 'range') {
        const start = Math.floor(Math.random() * (SIZE - RANGE));
        headers = { range: `bytes=${start}-${start + RANGE - 1}` };
        expected = RANGE;
      }
      const s = performance.now();
      const r = await get(side.agent, side.url, headers);
      latencies.push(performance.now() - s);
      if (r.status !== (mode === 'range' ? 206 : 200) || r.bytes !== expected) {
        throw new Error(`${side.name} ${mode}: status ${r.status}, ${r.bytes} bytes (expected ${expected})`);
      }
      bytes += r.bytes;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const elapsed = performance.now() - t0;
  const self = process.cpuUsage(self0);
  return { bytes, requests: latencies.length, elapsed, latencies, serverCpu: cpuMs(side.pid) - cpu0, dbCpu: cpuMs(dbPid) - db0, clientCpu: (self.user + self.system) / 1000 };
}

async function main() {
  const started = performance.now();
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (${cpus().length} CPUs)`);
  const stack = await startStack();
  const { api, pool } = stack;
  let bare;
  const agents = [];
  try {
    // one video whose file is 50 MB of random bytes in the api's recordings folder
    const [user] = await registerUsers(api.url, 1, 'viewer');
    const recordings = join(api.dataDir, 'recordings');
    mkdirSync(recordings, { recursive: true });
    const id = randomUUID();
    const content = randomBytes(SIZE);
    writeFileSync(join(recordings, `${id}.webm`), content);
    await insertVideos(pool, [{ id, presenterId: user.id, title: 'Playback bench', startedAt: new Date(Date.now() - 3600_000),
      durationMs: 3600_000 - 5000, location: 'local network', sizeBytes: SIZE }]);
    const r = await gql(api.url, `query ($id: ID!) { video(id: $id) { playbackUrl sizeBytes } }`, { id }, user.token);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    bare = await startBare(recordings);

    const sides = [
      { name: 'api', url: r.data.video.playbackUrl, pid: childPid('api/dist/src/main.js') },
      { name: 'bare', url: `${bare.url}/${id}.webm`, pid: bare.pid },
    ];
    const dbPid = childPid('mariadbd');
    for (const side of sides) {
      side.agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
      agents.push(side.agent);
      // both serve exactly the file: whole, and one range
      const whole = await get(side.agent, side.url, {}, true);
      const range = await get(side.agent, side.url, { range: `bytes=${SIZE - RANGE - 12345}-${SIZE - 12346}` }, true);
      const sha = (b) => createHash('sha256').update(b).digest('hex');
      if (whole.status !== 200 || sha(whole.body) !== sha(content)) throw new Error(`${side.name}: whole file differs (status ${whole.status})`);
      if (range.status !== 206 || !range.body.equals(content.subarray(SIZE - RANGE - 12345, SIZE - 12345))) {
        throw new Error(`${side.name}: range differs (status ${range.status})`);
      }
    }

    console.log(`playback of one ${SIZE / MB} MB file: api ${new URL(sides[0].url).pathname} (signed) vs bare node:http + send, `
      + `${CONCURRENCY} concurrent keep-alive clients (node:http), ${ROUNDS} rounds × ${SLICE_MS / 1000} s per side and mode, sides alternating, loopback`);
    console.log(`${'mode'.padEnd(22)}| side |    MB/s |  req/s | p50 ms | p99 ms | server CPU % | server CPU ms/GB | client CPU % | MariaDB CPU %`);
    const verdicts = [];
    for (const [mode, label] of [['whole', 'whole-file GET'], ['range', `${RANGE / MB} MB ranges (random)`]].filter(([m]) => MODES.includes(m))) {
      for (const side of sides) await slice(side, mode, Math.min(1000, SLICE_MS), dbPid); // warm-up (JIT, connections, page cache)
      const total = Object.fromEntries(sides.map((s) => [s.name, { bytes: 0, requests: 0, elapsed: 0, latencies: [], serverCpu: 0, dbCpu: 0, clientCpu: 0 }]));
      for (let round = 0; round < ROUNDS; round++) {
        for (const side of round % 2 ? [...sides].reverse() : sides) {
          const s = await slice(side, mode, SLICE_MS, dbPid);
          const t = total[side.name];
          for (const k of ['bytes', 'requests', 'elapsed', 'serverCpu', 'dbCpu', 'clientCpu']) t[k] += s[k];
          t.latencies.push(...s.latencies);
        }
      }
      const figures = {};
      for (const side of sides) {
        const t = total[side.name];
        t.latencies.sort((a, b) => a - b);
        const f = figures[side.name] = {
          mbps: t.bytes / MB / (t.elapsed / 1000), rps: t.requests / (t.elapsed / 1000),
          p50: quantile(t.latencies, 0.5), p99: quantile(t.latencies, 0.99),
          cpu: (t.serverCpu / t.elapsed) * 100, cpuPerGb: t.serverCpu / (t.bytes / (1024 * MB)), client: (t.clientCpu / t.elapsed) * 100,
          db: (t.dbCpu / t.elapsed) * 100,
        };
        console.log(`${label.padEnd(22)}| ${side.name.padEnd(4)} |${f.mbps.toFixed(0).padStart(8)} |${f.rps.toFixed(1).padStart(7)} |`
          + `${f.p50.toFixed(1).padStart(7)} |${f.p99.toFixed(1).padStart(7)} |${f.cpu.toFixed(0).padStart(13)} |${f.cpuPerGb.toFixed(0).padStart(17)} |${f.client.toFixed(0).padStart(13)} |${f.db.toFixed(0).padStart(14)}`);
      }
      const ratio = figures.api.mbps / figures.bare.mbps;
      verdicts.push({ label, ratio });
      console.log(`${label.padEnd(22)}| api / bare: ${ratio.toFixed(2)}× throughput, ${(figures.api.cpuPerGb / figures.bare.cpuPerGb).toFixed(2)}× server CPU per GB`);
    }
    const ok = verdicts.every((v) => v.ratio >= TARGET_RATIO);
    console.log(`verdict: ${verdicts.map((v) => `${v.label} ${v.ratio.toFixed(2)}×`).join(', ')} of the bare server; target ≥ ${TARGET_RATIO}× → `
      + `${ok ? 'MET' : 'NOT MET'} (${((performance.now() - started) / 1000).toFixed(1)} s; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  } catch (error) {
    console.error(`api output (last lines):\n${api.output().split('\n').slice(-30).join('\n')}`);
    throw error;
  } finally {
    for (const agent of agents) agent.destroy();
    await bare?.stop();
    await stack.stop(); // the api (and its data folder with the file), then MariaDB
  }
  setTimeout(() => process.exit(0), 500);
}
main().catch((e) => { console.error(e); process.exit(1); });
