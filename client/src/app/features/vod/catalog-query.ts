import { Params } from '@angular/router';
import { VideoFilter, VideoOrder } from '../../core/graphql/generated';

export const VIDEO_ORDERS: readonly VideoOrder[] = ['NEWEST', 'OLDEST', 'LONGEST', 'SHORTEST'];
export type DurationUnit = 'min' | 's';

/**
 * What the catalog page shows, as kept in the URL's query parameters (so a search can be shared
 * and the back button steps through searches). Durations are in seconds; `unit` is only how the
 * form shows them. `from` / `to` are ISO instants at minute precision.
 */
export interface CatalogQuery {
  search: string;
  presenter: string;
  location: string;
  from: string | null;
  to: string | null;
  minSeconds: number | null;
  maxSeconds: number | null;
  unit: DurationUnit;
  order: VideoOrder;
}

export const EMPTY_QUERY: CatalogQuery = {
  search: '', presenter: '', location: '', from: null, to: null, minSeconds: null, maxSeconds: null, unit: 'min',
  order: 'NEWEST',
};

/** The query the URL holds; values that cannot be read are left out. */
export function queryFromParams(params: Params): CatalogQuery {
  const text = (key: string) => (typeof params[key] === 'string' ? (params[key] as string).trim() : '');
  const order = text('sort').toUpperCase() as VideoOrder;
  return {
    search: text('q'),
    presenter: text('presenter'),
    location: text('location'),
    from: instant(text('from')),
    to: instant(text('to')),
    minSeconds: seconds(text('minDuration')),
    maxSeconds: seconds(text('maxDuration')),
    unit: text('unit') === 's' ? 's' : 'min',
    order: VIDEO_ORDERS.includes(order) ? order : 'NEWEST',
  };
}

/** The URL's query parameters for `query`, defaults left out. */
export function queryToParams(query: CatalogQuery): Params {
  const params: Params = {};
  if (query.search) params['q'] = query.search;
  if (query.presenter) params['presenter'] = query.presenter;
  if (query.location) params['location'] = query.location;
  if (query.from) params['from'] = query.from;
  if (query.to) params['to'] = query.to;
  if (query.minSeconds !== null) params['minDuration'] = String(query.minSeconds);
  if (query.maxSeconds !== null) params['maxDuration'] = String(query.maxSeconds);
  if (query.unit === 's' && (query.minSeconds !== null || query.maxSeconds !== null)) params['unit'] = 's';
  if (query.order !== 'NEWEST') params['sort'] = query.order.toLowerCase();
  return params;
}

/** True when the query narrows the catalog (the order alone does not). */
export function isFiltered(query: CatalogQuery): boolean {
  return !!(query.search || query.presenter || query.location || query.from || query.to)
    || query.minSeconds !== null || query.maxSeconds !== null;
}

/** The API's filter. `to` names a minute, so it counts up to that minute's last millisecond. */
export function toVideoFilter(query: CatalogQuery): VideoFilter {
  const filter: VideoFilter = {};
  if (query.search) filter.search = query.search;
  if (query.presenter) filter.presenter = query.presenter;
  if (query.location) filter.location = query.location;
  if (query.from) filter.startedAfter = query.from;
  if (query.to) filter.startedBefore = new Date(Date.parse(query.to) + 59_999).toISOString();
  if (query.minSeconds !== null) filter.minDurationSeconds = query.minSeconds;
  if (query.maxSeconds !== null) filter.maxDurationSeconds = query.maxSeconds;
  return filter;
}

function instant(value: string): string | null {
  const time = Date.parse(value);
  return value && Number.isFinite(time) ? new Date(time).toISOString() : null;
}

function seconds(value: string): number | null {
  const n = Number(value);
  return value !== '' && Number.isFinite(n) && n >= 0 ? n : null;
}

/** An ISO instant as a datetime-local input's value (local time, minutes), and back. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const time = new Date(value).getTime();
  if (!Number.isFinite(time)) return null;
  return new Date(time - (time % 60_000)).toISOString();
}
