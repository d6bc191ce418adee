import { after, before } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chromium, launchChromium } from '@onair/testing';
import { MediaServer, startMediaServer } from '../../src/index';
import { closeClient, connectClient, KClient } from './kurento';
import { PageServer, startPageServer } from './page';

/** What a Chromium media suite works with; filled in by the suite's `before`. */
export interface MediaRig {
  server: MediaServer;
  client: KClient;
  browser: Chromium;
  pages: PageServer;
  /** The media server's recordings folder (temporary). */
  dir: string;
}

/**
 * Registers `before`/`after` hooks in the calling `describe`: a media server on 127.0.0.1 with a
 * temporary recordings folder, a kurento-client connected to it, the peer page server and one
 * headless Chromium; all stopped and removed afterwards (`cleanup` runs first).
 */
export function useMediaRig(prefix: string, cleanup: () => Promise<void> = async () => undefined): MediaRig {
  const rig = {} as MediaRig;
  before(async () => {
    rig.dir = mkdtempSync(join(tmpdir(), prefix));
    rig.server = await startMediaServer({ port: 0, recordingsDir: rig.dir, announcedAddresses: ['127.0.0.1'] });
    rig.client = await connectClient(rig.server.url);
    rig.pages = await startPageServer();
    rig.browser = await launchChromium();
  });
  after(async () => {
    await cleanup();
    if (rig.client) closeClient(rig.client);
    await rig.browser?.close();
    await rig.pages?.close();
    await rig.server?.close();
    if (rig.dir) rmSync(rig.dir, { recursive: true, force: true });
  });
  return rig;
}
