import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { Live } from '../live/live.entity';
import type { Logger } from '../shared/logger';
import { Video } from '../vod/video.entity';
import type { Recordings } from './recordings.service';

export interface RecoveryReport {
  /** Lives left open by a node that is gone, now ended (reason `interrupted`). */
  livesEnded: number;
  /** Recordings finalized and filed as videos (interrupted lives, or ended lives whose filing was cut short). */
  videosFiled: number;
  /** Recordings and posters no video or running live owns, and temporary files of a cut-off write. */
  filesRemoved: number;
  /** Videos whose file is gone. */
  videosRemoved: number;
}

/** A live's recording or poster. */
const RECORDING = /^([0-9a-f-]{36})\.(webm|jpg|png|webp)$/;
const TEMPORARY = /^\..+\.finalizing$/;
/** A file this young may belong to a live another node is setting up right now. */
const GRACE_MS = 60_000;

/**
 * Makes what a crash (kill -9, power cut) left behind consistent again: ends the lives of nodes
 * that are gone and files their recordings (the finalizer drops a cut-off tail); with `files`, also
 * files or removes recordings nothing owns and removes videos whose file is gone. Safe while this
 * node's own lives run, and on several nodes at once (each live is claimed by one conditional update).
 */
export class Recovery {
  constructor(
    private readonly orm: MikroORM,
    private readonly recordings: Recordings,
    private readonly isNodeAlive: (nodeId: string | null | undefined) => Promise<boolean>,
    private readonly logger: Logger,
  ) {}

  async run({ files = true, now = Date.now() } = {}): Promise<RecoveryReport> {
    const em = this.orm.em.fork();
    const report: RecoveryReport = { livesEnded: 0, videosFiled: 0, filesRemoved: 0, videosRemoved: 0 };
    await this.endInterrupted(em, report);
    if (files) await this.reconcileFiles(em, report, now);
    if (Object.values(report).some((n) => n > 0)) {
      this.logger.info(`recovery: ended ${report.livesEnded} interrupted lives, filed ${report.videosFiled} videos, `
        + `removed ${report.filesRemoved} orphan files and ${report.videosRemoved} videos whose file was gone`);
    }
    return report;
  }

  private async endInterrupted(em: EntityManager, report: RecoveryReport) {
    for (const live of await em.find(Live, { endedAt: null })) {
      if (await this.isNodeAlive(live.nodeId)) continue;
      // The recording's last write is when the live last had media; without one, it never had any.
      const endedAt = (await stat(this.recordings.pathOf(live.id)).catch(() => undefined))?.mtime ?? live.startedAt;
      const claimed = await em.nativeUpdate(Live, { id: live.id, endedAt: null }, { endedAt, endReason: 'interrupted' });
      if (!claimed) continue; // another node got there first
      live.endedAt = endedAt;
      report.livesEnded += 1;
      await this.file(em, live, report);
    }
  }

  /** One listing of the folder and one read of the videos, for both directions: files without a video, videos without a file. */
  private async reconcileFiles(em: EntityManager, report: RecoveryReport, now: number) {
    const listing = await readdir(this.recordings.dir).catch(() => [] as string[]);
    const names = listing.filter((n) => RECORDING.test(n) || TEMPORARY.test(n));
    const videos = await em.find(Video, {}, { fields: ['id', 'file', 'poster'] });
    const owned = new Set(videos.flatMap((v) => [v.file, v.poster]));
    // Recordings first: filing one makes its poster owned. Then posters and temporary files.
    const ordered = [...names.filter((n) => n.endsWith('.webm')), ...names.filter((n) => !n.endsWith('.webm'))];
    for (const name of ordered) {
      if (owned.has(name)) continue;
      const path = join(this.recordings.dir, name);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile() || now - info.mtimeMs < GRACE_MS) continue;
      const liveId = RECORDING.exec(name)?.[1];
      const live = liveId ? await em.findOne(Live, { id: liveId }) : null;
      if (live && !live.endedAt) continue; // running on a node that is alive
      if (live && name.endsWith('.webm') && !(await em.count(Video, { live: live.id }))) {
        const filed = await this.file(em, live, report); // ended, but its filing was cut short
        if (filed?.poster) owned.add(filed.poster);
        continue;
      }
      await rm(path, { force: true });
      report.filesRemoved += 1;
    }
    const present = new Set(listing);
    for (const video of videos) {
      if (present.has(video.file)) continue;
      if (await em.nativeDelete(Video, { id: video.id })) report.videosRemoved += 1;
      if (video.poster) await rm(join(this.recordings.dir, video.poster), { force: true });
    }
  }

  private async file(em: EntityManager, live: Live, report: RecoveryReport): Promise<Video | null> {
    const video = await this.recordings.file(em.fork(), {
      recordingId: live.id, liveId: live.id, presenterId: live.presenter.id, title: live.title, startedAt: live.startedAt,
      endedAt: live.endedAt!, location: live.location ?? 'unknown', poster: live.poster,
    });
    if (video) report.videosFiled += 1;
    return video;
  }
}
