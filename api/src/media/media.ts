import { randomBytes } from 'node:crypto';
import { startMediaServer, MediaServer } from '@onair/media-server';
import type { Config } from '../config/config';
import type { Logger } from '../shared/logger';
import { MediaGateway } from './media-gateway';

export interface Media {
  gateway: MediaGateway;
  /** The embedded server when this api started one (no KMS_URL). */
  embedded?: MediaServer;
  close(): Promise<void>;
}

/**
 * Connects to the configured Kurento Media Server, or starts the embedded one on 127.0.0.1 with a
 * per-boot secret.
 */
export async function startMedia(config: Config, logger: Logger): Promise<Media> {
  if (config.kmsUrl) {
    const gateway = new MediaGateway('external', config.kmsUrl, logger);
    return { gateway, close: () => gateway.close() };
  }
  const embedded = await startMediaServer({
    host: '127.0.0.1', port: 0, recordingsDir: config.recordingsDir, announcedAddresses: config.mediaAddresses,
    // Made anew at each boot and known only to this process: no other local process can drive the server.
    // Its url carries it; it is never logged (publicUrl is the URL without it).
    secret: randomBytes(32).toString('base64url'),
    // Its recorder asks for key frames itself, when one is due (a watchdog on the frames it writes).
    recordingKeyframeIntervalMs: config.recording.keyframeIntervalMs,
  });
  const gateway = new MediaGateway('embedded', embedded.url, logger);
  logger.info('embedded media server started', { url: embedded.publicUrl });
  return {
    gateway,
    embedded,
    async close() {
      await gateway.close();
      await embedded.close();
    },
  };
}
