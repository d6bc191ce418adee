import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningApi } from '../src/app/server';
import { Video } from '../src/vod/video.entity';
import { startTestApi } from './support/api';
import { gql } from './support/graphql';
import { seedVideo } from './support/videos';

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { token user { id } } }`;
const PLAYBACK = `query ($id: ID!) { video(id: $id) { playbackUrl sizeBytes } }`;

describe('playback over HTTP (signed URLs, ranges, conditional requests)', () => {
  let api: RunningApi;
  let token: string;
  let userId: string;
  const content = randomBytes(100_000);
  let videoId: string;
  let url: string;

  const get = (target: string, headers: Record<string, string> = {}, method = 'GET') =>
    fetch(target, { method, headers, signal: AbortSignal.timeout(5000) });

  before(async () => {
    api = await startTestApi({});
    const registered = await gql(api.url, REGISTER, { input: { nickname: 'viewer', password: 'password1' } });
    token = registered.data!.register.token;
    userId = registered.data!.register.user.id;
    videoId = (await seedVideo(api, { presenterId: userId, title: 'Ranges', startedAt: new Date(), durationMs: 5000, content })).id;
    url = (await gql(api.url, PLAYBACK, { id: videoId }, token)).data!.video.playbackUrl;
  });
  after(async () => { await api?.close(); });

  it('hands out a signed, expiring URL on the api itself', () => {
    const parsed = new URL(url);
    assert.equal(parsed.origin, api.url);
    assert.equal(parsed.pathname, `/media/videos/${videoId}.webm`);
    const expires = Number(parsed.searchParams.get('expires'));
    assert.ok(Math.abs(expires * 1000 - (Date.now() + 6 * 3600_000)) < 120_000, 'expires in about 6 hours');
    assert.match(parsed.searchParams.get('signature') ?? '', /^[A-Za-z0-9_-]{43}$/);
  });

  it('serves the whole file, and HEAD, with type, length, ranges, ETag and Last-Modified', async () => {
    const whole = await get(url);
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('content-type'), 'video/webm');
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');
    assert.equal(Number(whole.headers.get('content-length')), content.length);
    assert.ok(whole.headers.get('etag'));
    assert.ok(whole.headers.get('last-modified'));
    assert.ok(Buffer.from(await whole.arrayBuffer()).equals(content));

    const head = await get(url, {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(Number(head.headers.get('content-length')), content.length);
    assert.equal((await head.arrayBuffer()).byteLength, 0);
  });

  it('answers closed, open and suffix ranges with 206, and unsatisfiable ones with 416', async () => {
    const cases: [string, number, number][] = [['bytes=0-99', 0, 99], ['bytes=99000-', 99_000, 99_999], ['bytes=-500', 99_500, 99_999],
      ['bytes=50000-50000', 50_000, 50_000], ['bytes=99990-200000', 99_990, 99_999]];
    for (const [range, start, end] of cases) {
      const response = await get(url, { range });
      assert.equal(response.status, 206, range);
      assert.equal(response.headers.get('content-range'), `bytes ${start}-${end}/${content.length}`, range);
      assert.ok(Buffer.from(await response.arrayBuffer()).equals(content.subarray(start, end + 1)), range);
    }
    for (const range of ['bytes=100000-', 'bytes=200000-300000']) {
      const response = await get(url, { range });
      assert.equal(response.status, 416, range);
      assert.equal(response.headers.get('content-range'), `bytes */${content.length}`);
    }
  });

  it('answers conditional requests: If-None-Match, If-Modified-Since, If-Range', async () => {
    // fetch adds "Cache-Control: no-cache" to conditional requests (a forced reload) unless told otherwise.
    const get = (target: string, headers: Record<string, string>) => fetch(target, { headers: { 'cache-control': 'max-age=0', ...headers } });
    const first = await get(url, {});
    await first.arrayBuffer();
    const etag = first.headers.get('etag')!;
    assert.equal((await get(url, { 'if-none-match': etag })).status, 304);
    assert.equal((await get(url, { 'if-modified-since': first.headers.get('last-modified')! })).status, 304);
    const fresh = await get(url, { range: 'bytes=0-9', 'if-range': etag });
    assert.equal(fresh.status, 206);
    const stale = await get(url, { range: 'bytes=0-9', 'if-range': '"not-the-etag"' });
    assert.equal(stale.status, 200, 'a stale If-Range gets the whole file');
    assert.equal(Number(stale.headers.get('content-length')), content.length);
  });

  it('refuses bad and expired signatures (403) and deleted videos (404)', async () => {
    const tampered = new URL(url);
    tampered.searchParams.set('signature', 'A'.repeat(43));
    assert.equal((await get(tampered.href)).status, 403);
    const later = new URL(url);
    later.searchParams.set('expires', String(Number(later.searchParams.get('expires')) + 60));
    assert.equal((await get(later.href)).status, 403, 'the expiry is signed');
    const unsigned = new URL(url);
    unsigned.search = '';
    assert.equal((await get(unsigned.href)).status, 403);
    const expired = api.services.playback.url(api.url, videoId, Date.now() - 7 * 3600_000);
    assert.equal((await get(expired)).status, 403);

    const other = await seedVideo(api, { presenterId: userId, title: 'Other', startedAt: new Date(), durationMs: 5000 });
    const otherUrl = api.services.playback.url(api.url, other.id);
    const swapped = otherUrl.replace(other.id, videoId);
    assert.equal((await get(swapped)).status, 403, "one video's signature does not open another");
    assert.equal((await get(otherUrl)).status, 200, 'served (and its file name remembered) before the delete');
    assert.equal((await gql(api.url, `mutation ($id: ID!) { deleteVideo(id: $id) }`, { id: other.id }, token)).data!.deleteVideo, true);
    assert.equal((await get(otherUrl)).status, 404);
  });

  it('never serves a file outside the recordings folder', async () => {
    writeFileSync(join(api.services.config.dataDir, 'onair-secret.txt'), 'secret');
    for (const path of ['/media/videos/..%2f..%2fonair.db', '/media/videos/%2e%2e/onair.db', '/media/videos/../onair.db',
      `/media/videos/${videoId}.webm%00.txt`, '/media/videos/..%5c..%5conair.db']) {
      const response = await get(`${api.url}${path}${new URL(url).search}`);
      assert.ok([403, 404].includes(response.status), `${path}: ${response.status}`);
      assert.ok(!(await response.text()).includes('SQLite'), path);
    }
    // Even a row pointing outside (never written by the api) is refused by the static-file engine.
    const planted = await seedVideo(api, { presenterId: userId, title: 'Planted', startedAt: new Date(), durationMs: 5000 });
    await api.services.orm.em.fork().nativeUpdate(Video, { id: planted.id }, { file: '../onair-secret.txt' });
    const outside = await get(api.services.playback.url(api.url, planted.id));
    assert.equal(outside.status, 403);
    assert.ok(!(await outside.text()).includes('secret'));
  });
});
