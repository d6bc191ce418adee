export { freePort, waitForPort } from './ports';
export { spawnManaged, waitUntilHealthy, Managed } from './process';
export { startMariaDb, MariaDb } from './mariadb';
export { startRedis, RedisServer } from './redis';
export { launchChromium, launchChromiumBrowser, Chromium, CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
