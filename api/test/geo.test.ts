import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyAddress, embeddedIPv4, normalizeAddress } from '../src/geo/address';
import { countryName, describeRecord } from '../src/geo/database';
import { createLocator, locateAddress } from '../src/geo/locate';

describe('geo: locateAddress', () => {
  it('says "local network" for loopback, private, CGNAT, link-local and their IPv6 / mapped forms', async () => {
    for (const ip of [
      '127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.254', '192.168.1.20', '100.64.0.1',
      '100.127.255.254', '169.254.10.10', '::1', '[::1]', 'fd12:3456:789a::1', 'fc00::5', 'fe80::1', 'fe80::1%eth0',
      '::ffff:127.0.0.1', '::ffff:10.0.0.7', '::FFFF:192.168.0.1', '::ffff:c0a8:0001', '192.168.1.20:5000',
    ]) {
      assert.equal(await locateAddress(ip), 'local network', ip);
    }
  });

  it('does not take neighbours of private ranges for private', () => {
    for (const ip of ['172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1', '11.0.0.1', '192.169.0.1', 'fbff::1']) {
      assert.equal(classifyAddress(ip).kind, 'public', ip);
    }
  });

  it('finds the country of well-known public addresses, v4, v6 and IPv4-mapped', async () => {
    const cases: Array<[string, string]> = [
      ['8.8.8.8', 'United States'],
      ['2001:4860:4860::8888', 'United States'],
      ['::ffff:8.8.8.8', 'United States'],
      ['64:ff9b::808:808', 'United States'], // NAT64 of 8.8.8.8
      ['193.0.6.139', 'Netherlands'], // RIPE NCC
      ['202.108.22.5', 'China'],
      ['133.242.0.1', 'Japan'],
      ['81.2.69.160', 'United Kingdom'],
    ];
    for (const [ip, country] of cases) assert.equal(await locateAddress(ip), country, ip);
  });

  it('says "unknown" for garbage, empty, reserved and unspecified addresses', async () => {
    for (const ip of [
      '', 'garbage', '999.1.1.1', '1.2.3', 'http://8.8.8.8/', '8.8.8.8.8', '::g', 'x'.repeat(1000), '0.0.0.0', '::',
      '255.255.255.255', '224.0.0.1', '192.0.2.1', '2001:db8::1', 'ff02::1',
      undefined as unknown as string, 42 as unknown as string,
    ]) {
      assert.equal(await locateAddress(ip), 'unknown', String(ip).slice(0, 20));
    }
  });

  it('never throws: a missing database gives "unknown" for public addresses, local ones still work', async () => {
    const locate = createLocator(() => '/nonexistent/geo.mmdb');
    assert.equal(await locate('8.8.8.8'), 'unknown');
    assert.equal(await locate('10.0.0.1'), 'local network');
  });

  it('loads the database once and answers fast afterwards', async () => {
    await locateAddress('8.8.8.8');
    const started = performance.now();
    for (let i = 0; i < 1000; i++) await locateAddress(`8.8.${i % 256}.${(i * 7) % 256}`);
    assert.ok(performance.now() - started < 1000, 'lookups are in memory');
  });
});

describe('geo: helpers', () => {
  it('normalizes addresses from headers and sockets', () => {
    assert.equal(normalizeAddress(' [2001:DB8::1]:443 '), '2001:db8::1');
    assert.equal(normalizeAddress('1.2.3.4:80'), '1.2.3.4');
    assert.equal(normalizeAddress('fe80::1%en0'), 'fe80::1');
    assert.equal(embeddedIPv4('::ffff:1.2.3.4'), '1.2.3.4');
    assert.equal(embeddedIPv4('::ffff:0102:0304'), '1.2.3.4');
    assert.equal(embeddedIPv4('2001:db8::1'), undefined);
  });

  it('describes both flat and MaxMind-style records', () => {
    assert.equal(countryName('de'), 'Germany');
    assert.equal(countryName('ZZ'), undefined);
    assert.equal(describeRecord({ country_code: 'FR', state1: 'Île-de-France', city: 'Paris' }), 'Paris, Île-de-France, France');
    assert.equal(
      describeRecord({ country: { iso_code: 'CN', names: { en: 'China' } }, city: { names: { en: 'Beijing' } }, subdivisions: [{ names: { en: 'Beijing' } }] }),
      'Beijing, China',
    );
    assert.equal(describeRecord({}), undefined);
    assert.equal(describeRecord(null), undefined);
  });
});
