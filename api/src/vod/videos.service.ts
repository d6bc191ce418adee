import type { EntityManager } from '@mikro-orm/core';
import { Live } from '../live/live.entity';
import { User } from '../users/user.entity';
import { Video } from './video.entity';

export interface RecordedLive {
  liveId: string;
  presenterId: string;
  title: string;
  startedAt: Date;
  endedAt: Date;
  location: string;
  file: string;
  durationMs: number;
  sizeBytes: number;
}

/** Recordings shorter than this are discarded. */
export const MIN_VIDEO_MS = 1000;

/** The VOD catalog (the catalog queries come with the VOD step). */
export class VideosService {
  async addRecording(em: EntityManager, recording: RecordedLive): Promise<Video> {
    const video = em.create(Video, {
      live: em.getReference(Live, recording.liveId),
      presenter: em.getReference(User, recording.presenterId),
      title: recording.title,
      startedAt: recording.startedAt,
      endedAt: recording.endedAt,
      durationMs: Math.round(recording.durationMs),
      location: recording.location,
      file: recording.file,
      sizeBytes: recording.sizeBytes,
    });
    await em.persistAndFlush(video);
    return video;
  }
}
