import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningApi } from '../../src/app/server';
import { Live } from '../../src/live/live.entity';
import { User } from '../../src/users/user.entity';
import type { Video } from '../../src/vod/video.entity';

export interface SeedVideo {
  presenterId: string;
  title: string;
  startedAt: Date;
  durationMs: number;
  location?: string;
  /** File content (default: a few bytes); the file is written to the recordings folder. */
  content?: Buffer;
}

/** Files a video as a finished live would (an ended live row, a file, a video row), without media. */
export async function seedVideo(api: RunningApi, seed: SeedVideo): Promise<Video> {
  const em = api.services.orm.em.fork();
  const endedAt = new Date(seed.startedAt.getTime() + seed.durationMs);
  const live = em.create(Live, {
    presenter: em.getReference(User, seed.presenterId), title: seed.title, startedAt: seed.startedAt, endedAt, endReason: 'stopped',
  });
  await em.persistAndFlush(live);
  const content = seed.content ?? Buffer.from(`video ${live.id}`);
  const file = api.services.recordings.fileOf(live.id);
  writeFileSync(join(api.services.config.recordingsDir, file), content);
  return api.services.videos.addRecording(em, {
    recordingId: live.id, liveId: live.id, presenterId: seed.presenterId, title: seed.title, startedAt: seed.startedAt, endedAt,
    location: seed.location ?? 'unknown', file, durationMs: seed.durationMs, sizeBytes: content.length,
  });
}
