// Starts the built api (api/dist/src/main.js) in its own Node process, as it runs in production:
// 127.0.0.1 on a free port, a temporary data folder (SQLite, recordings), in-process pub/sub and the
// embedded media server. The benchmark's own client work (Chromium's CDP traffic, graphql clients)
// then runs on another event loop instead of stealing time from the server it measures.
const { mkdtempSync, rmSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { freePort, spawnManaged, waitUntilHealthy } = require('@onair/testing');

const MAIN = resolve(__dirname, '../../api/dist/src/main.js');

/** Resolves once /healthz answers; `stop()` ends the process and removes its data folder. */
async function startApiProcess(env = {}) {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run bash scripts/build.sh first`);
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'onair-bench-'));
  // BENCH_API_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") is passed to the api's node
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawnManaged(process.execPath, [...nodeArgs, MAIN], {
    cwd: resolve(__dirname, '../..'),
    // Every bench user signs up and connects from 127.0.0.1, and one user goes live or watches over and
    // over: the per-address and per-account limits are raised.
    env: {
      ...process.env, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, CLIENT_DIST: 'none', LOG_LEVEL: 'warn',
      REGISTER_RATE_LIMIT: '100000', GO_LIVE_RATE_LIMIT: '100000', WATCH_RATE_LIMIT: '100000', MEDIA_SESSIONS_PER_USER: '10000',
      REALTIME_MAX_CONNECTIONS_PER_ADDRESS: '100000', REALTIME_MAX_CONNECTIONS_PER_USER: '10000',
      CALL_RATE_LIMIT: '100000', CALL_SAME_PERSON_RATE_LIMIT: '100000', ...env,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  // Whatever ends the bench process (an uncaught error, playwright's own SIGINT handler exits at once)
  // takes the api and its data folder with it.
  const onExit = () => {
    child.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const stop = async () => {
    process.off('exit', onExit);
    await child.stop(10_000);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilHealthy(child, `${url}/healthz`, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, dataDir, output: child.output, stop };
}

module.exports = { startApiProcess };
