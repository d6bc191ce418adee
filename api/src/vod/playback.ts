import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import send, { type SendOptions } from 'send';
import type { Logger } from '../shared/logger';
import { Live } from '../live/live.entity';
import { Video } from './video.entity';

/** What a signed media URL serves: a video's file or poster, or a live's poster (its thumbnail). */
export type MediaKind = 'videos' | 'posters' | 'live-posters';
const PATHS: Record<MediaKind, { prefix: string; name: RegExp; entity: typeof Video | typeof Live; column: 'file' | 'poster' }> = {
  videos: { prefix: '/media/videos/', name: /^([0-9a-f-]{36})\.webm$/, entity: Video, column: 'file' },
  posters: { prefix: '/media/posters/', name: /^([0-9a-f-]{36})$/, entity: Video, column: 'poster' },
  'live-posters': { prefix: '/media/live-posters/', name: /^([0-9a-f-]{36})$/, entity: Live, column: 'poster' },
};

/**
 * The HMAC key for playback URLs: PLAYBACK_SECRET when set (several api nodes must share one), else a
 * random key kept in the data folder so that URLs survive a restart.
 */
export function playbackSecret(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return Buffer.from(configured);
  const file = join(dataDir, 'playback.secret');
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim());
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return Buffer.from(secret);
  }
}

/** Signs and checks playback URLs: a <video> element cannot send an Authorization header. */
export class PlaybackUrls {
  constructor(private readonly secret: Buffer, private readonly ttlSeconds: number) {}

  private signature(kind: MediaKind, id: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`${kind}\n${id}\n${expires}`).digest('base64url');
  }

  private signed(kind: MediaKind, baseUrl: string, id: string, now: number): string {
    // Rounded up to the minute: one video's URL stays the same for a minute (the browser's cache keeps it).
    const expires = Math.ceil((now / 1000 + this.ttlSeconds) / 60) * 60;
    const name = kind === 'videos' ? `${id}.webm` : id;
    return `${baseUrl}${PATHS[kind].prefix}${name}?expires=${expires}&signature=${this.signature(kind, id, expires)}`;
  }

  /** The video's file for `baseUrl` (the api's origin as the caller reaches it), valid for the configured time. */
  url(baseUrl: string, id: string, now = Date.now()): string {
    return this.signed('videos', baseUrl, id, now);
  }

  posterUrl(baseUrl: string, id: string, now = Date.now()): string {
    return this.signed('posters', baseUrl, id, now);
  }

  livePosterUrl(baseUrl: string, liveId: string, now = Date.now()): string {
    return this.signed('live-posters', baseUrl, liveId, now);
  }

  valid(kind: MediaKind, id: string, expires: unknown, signature: unknown, now = Date.now()): boolean {
    if (typeof expires !== 'string' || typeof signature !== 'string' || !/^\d{1,12}$/.test(expires)) return false;
    if (Number(expires) * 1000 < now) return false;
    const expected = Buffer.from(this.signature(kind, id, Number(expires)));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/**
 * Video file names by video id, kept a minute: a player asks for many ranges of one file, and a
 * database round trip per range halves the throughput. A video deleted meanwhile is still refused:
 * its file is gone, so the static-file engine answers 404.
 */
class FileNames {
  private readonly entries = new Map<string, { file: string; until: number }>();

  get(id: string): string | undefined {
    const entry = this.entries.get(id);
    if (entry && entry.until > Date.now()) return entry.file;
    this.entries.delete(id);
    return undefined;
  }

  set(id: string, file: string): void {
    if (this.entries.size >= 10_000) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(id, { file, until: Date.now() + 60_000 });
  }
}

/**
 * How much of a file one read takes (and one socket write sends): a player's 1 MB range is 4 reads
 * rather than 16 with the stream default of 64 KiB, each a trip through the thread pool and the event
 * loop. 256 KiB per request in flight is the memory it costs.
 */
const READ_CHUNK_BYTES = 256 * 1024;
/** `send` copies its options into the fs.createReadStream it reads with (send 1.x; bench/vod/playback.js shows it). */
const readChunk = { highWaterMark: READ_CHUNK_BYTES } as SendOptions;

function refuse(res: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ error: message });
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * GET/HEAD of a video's file or poster by signed URL, through `send` (ranges, 206/416, If-Range, ETag
 * and Last-Modified with conditional requests). The file name comes from the video's row, never from
 * the URL, and is served only from inside the recordings folder. A plain Node handler, ahead of
 * express: a player asks for many ranges, and express's per-request work cost a quarter of them.
 * Returns false for a request that is not for /media/.
 */
export function playbackHandler(urls: PlaybackUrls, orm: MikroORM, recordingsDir: string, logger: Logger) {
  const files = new FileNames();
  const kinds = Object.keys(PATHS) as MediaKind[];
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (!req.url?.startsWith('/media/')) return false;
    const url = new URL(req.url, 'http://localhost');
    const kind = kinds.find((k) => url.pathname.startsWith(PATHS[k].prefix));
    if (req.method !== 'GET' && req.method !== 'HEAD') refuse(res, 405, 'Only GET and HEAD');
    else if (!kind) refuse(res, 404, 'Not found');
    else void serve(kind, url, req, res);
    return true;
  };

  async function serve(kind: MediaKind, url: URL, req: IncomingMessage, res: ServerResponse) {
    const { prefix, name, entity, column } = PATHS[kind];
    const id = name.exec(url.pathname.slice(prefix.length))?.[1];
    if (!id) return refuse(res, 404, 'Not found');
    if (!urls.valid(kind, id, url.searchParams.get('expires') ?? undefined, url.searchParams.get('signature') ?? undefined)) {
      return refuse(res, 403, 'This link is invalid or has expired');
    }
    let file: string | null | undefined = kind === 'videos' ? files.get(id) : undefined;
    try {
      if (file === undefined) {
        const row = await orm.em.fork().findOne(entity as typeof Video, { id }, { fields: [column] });
        file = row?.[column];
        if (kind === 'videos' && file) files.set(id, file);
      }
    } catch (error) {
      logger.error('media lookup failed', { kind, id, error });
      return refuse(res, 503, 'Try again later');
    }
    if (!file) return refuse(res, 404, kind === 'videos' ? 'This video was deleted' : 'There is no poster');
    res.setHeader('Cache-Control', 'private, max-age=3600');
    send(req, file, { root: recordingsDir, dotfiles: 'deny', index: false, cacheControl: false, ...readChunk })
      .on('error', (error: { status?: number }) => {
        if (res.headersSent) return void res.destroy();
        refuse(res, error.status ?? 500, error.status === 404 ? 'The file is missing' : 'Cannot read the file');
      })
      .pipe(res);
  }
}
