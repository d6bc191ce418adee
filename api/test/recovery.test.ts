import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, it } from 'node:test';
import type { RunningApi } from '../src/app/server';
import { Live } from '../src/live/live.entity';
import { User } from '../src/users/user.entity';
import { Video } from '../src/vod/video.entity';
import { makeLiveWebm } from './fixtures/webm';
import { gql } from './support/graphql';
import { onEveryBackend } from './support/matrix';
import { seedVideo } from './support/videos';

const REGISTER = `mutation ($input: RegisterInput!) { register(input: $input) { user { id } } }`;
const HOUR_AGO = (Date.now() - 3600_000) / 1000;

onEveryBackend('recovery of what a crash left behind', (fixture) => {
  let api: RunningApi;
  let userId: string;
  const recordings = () => api.services.config.recordingsDir;
  const old = (name: string, content: Buffer | string = 'x') => {
    const path = join(recordings(), name);
    writeFileSync(path, content);
    utimesSync(path, HOUR_AGO, HOUR_AGO);
    return path;
  };

  before(async () => {
    api = await fixture.api();
    userId = (await gql(api.url, REGISTER, { input: { nickname: 'owner', password: 'password1' } })).data!.register.user.id;
  });

  it('removes orphan files and videos whose file is gone, files an ended live whose filing was cut short, keeps the rest', async () => {
    const kept = await seedVideo(api, { presenterId: userId, title: 'Kept', startedAt: new Date(), durationMs: 5000 });
    const lost = await seedVideo(api, { presenterId: userId, title: 'File lost', startedAt: new Date(), durationMs: 5000 });
    rmSync(join(recordings(), lost.file));
    const orphan = old(`${randomUUID()}.webm`);
    const temporary = old(`.${kept.file}.0a1b2c.finalizing`);
    const young = join(recordings(), `${randomUUID()}.webm`);
    writeFileSync(young, 'a live another node is setting up');
    const foreign = old('notes.txt');

    // A live that ended, but the api died before its recording was filed.
    const em = api.services.orm.em.fork();
    const cut = em.create(Live, { presenter: em.getReference(User, userId), title: 'Cut short', startedAt: new Date(Date.now() - 10_000),
      endedAt: new Date(), endReason: 'stopped', location: 'France' });
    await em.persistAndFlush(cut);
    const recording = join(recordings(), `${cut.id}.webm`);
    makeLiveWebm(recording, { seconds: 3 });
    utimesSync(recording, HOUR_AGO, HOUR_AGO);

    const report = await api.services.recovery.run();
    assert.deepEqual(report, { livesEnded: 0, videosFiled: 1, filesRemoved: 2, videosRemoved: 1 });
    assert.equal(existsSync(orphan), false);
    assert.equal(existsSync(temporary), false);
    assert.ok(existsSync(young), 'a young file may belong to a live being set up');
    assert.ok(existsSync(foreign), 'files that are not recordings are left alone');
    assert.ok(existsSync(join(recordings(), kept.file)));
    const fresh = api.services.orm.em.fork();
    assert.equal(await fresh.count(Video, { id: lost.id }), 0);
    const filed = await fresh.findOneOrFail(Video, { live: cut.id });
    assert.equal(filed.title, 'Cut short');
    assert.equal(filed.location, 'France');
    assert.ok(Math.abs(filed.durationMs - 3000) < 200, `${filed.durationMs} ms`);
    assert.deepEqual(await api.services.recovery.run(), { livesEnded: 0, videosFiled: 0, filesRemoved: 0, videosRemoved: 0 });
  });

  it("ends the open lives of nodes that are gone, not this node's", async () => {
    const em = api.services.orm.em.fork();
    const mine = em.create(Live, { presenter: em.getReference(User, userId), title: 'Mine', nodeId: api.services.config.nodeId });
    const gone = em.create(Live, { presenter: em.getReference(User, userId), title: 'Gone', nodeId: 'api-that-crashed' });
    await em.persistAndFlush([mine, gone]);
    const report = await api.services.recovery.run({ files: false });
    assert.equal(report.livesEnded, 1);
    assert.equal(report.videosFiled, 0, 'it never recorded anything');
    const fresh = api.services.orm.em.fork();
    assert.equal((await fresh.findOneOrFail(Live, { id: mine.id })).endedAt, null);
    const ended = await fresh.findOneOrFail(Live, { id: gone.id });
    assert.equal(ended.endReason, 'interrupted');
    assert.ok(ended.endedAt);
  });
});
