import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { call, create, KObject } from './helpers/kurento';
import { useServerRig } from './helpers/rig';

interface Refusal { code: number; message: string; data: { type: string } }

describe('PlayerEndpoint and RecorderEndpoint URIs are confined to the configured folders', () => {
  /** Outside every allowed folder: what an escape would reach. */
  const outside = mkdtempSync(join(tmpdir(), 'onair-ms-outside-'));
  /** A folder players may read (playerDirs), never write. */
  const extra = mkdtempSync(join(tmpdir(), 'onair-ms-extra-'));
  const rig = useServerRig('onair-ms-uri-', async () => undefined, { playerDirs: [extra] });
  let pipeline: KObject;
  const uri = (path: string) => pathToFileURL(path).href;

  before(async () => {
    writeFileSync(join(outside, 'secret.webm'), 'not for clients');
    writeFileSync(join(extra, 'fixture.webm'), 'a fixture');
    writeFileSync(join(rig.dir, 'inside.webm'), 'a recording');
    symlinkSync(join(outside, 'secret.webm'), join(rig.dir, 'link.webm'));
    symlinkSync(outside, join(rig.dir, 'linkdir'));
    symlinkSync(join(outside, 'created-by-link.webm'), join(rig.dir, 'dangling.webm'));
    mkdirSync(join(rig.dir, 'sub'));
    symlinkSync(join(rig.dir, 'inside.webm'), join(rig.dir, 'sub', 'alias.webm'));
    pipeline = await create(rig.client, 'MediaPipeline');
  });

  after(() => {
    rmSync(outside, { recursive: true, force: true });
    rmSync(extra, { recursive: true, force: true });
  });

  async function refusal(type: 'PlayerEndpoint' | 'RecorderEndpoint', target: string): Promise<Refusal> {
    try {
      const element = await create(pipeline, type, { uri: target });
      await call(element, 'release');
    } catch (error) {
      return error as Refusal;
    }
    assert.fail(`${type} accepted ${target}`);
  }

  /** The refusal with the URI taken out of its message: the same for every refused URI of one endpoint type. */
  const shape = (r: Refusal, target: string) => ({ code: r.code, type: r.data?.type, message: r.message.replace(target, 'URI') });

  const escapes = () => [
    uri('/etc/passwd'), // exists
    uri('/etc/onair-no-such-file.webm'), // does not
    uri(join(outside, 'secret.webm')),
    uri(join(outside, 'missing.webm')),
    `file://${rig.dir}/../${basename(outside)}/secret.webm`,
    `file:${rig.dir}/../${basename(outside)}/secret.webm`,
    `file:../${basename(outside)}/secret.webm`, // relative to the recordings folder
    `file:sub/../../${basename(outside)}/missing.webm`,
    uri(join(rig.dir, 'link.webm')), // a link to a file outside
    uri(join(rig.dir, 'linkdir', 'secret.webm')), // through a linked folder, existing file
    uri(join(rig.dir, 'linkdir', 'missing.webm')), // same folder, missing file
    uri(join(rig.dir, 'dangling.webm')), // a link whose target (outside) does not exist yet
    uri(rig.dir), // the folder itself
  ];

  it('PlayerEndpoint: anything outside answers one error (40107), whether or not the file exists', async () => {
    const shapes = [];
    for (const target of escapes()) shapes.push(shape(await refusal('PlayerEndpoint', target), target));
    assert.deepEqual(shapes[0], { code: 40107, type: 'MEDIA_OBJECT_ILLEGAL_PARAM_ERROR',
      message: 'URI \'URI\' is outside the folders this media server may play from' });
    for (const s of shapes) assert.deepEqual(s, shapes[0]);
  });

  it('RecorderEndpoint: anything outside the recordings folder answers one error (40107); nothing is written there', async () => {
    const targets = [...escapes(), uri(join(extra, 'recorded.webm')), uri(join(extra, 'fixture.webm'))];
    const shapes = [];
    for (const target of targets) shapes.push(shape(await refusal('RecorderEndpoint', target), target));
    assert.deepEqual(shapes[0], { code: 40107, type: 'MEDIA_OBJECT_ILLEGAL_PARAM_ERROR',
      message: 'URI \'URI\' is outside the folders this media server may record to' });
    for (const s of shapes) assert.deepEqual(s, shapes[0]);
    assert.deepEqual(readdirSync(outside).sort(), ['secret.webm']);
    assert.deepEqual(readdirSync(extra).sort(), ['fixture.webm']);
  });

  it('inside the folders: recordings (also through links that stay inside) and, for players, playerDirs', async () => {
    const players = [uri(join(rig.dir, 'inside.webm')), uri(join(rig.dir, 'not-yet.webm')), 'file:inside.webm',
      uri(join(rig.dir, 'sub', 'alias.webm')), `file://${rig.dir}/sub/../inside.webm`, uri(join(extra, 'fixture.webm'))];
    for (const target of players) {
      const player = await create(pipeline, 'PlayerEndpoint', { uri: target });
      assert.equal(await call(player, 'getUri'), target);
      await call(player, 'release');
    }
    // A missing file inside is the player's ordinary answer when it opens it.
    const missing = await create(pipeline, 'PlayerEndpoint', { uri: uri(join(rig.dir, 'not-yet.webm')) });
    await assert.rejects(call(missing, 'play'), (e: { code: number }) => e.code === 40600);
    for (const target of [uri(join(rig.dir, 'new.webm')), 'file:new2.webm', uri(join(rig.dir, 'sub', 'new3.webm'))]) {
      const recorder = await create(pipeline, 'RecorderEndpoint', { uri: target, mediaProfile: 'WEBM' });
      await call(recorder, 'release');
    }
    assert.ok(!existsSync(join(outside, 'created-by-link.webm')));
  });
});
