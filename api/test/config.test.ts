import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config/config';

describe('config', () => {
  it('runs on embedded defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/onair');
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 4000);
    assert.deepEqual(config.database, { kind: 'sqlite', file: '/srv/onair/data/onair.db' });
    assert.equal(config.redisUrl, undefined);
    assert.equal(config.kmsUrl, undefined);
    assert.equal(config.recordingsDir, '/srv/onair/data/recordings');
  });

  it('reads production settings', () => {
    const config = loadConfig({
      DATABASE_URL: 'mysql://onair:pw@db:3306/onair', REDIS_URL: 'redis://cache:6379', KMS_URL: 'ws://kms:8888/kurento',
      PORT: '8080', TRUST_PROXY: 'loopback, 10.0.0.1', SESSION_TTL_SECONDS: '3600',
    });
    assert.deepEqual(config.database, { kind: 'mysql', url: 'mysql://onair:pw@db:3306/onair' });
    assert.equal(config.redisUrl, 'redis://cache:6379');
    assert.equal(config.kmsUrl, 'ws://kms:8888/kurento');
    assert.equal(config.port, 8080);
    assert.deepEqual(config.trustProxy, ['loopback', '10.0.0.1']);
    assert.equal(config.sessionTtlSeconds, 3600);
  });

  it('lists every problem at once with the variable names', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'postgres://x', REDIS_URL: '::', LOG_LEVEL: 'loud' }), (error) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.problems.length, 4);
      for (const name of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL']) assert.match(error.message, new RegExp(name));
      return true;
    });
  });
});
