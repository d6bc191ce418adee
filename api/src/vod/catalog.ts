import { raw, type FilterQuery } from '@mikro-orm/core';
import { badInput } from '../shared/errors';
import { searchKey, Video } from './video.entity';
import { VideoFilter, VideoOrder } from './video.types';
import { packCursor, unpackCursor } from '../shared/cursors';

/** Most videos one page may hold. */
export const MAX_PAGE = 100;
const MAX_TEXT = 120;
const MAX_WORDS = 8;

type SortKey = 'startedAt' | 'durationMs';
const ORDERS: Record<VideoOrder, { key: SortKey; dir: 'asc' | 'desc' }> = {
  NEWEST: { key: 'startedAt', dir: 'desc' },
  OLDEST: { key: 'startedAt', dir: 'asc' },
  LONGEST: { key: 'durationMs', dir: 'desc' },
  SHORTEST: { key: 'durationMs', dir: 'asc' },
};

/** Where a page ends: the sort value and id of its last video, and the order they belong to. */
interface Cursor {
  order: VideoOrder;
  value: number;
  id: string;
}

export function encodeCursor(order: VideoOrder, video: Video): string {
  const { key } = ORDERS[order];
  const value = key === 'startedAt' ? video.startedAt.getTime() : video.durationMs;
  return packCursor([order, value, video.id]);
}

function decodeCursor(text: string, order: VideoOrder): Cursor {
  const invalid = () => badInput('`after` is not a cursor of this list (with this order)', { field: 'after' });
  const parts = unpackCursor(text);
  if (!parts || parts.length !== 3) throw invalid();
  const [cursorOrder, value, id] = parts;
  if (cursorOrder !== order || typeof value !== 'number' || !Number.isFinite(value) || typeof id !== 'string' || id.length > 36) {
    throw invalid();
  }
  return { order, value, id };
}

function text(value: string | null | undefined, field: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed.length > MAX_TEXT) throw badInput(`${field} has at most ${MAX_TEXT} characters`, { field });
  return trimmed === '' ? undefined : trimmed;
}

/** A catalog request, checked: BAD_USER_INPUT for anything out of range. */
export interface CatalogQuery {
  order: VideoOrder;
  first: number;
  after?: Cursor;
  startedAfter?: Date;
  startedBefore?: Date;
  minDurationMs?: number;
  maxDurationMs?: number;
  location?: string;
  presenter?: string;
  words: string[];
}

export function checkCatalogQuery(filter: VideoFilter | null | undefined, order: VideoOrder, first: number, after?: string | null): CatalogQuery {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) throw badInput(`first must be between 0 and ${MAX_PAGE}`, { field: 'first' });
  const f = filter ?? {};
  const seconds = (value: number | null | undefined, field: string) => {
    if (value === null || value === undefined) return undefined;
    if (!Number.isFinite(value) || value < 0) throw badInput(`${field} must be a number of seconds, 0 or more`, { field });
    return Math.round(value * 1000);
  };
  const query: CatalogQuery = {
    order,
    first,
    after: after ? decodeCursor(after, order) : undefined,
    startedAfter: f.startedAfter ?? undefined,
    startedBefore: f.startedBefore ?? undefined,
    minDurationMs: seconds(f.minDurationSeconds, 'minDurationSeconds'),
    maxDurationMs: seconds(f.maxDurationSeconds, 'maxDurationSeconds'),
    location: text(f.location, 'location'),
    presenter: text(f.presenter, 'presenter'),
    words: [...new Set(searchKey(text(f.search, 'search') ?? '').split(/\s+/u).filter(Boolean))],
  };
  if (query.words.length > MAX_WORDS) throw badInput(`search takes at most ${MAX_WORDS} words`, { field: 'search' });
  if (query.startedAfter && query.startedBefore && query.startedAfter > query.startedBefore) {
    throw badInput('startedAfter is later than startedBefore', { field: 'startedAfter' });
  }
  if (query.minDurationMs !== undefined && query.maxDurationMs !== undefined && query.minDurationMs > query.maxDurationMs) {
    throw badInput('minDurationSeconds is more than maxDurationSeconds', { field: 'minDurationSeconds' });
  }
  return query;
}

/** `column` contains `needle` (both folded by searchKey); no LIKE, so no wildcard escaping on either database. */
const contains = (column: string, needle: string) => ({ [raw((alias) => `instr(${alias}.${column}, ?)`, [needle])]: { $gt: 0 } });

/** What the text filters resolve to: the presenter the nickname names, the locations the text is part of. */
export interface CatalogScope {
  presenterId?: string;
  locationKeys?: string[];
}

/**
 * The filter as a where clause (built anew for each use: raw fragments are single-use). With
 * `withCursor`, only videos after the cursor.
 */
export function catalogWhere(query: CatalogQuery, scope: CatalogScope, withCursor: boolean): FilterQuery<Video> {
  const and: FilterQuery<Video>[] = [{ callId: null }]; // calls' recordings are private
  if (query.startedAfter) and.push({ startedAt: { $gte: query.startedAfter } });
  if (query.startedBefore) and.push({ startedAt: { $lte: query.startedBefore } });
  if (query.minDurationMs !== undefined) and.push({ durationMs: { $gte: query.minDurationMs } });
  if (query.maxDurationMs !== undefined) and.push({ durationMs: { $lte: query.maxDurationMs } });
  if (scope.presenterId) and.push({ presenter: scope.presenterId });
  if (scope.locationKeys) and.push({ locationKey: { $in: scope.locationKeys } });
  for (const word of query.words) and.push(contains('title_key', word));
  if (withCursor && query.after) {
    const { key, dir } = ORDERS[query.order];
    const value = key === 'startedAt' ? new Date(query.after.value) : query.after.value;
    const beyond = dir === 'desc' ? '$lt' : '$gt';
    and.push({ $or: [{ [key]: { [beyond]: value } }, { [key]: value, id: { [beyond]: query.after.id } }] } as FilterQuery<Video>);
  }
  return and.length ? { $and: and } : {};
}

export function catalogOrderBy(order: VideoOrder) {
  const { key, dir } = ORDERS[order];
  return { [key]: dir, id: dir } as const;
}
