import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/core';
import { Live } from '../live/live.entity';
import type { FinishedRecording, RecordingResult } from '../recording/recordings.service';
import { badInput, forbidden, notFound } from '../shared/errors';
import { nicknameKey, User } from '../users/user.entity';
import { CatalogQuery, catalogOrderBy, CatalogScope, catalogWhere, encodeCursor } from './catalog';
import { searchKey, Video } from './video.entity';
import { checkText } from '../shared/text';

/** A finished recording, finalized: what a video is filed from. */
export type RecordedLive = FinishedRecording & RecordingResult & {
  /** File name inside the recordings folder. */
  file: string;
};

export interface CatalogPage {
  videos: { video: Video; cursor: string }[];
  hasNextPage: boolean;
  countAll(): Promise<number>;
}

/** Recordings shorter than this are discarded. */
export const MIN_VIDEO_MS = 1000;
const TITLE_MAX = 120;
/** How long a filter's total is reused: counting reads every matching row, and the total moves slowly. */
const COUNT_TTL_MS = 5000;
const COUNTS_KEPT = 1000;

export const videoNotFound = () => notFound('No video with this id');

/** The VOD catalog: filing recordings, finding, renaming and deleting videos. */
export class VideosService {
  /**
   * Totals per filter, shared by the requests of a few seconds (a catalog page is opened by many people
   * at once). This node's own changes clear them; another node's show up within COUNT_TTL_MS.
   */
  private readonly counts = new Map<string, { total: Promise<number>; until: number }>();

  constructor(private readonly recordingsDir: string) {}

  async addRecording(em: EntityManager, recording: RecordedLive): Promise<Video> {
    const video = em.create(Video, {
      live: recording.liveId ? em.getReference(Live, recording.liveId) : null,
      callId: recording.callId ?? null,
      presenter: em.getReference(User, recording.presenterId),
      title: recording.title,
      titleKey: searchKey(recording.title),
      startedAt: recording.startedAt,
      endedAt: recording.endedAt,
      durationMs: Math.round(recording.durationMs),
      location: recording.location,
      locationKey: searchKey(recording.location),
      file: recording.file,
      sizeBytes: recording.sizeBytes,
      poster: recording.poster ?? null,
      gaps: recording.gaps?.length ? recording.gaps : null,
    });
    await em.persistAndFlush(video);
    this.counts.clear();
    return video;
  }

  /**
   * One page of the catalog: the videos in index order, then their presenters in one batch (a join
   * would let the database start from users and sort every video), the total counted on demand.
   */
  async page(em: EntityManager, query: CatalogQuery): Promise<CatalogPage> {
    const none: CatalogPage = { videos: [], hasNextPage: false, countAll: async () => 0 };
    const scope: CatalogScope = {};
    if (query.presenter) {
      // In its own entity manager: a partial User (id only) in this one would stand in for the presenter below.
      scope.presenterId = (await em.fork().findOne(User, { nicknameKey: nicknameKey(query.presenter) }, { fields: ['id'] }))?.id;
      if (!scope.presenterId) return none;
    }
    if (query.location) {
      scope.locationKeys = await this.locationsContaining(em, searchKey(query.location));
      if (!scope.locationKeys.length) return none;
    }
    const countAll = () => this.count(query, () => em.fork().count(Video, catalogWhere(query, scope, false)));
    // No index finds title words: a search that matches nothing would walk the whole order index looking
    // for a first match. Its (shared) count is one table scan and tells at once.
    if (query.words.length && query.first > 0 && (await countAll()) === 0) return none;
    const rows = query.first === 0 ? [] : await em.find(Video, catalogWhere(query, scope, true), {
      orderBy: catalogOrderBy(query.order), limit: query.first + 1, populate: ['presenter'], strategy: 'select-in',
    });
    const videos = rows.slice(0, query.first).map((video) => ({ video, cursor: encodeCursor(query.order, video) }));
    return { videos, hasNextPage: rows.length > query.first, countAll };
  }

  private count(query: CatalogQuery, run: () => Promise<number>): Promise<number> {
    const { order: _order, first: _first, after: _after, ...filter } = query;
    const key = JSON.stringify(filter);
    const cached = this.counts.get(key);
    if (cached && cached.until > Date.now()) return cached.total;
    const total = run();
    if (this.counts.size >= COUNTS_KEPT) this.counts.delete(this.counts.keys().next().value!);
    this.counts.set(key, { total, until: Date.now() + COUNT_TTL_MS });
    total.catch(() => this.counts.delete(key));
    return total;
  }

  /**
   * The locations (folded) that contain `needle`. Locations are few (countries, "local network",
   * "unknown"): the distinct ones come from the location index, and the filter becomes an indexed IN.
   */
  private async locationsContaining(em: EntityManager, needle: string): Promise<string[]> {
    const rows: { location_key: string }[] = await em.getConnection().execute('select location_key from videos group by location_key');
    return rows.map((row) => row.location_key).filter((key) => key.includes(needle));
  }

  byId(em: EntityManager, id: string): Promise<Video | null> {
    return em.findOne(Video, { id }, { populate: ['presenter'] });
  }

  /** A call's recordings (private: the caller checks who asks). */
  ofCall(em: EntityManager, callId: string): Promise<Video[]> {
    return em.find(Video, { callId }, { populate: ['presenter'], orderBy: { startedAt: 'asc', id: 'asc' } });
  }

  ofLive(em: EntityManager, liveId: string): Promise<Video | null> {
    return em.findOne(Video, { live: liveId }, { populate: ['presenter'] });
  }

  async rename(em: EntityManager, userId: string, id: string, title: string): Promise<Video> {
    const trimmed = checkText(title, 'title', 'The title', { max: TITLE_MAX });
    const video = await this.owned(em, userId, id);
    video.title = trimmed;
    video.titleKey = searchKey(trimmed);
    await em.flush();
    this.counts.clear();
    return video;
  }

  /** Deletes the row, then its file and poster (a crash in between leaves an orphan file that recovery removes). */
  async delete(em: EntityManager, userId: string, id: string): Promise<void> {
    const video = await this.owned(em, userId, id);
    if ((await em.nativeDelete(Video, { id })) === 0) throw videoNotFound(); // deleted meanwhile
    this.counts.clear();
    await Promise.all([video.file, video.poster].filter((f): f is string => !!f)
      .map((file) => rm(join(this.recordingsDir, file), { force: true })));
  }

  private async owned(em: EntityManager, userId: string, id: string): Promise<Video> {
    const video = await this.byId(em, id);
    if (!video) throw videoNotFound();
    if (video.presenter.id !== userId) throw forbidden('Only its presenter can change this video');
    return video;
  }
}
