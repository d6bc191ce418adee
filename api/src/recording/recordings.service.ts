import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from '../shared/logger';
import { MIN_VIDEO_MS, VideosService } from '../vod/videos.service';
import type { Video } from '../vod/video.entity';
import type { PosterImage } from './posters';

export interface RecordingResult {
  durationMs: number;
  sizeBytes: number;
}

/** Time a recording skips (its presenter was away and came back): where, in seconds into it, and how long. */
export interface RecordingGap {
  at: number;
  seconds: number;
}

/** What a finished recording was: who, what, when and where, and what it recorded (a live or a call). */
export interface FinishedRecording {
  /** Its file's name in the recordings folder (the live's id for a live). */
  recordingId: string;
  liveId?: string | null;
  /** A call's recording: private to the call's two parties. */
  callId?: string | null;
  /** Whose stream it is. */
  presenterId: string;
  title: string;
  startedAt: Date;
  endedAt: Date;
  location: string;
  /** The live's poster file (in the recordings folder), kept as the video's poster. */
  poster?: string | null;
  gaps?: RecordingGap[];
}

export interface RecordingsDependencies {
  videos: VideosService;
  logger: Logger;
  recordingsDir: string;
  /** Makes a finished recording seekable with the right duration; throws when it holds no media. */
  finalize(path: string): Promise<RecordingResult>;
}

/**
 * Recording files and filing them as videos, for lives and calls alike: where a recording goes,
 * and — once the media server has closed it — finalizing it and filing it as a video, or discarding it.
 */
export class Recordings {
  constructor(private readonly deps: RecordingsDependencies) {}

  get dir(): string {
    return this.deps.recordingsDir;
  }

  /** The file a recording goes to, inside the recordings folder. */
  fileOf(recordingId: string): string {
    return `${recordingId}.webm`;
  }

  pathOf(recordingId: string): string {
    return join(this.deps.recordingsDir, this.fileOf(recordingId));
  }

  /** The URI the media server records to. */
  uriOf(recordingId: string): string {
    return `file://${this.pathOf(recordingId)}`;
  }

  /** Removes a recording that will not be filed, and its poster. */
  async discard(recordingId: string, poster?: string | null): Promise<void> {
    await rm(this.pathOf(recordingId), { force: true });
    if (poster) await rm(join(this.deps.recordingsDir, poster), { force: true });
  }

  /** Writes a live's poster (replacing the one it had) and returns its file name. */
  async savePoster(liveId: string, image: PosterImage, previous?: string | null): Promise<string> {
    const file = `${liveId}.${image.ext}`;
    const temp = join(this.deps.recordingsDir, `.${file}.${randomBytes(6).toString('hex')}.finalizing`);
    await writeFile(temp, image.bytes, { mode: 0o644 });
    await rename(temp, join(this.deps.recordingsDir, file));
    if (previous && previous !== file) await rm(join(this.deps.recordingsDir, previous), { force: true });
    return file;
  }

  /**
   * Finalizes the recording (seekable, exact duration; a cut-off tail is dropped) and files it as a
   * video; a recording that cannot be read or is shorter than MIN_VIDEO_MS is deleted. Null when
   * discarded. When the video cannot be written, the file stays for the next start's recovery to file.
   */
  async file(em: EntityManager, recording: FinishedRecording): Promise<Video | null> {
    const path = this.pathOf(recording.recordingId);
    let result: RecordingResult;
    try {
      result = await this.deps.finalize(path);
      if (result.durationMs < MIN_VIDEO_MS) throw new Error(`only ${result.durationMs} ms recorded`);
    } catch (error) {
      this.deps.logger.info('recording discarded', { recordingId: recording.recordingId, why: (error as Error).message });
      await this.discard(recording.recordingId, recording.poster);
      return null;
    }
    const video = await this.deps.videos.addRecording(em, { ...recording, file: this.fileOf(recording.recordingId), ...result });
    this.deps.logger.info('video filed', {
      videoId: video.id, liveId: recording.liveId ?? undefined, callId: recording.callId ?? undefined, durationMs: result.durationMs,
    });
    return video;
  }
}
