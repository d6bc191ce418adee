import { after, before } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chromium, launchChromium } from '@onair/testing';
import { MediaServer, MediaServerOptions, startMediaServer } from '../../src/index';
import { closeClient, connectClient, KClient } from './kurento';
import { PageServer, startPageServer } from './page';

/** A media server on 127.0.0.1 and a kurento-client connected to it; filled in by the suite's `before`. */
export interface ServerRig {
  server: MediaServer;
  client: KClient;
  /** The media server's recordings folder (temporary). */
  dir: string;
}

/** What a Chromium media suite works with. */
export interface MediaRig extends ServerRig {
  browser: Chromium;
  pages: PageServer;
}

/**
 * Registers `before`/`after` hooks in the calling `describe`: a media server on 127.0.0.1 with a
 * temporary recordings folder and a kurento-client connected to it; stopped and removed afterwards
 * (`cleanup` runs first). `options` are added to the server's.
 */
export function useServerRig(prefix: string, cleanup: () => Promise<void> = async () => undefined,
  options: MediaServerOptions = {}): ServerRig {
  const rig = {} as ServerRig;
  before(async () => {
    rig.dir = mkdtempSync(join(tmpdir(), prefix));
    rig.server = await startMediaServer({ port: 0, recordingsDir: rig.dir, announcedAddresses: ['127.0.0.1'], ...options });
    rig.client = await connectClient(rig.server.url);
  });
  after(async () => {
    await cleanup();
    if (rig.client) closeClient(rig.client);
    await rig.server?.close();
    if (rig.dir) rmSync(rig.dir, { recursive: true, force: true });
  });
  return rig;
}

/** useServerRig plus the peer page server and one headless Chromium (closed after `cleanup`). */
export function useMediaRig(prefix: string, cleanup: () => Promise<void> = async () => undefined,
  options: MediaServerOptions = {}): MediaRig {
  const rig = useServerRig(prefix, async () => {
    await cleanup();
    await rig.browser?.close();
    await rig.pages?.close();
  }, options) as MediaRig;
  before(async () => {
    rig.pages = await startPageServer();
    rig.browser = await launchChromium();
  });
  return rig;
}
