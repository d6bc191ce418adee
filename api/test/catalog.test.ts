import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { before, it } from 'node:test';
import type { RunningApi } from '../src/app/server';
import { errorCode, gql, GqlResult } from './support/graphql';
import { onEveryBackend } from './support/matrix';
import { seedVideo } from './support/videos';

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { token user { id } } }`;
const VIDEOS = `query ($filter: VideoFilter, $orderBy: VideoOrder, $first: Int, $after: String) {
  videos(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title durationSeconds location startedAt presenter { nickname } } }
  } }`;
const RENAME = `mutation ($id: ID!, $title: String!) { renameVideo(id: $id, title: $title) { id title } }`;
const DELETE = `mutation ($id: ID!) { deleteVideo(id: $id) }`;
const VIDEO = `query ($id: ID!) { video(id: $id) { id title } }`;

interface Seeded { id: string; title: string; presenter: string; startedAt: number; durationMs: number; location: string }
type Filter = Record<string, unknown>;
type Order = 'NEWEST' | 'OLDEST' | 'LONGEST' | 'SHORTEST';
const ORDERS: Order[] = ['NEWEST', 'OLDEST', 'LONGEST', 'SHORTEST'];
const HOUR = 3600_000;
const T0 = Date.parse('2026-06-01T08:00:00.000Z');

/** What the catalog should answer, computed from the seed with the contract's rules. */
function expected(all: Seeded[], filter: Filter, order: Order): string[] {
  const fold = (s: string) => s.normalize('NFKC').toLocaleLowerCase('en-US');
  const words = fold(String(filter.search ?? '')).split(/\s+/).filter(Boolean);
  return all.filter((v) =>
    (filter.startedAfter === undefined || v.startedAt >= Date.parse(String(filter.startedAfter)))
    && (filter.startedBefore === undefined || v.startedAt <= Date.parse(String(filter.startedBefore)))
    && (filter.minDurationSeconds === undefined || v.durationMs >= Number(filter.minDurationSeconds) * 1000)
    && (filter.maxDurationSeconds === undefined || v.durationMs <= Number(filter.maxDurationSeconds) * 1000)
    && (filter.location === undefined || fold(v.location).includes(fold(String(filter.location))))
    && (filter.presenter === undefined || fold(v.presenter) === fold(String(filter.presenter)))
    && words.every((w) => fold(v.title).includes(w)))
    .sort((a, b) => {
      const [key, dir] = order === 'NEWEST' ? ['startedAt', -1] : order === 'OLDEST' ? ['startedAt', 1]
        : order === 'LONGEST' ? ['durationMs', -1] : ['durationMs', 1];
      const k = key as 'startedAt' | 'durationMs';
      return (a[k] - b[k]) * dir || (a.id < b.id ? -dir : a.id > b.id ? dir : 0);
    })
    .map((v) => v.id);
}

onEveryBackend('the video catalog', (fixture) => {
  let api: RunningApi;
  let ann: { token: string; id: string };
  let bob: { token: string; id: string };
  const seeded: Seeded[] = [];

  async function register(nickname: string) {
    const result = await gql(api.url, REGISTER, { input: { nickname, password: 'password1' } });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return { token: result.data!.register.token as string, id: result.data!.register.user.id as string };
  }

  async function seed(presenter: { id: string }, nickname: string, title: string, startedAt: number, durationMs: number, location: string) {
    const video = await seedVideo(api, { presenterId: presenter.id, title, startedAt: new Date(startedAt), durationMs, location });
    seeded.push({ id: video.id, title, presenter: nickname, startedAt, durationMs, location });
    return video;
  }

  /** Every page of one query, `first` at a time: ids in order, and the totalCount each page reported. */
  async function readAll(token: string, filter: Filter, order: Order, first: number) {
    const ids: string[] = [];
    const totals = new Set<number>();
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const result: GqlResult = await gql(api.url, VIDEOS, { filter, orderBy: order, first, after }, token);
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      const { edges, pageInfo, totalCount } = result.data!.videos;
      ids.push(...edges.map((e: { node: { id: string } }) => e.node.id));
      totals.add(totalCount);
      if (!pageInfo.hasNextPage) return { ids, totals };
      assert.equal(pageInfo.endCursor, edges.at(-1).cursor);
      after = pageInfo.endCursor;
    }
    throw new Error('more than 50 pages');
  }

  before(async () => {
    api = await fixture.api();
    ann = await register('Ann');
    bob = await register('bob');
    // Same start time twice and same duration twice, so ties are ordered by id.
    await seed(ann, 'Ann', 'Morning show', T0, 65_000, 'Germany');
    await seed(ann, 'Ann', 'Evening SHOW with guests', T0 + HOUR, 3_600_000, 'germany');
    await seed(ann, 'Ann', '晨间新闻 直播', T0 + 2 * HOUR, 65_000, 'China');
    await seed(bob, 'bob', 'Cooking show', T0 + 2 * HOUR, 1_500, 'local network');
    await seed(bob, 'bob', 'Late night talk', T0 + 5 * HOUR, 600_000, 'unknown');
    await seed(bob, 'bob', 'Morning run', T0 + 26 * HOUR, 30_000, 'France');
  });

  it('answers every filter alone, with every order, across pages, with the total', async () => {
    const filters: Filter[] = [
      {},
      { startedAfter: new Date(T0 + HOUR).toISOString() },
      { startedBefore: new Date(T0 + 2 * HOUR).toISOString() },
      { minDurationSeconds: 65 },
      { maxDurationSeconds: 65 },
      { location: 'GERM' },
      { location: 'network' },
      { presenter: 'ANN' },
      { presenter: 'nobody' },
      { search: 'show' },
      { search: 'morning SHOW' },
      { search: '新闻' },
      { search: 'xylophone' },
      { search: 'show', presenter: 'bob', location: 'nowhere' },
    ];
    for (const filter of filters) {
      for (const order of ORDERS) {
        const want = expected(seeded, filter, order);
        const { ids, totals } = await readAll(ann.token, filter, order, 2);
        assert.deepEqual(ids, want, `${JSON.stringify(filter)} ${order}`);
        assert.deepEqual([...totals], [want.length], `${JSON.stringify(filter)} ${order} totalCount`);
      }
    }
  });

  it('combines every filter with every other and with every order', async () => {
    const combos: Filter[] = [
      { presenter: 'ann', search: 'show', minDurationSeconds: 60 },
      { location: 'germany', startedAfter: new Date(T0).toISOString(), startedBefore: new Date(T0 + 90 * 60_000).toISOString() },
      { presenter: 'bob', maxDurationSeconds: 600, location: 'n' },
      { search: 'morning', minDurationSeconds: 10, maxDurationSeconds: 100, startedAfter: new Date(T0).toISOString() },
      { startedAfter: new Date(T0 + HOUR).toISOString(), startedBefore: new Date(T0 + 5 * HOUR).toISOString(), minDurationSeconds: 1,
        maxDurationSeconds: 4000, location: 'a', presenter: 'Ann', search: 'show' },
    ];
    for (const filter of combos) {
      for (const order of ORDERS) {
        const want = expected(seeded, filter, order);
        const { ids, totals } = await readAll(bob.token, filter, order, 1);
        assert.deepEqual(ids, want, `${JSON.stringify(filter)} ${order}`);
        assert.deepEqual([...totals], [want.length]);
      }
    }
    assert.ok(expected(seeded, combos[0], 'NEWEST').length > 0 && expected(seeded, combos[4], 'NEWEST').length > 0,
      'the combinations select something');
  });

  it('pages on without skipping or repeating while new videos are filed', async () => {
    for (const order of ORDERS) {
      const before = expected(seeded, {}, order);
      const first = await gql(api.url, VIDEOS, { orderBy: order, first: 2 }, ann.token);
      const ids: string[] = first.data!.videos.edges.map((e: { node: { id: string } }) => e.node.id);
      let after = first.data!.videos.pageInfo.endCursor;
      // Newer, older, longer and shorter ones arrive while the reader is on page one.
      await seed(ann, 'Ann', `Filed meanwhile ${order} 1`, T0 + 100 * HOUR, 7_200_000, 'Spain');
      await seed(ann, 'Ann', `Filed meanwhile ${order} 2`, T0 - 100 * HOUR, 1_000, 'Spain');
      for (;;) {
        const page = await gql(api.url, VIDEOS, { orderBy: order, first: 2, after }, ann.token);
        assert.equal(page.errors, undefined);
        ids.push(...page.data!.videos.edges.map((e: { node: { id: string } }) => e.node.id));
        if (!page.data!.videos.pageInfo.hasNextPage) break;
        after = page.data!.videos.pageInfo.endCursor;
      }
      assert.equal(new Set(ids).size, ids.length, `${order}: no video twice`);
      for (const id of before) assert.ok(ids.includes(id), `${order}: nothing that was there is skipped`);
    }
  });

  it('refuses bad paging arguments and filters with BAD_USER_INPUT', async () => {
    const cursor = (await gql(api.url, VIDEOS, { first: 1 }, ann.token)).data!.videos.pageInfo.endCursor;
    for (const variables of [
      { first: 101 }, { first: -1 }, { after: 'not-a-cursor' }, { after: cursor, orderBy: 'LONGEST' },
      { filter: { minDurationSeconds: -1 } }, { filter: { minDurationSeconds: 10, maxDurationSeconds: 5 } },
      { filter: { startedAfter: '2026-06-02T00:00:00Z', startedBefore: '2026-06-01T00:00:00Z' } },
      { filter: { search: 'x'.repeat(121) } }, { filter: { startedAfter: 'yesterday' } },
    ]) {
      assert.equal(errorCode(await gql(api.url, VIDEOS, variables, ann.token)), 'BAD_USER_INPUT', JSON.stringify(variables));
    }
    assert.equal((await gql(api.url, VIDEOS, { first: 100 }, ann.token)).errors, undefined);
    assert.equal(errorCode(await gql(api.url, VIDEOS, {})), 'UNAUTHENTICATED');
  });

  it('lets only the owner rename and delete; delete removes the file; a second delete is NOT_FOUND', async () => {
    const video = await seed(ann, 'Ann', 'To be renamed', T0 + 50 * HOUR, 5_000, 'Italy');
    const file = join(api.services.config.recordingsDir, video.file);
    assert.equal(errorCode(await gql(api.url, RENAME, { id: video.id, title: 'Hijacked' }, bob.token)), 'FORBIDDEN');
    assert.equal(errorCode(await gql(api.url, DELETE, { id: video.id }, bob.token)), 'FORBIDDEN');
    assert.equal(errorCode(await gql(api.url, RENAME, { id: video.id, title: '   ' }, ann.token)), 'BAD_USER_INPUT');
    assert.equal(errorCode(await gql(api.url, RENAME, { id: video.id, title: 'x'.repeat(121) }, ann.token)), 'BAD_USER_INPUT');
    assert.equal(errorCode(await gql(api.url, RENAME, { id: 'no-such-video', title: 'x' }, ann.token)), 'NOT_FOUND');

    const renamed = await gql(api.url, RENAME, { id: video.id, title: '  Renamed café  ' }, ann.token);
    assert.equal(renamed.data!.renameVideo.title, 'Renamed café');
    const found = await gql(api.url, VIDEOS, { filter: { search: 'CAFÉ renamed' } }, bob.token);
    assert.deepEqual(found.data!.videos.edges.map((e: { node: { id: string } }) => e.node.id), [video.id]);

    assert.ok(existsSync(file));
    assert.equal((await gql(api.url, DELETE, { id: video.id }, ann.token)).data!.deleteVideo, true);
    assert.equal(existsSync(file), false, 'the file is removed');
    assert.equal((await gql(api.url, VIDEO, { id: video.id }, ann.token)).data!.video, null);
    assert.equal(errorCode(await gql(api.url, DELETE, { id: video.id }, ann.token)), 'NOT_FOUND');
  });
});
