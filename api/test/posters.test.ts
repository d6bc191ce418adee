import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { RunningApi } from '../src/app/server';
import { tempDir } from './support/api';
import { errorCode } from './support/graphql';
import { LiveUser } from './support/live-client';
import { onEveryBackend } from './support/matrix';
import { TestPeer } from './support/peer';

const SET_POSTER = `mutation ($liveId: ID!, $image: String!) { setLivePoster(liveId: $liveId, image: $image) { id posterUrl } }`;
const LIVES = `{ lives { id posterUrl } }`;
const LIVES_CHANGED = `subscription { livesChanged { type live { id posterUrl } } }`;
const STOP = `mutation ($id: ID!) { stopLive(liveId: $id) { status video { id } } }`;

/** A real JPEG made by ffmpeg, as a data: URL. */
function jpeg(size = '64x36'): { bytes: Buffer; url: string } {
  const file = join(tempDir(), 'still.jpg');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `testsrc=size=${size}`, '-frames:v', '1', '-y', file]);
  const bytes = readFileSync(file);
  return { bytes, url: `data:image/jpeg;base64,${bytes.toString('base64')}` };
}

onEveryBackend('live posters', (fixture) => {
  let api: RunningApi;
  const peers: TestPeer[] = [];
  const users: LiveUser[] = [];

  before(async () => { api = await fixture.api(); });
  after(async () => {
    await Promise.allSettled(peers.map((p) => p.close()));
    await Promise.allSettled(users.map((u) => u.ws.dispose()));
  });

  async function goLive(nickname: string) {
    const user = await LiveUser.register(api, nickname);
    users.push(user);
    const peer = new TestPeer('presenter');
    peers.push(peer);
    const id = randomUUID();
    user.mediaEvents(id);
    const result = await user.goLive(await peer.offer(), id, `${nickname} live`);
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return { user, liveId: result.data!.goLive.live.id as string };
  }

  it('takes a checked image from the presenter only, serves it signed, and shows it in the lives list at once', async () => {
    const { user, liveId } = await goLive('poster');
    const other = await LiveUser.register(api, 'intruder');
    users.push(other);
    const changes = other.subscribe(LIVES_CHANGED);
    const image = jpeg();
    const png = `data:image/png;base64,${image.bytes.toString('base64')}`;
    const tooBig = `data:image/jpeg;base64,${Buffer.concat([image.bytes, Buffer.alloc(600 * 1024)]).toString('base64')}`;
    for (const bad of ['not an image', 'data:image/gif;base64,R0lGODlhAQABAAAAACw=', png, tooBig, 'data:image/jpeg;base64,@@@']) {
      assert.equal(errorCode(await user.gql(SET_POSTER, { liveId, image: bad })), 'BAD_USER_INPUT', bad.slice(0, 40));
    }
    assert.equal(errorCode(await other.gql(SET_POSTER, { liveId, image: image.url })), 'FORBIDDEN');
    assert.equal(errorCode(await user.gql(SET_POSTER, { liveId: randomUUID(), image: image.url })), 'NOT_FOUND');

    const set = await user.gql(SET_POSTER, { liveId, image: image.url });
    assert.equal(set.errors, undefined, JSON.stringify(set.errors));
    const served = await fetch(set.data!.setLivePoster.posterUrl);
    assert.equal(served.status, 200);
    assert.equal(served.headers.get('content-type'), 'image/jpeg');
    assert.ok(Buffer.from(await served.arrayBuffer()).equals(image.bytes));
    const tampered = new URL(set.data!.setLivePoster.posterUrl);
    tampered.searchParams.set('signature', 'x'.repeat(43));
    assert.equal((await fetch(tampered)).status, 403);

    const updated = await changes.next((e) => e.livesChanged.type === 'UPDATED');
    assert.equal(updated.livesChanged.live.id, liveId);
    assert.ok(updated.livesChanged.live.posterUrl);
    const listed = (await other.gql(LIVES)).data!.lives.find((l: { id: string }) => l.id === liveId);
    assert.ok(listed.posterUrl, 'the lives list shows the thumbnail');

    // A live too short to keep takes its poster with it.
    const poster = join(api.services.config.recordingsDir, `${liveId}.jpg`);
    assert.ok(existsSync(poster));
    const stopped = await user.gql(STOP, { id: liveId });
    assert.equal(stopped.data!.stopLive.video, null);
    assert.equal(existsSync(poster), false);
    assert.equal(errorCode(await user.gql(SET_POSTER, { liveId, image: image.url })), 'LIVE_ENDED');
  });
});
