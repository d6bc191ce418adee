import { randomBytes } from 'node:crypto';
import { FileHandle, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { WebmFinalizeError } from './errors';
import { FileReader } from './file-reader';
import { layoutWebm } from './webm-layout';
import { scanWebm } from './webm-scan';
import { writePieces } from './write-pieces';

export { NoMediaError, WebmFinalizeError } from './errors';
export type { WebmFinalizeErrorCode } from './errors';

export interface FinalizedWebm {
  /** Duration written in the file: last block timestamp + one frame, from a first timestamp of 0. */
  durationMs: number;
  /** Size of the finalized file. */
  sizeBytes: number;
  /** CuePoints written: one per video key frame, or one per cluster for audio-only recordings. */
  cuePoints: number;
  /** Media blocks (frames) kept. */
  blocks: number;
  /** Bytes of a cut or unreadable tail left out (0 for a complete recording). */
  droppedBytes: number;
}

/**
 * Makes a WebM written by a media server seekable, with the right duration: rewrites it with a known-size
 * Segment, Info/Duration from the last block (+ one frame), a SeekHead to Info/Tracks/Cues, Cues (one
 * CuePoint per video key frame; per cluster when there is no video) and known-size Clusters.
 *
 * Reads the file twice with bounded memory (metadata per cluster and key frame only), writes a temporary
 * file beside it, fsyncs it and renames it over the original; on any error the original is left untouched
 * and the temporary file removed. A file cut mid-cluster (crashed writer) keeps every complete block before
 * the cut (see `droppedBytes`).
 *
 * @throws NoMediaError (code NO_MEDIA) when the file is empty or holds no media block: discard it.
 * @throws WebmFinalizeError (code INVALID_WEBM) when it is not a WebM/Matroska file we can read,
 *   (code IO) when reading or writing failed.
 */
export async function finalizeWebm(path: string): Promise<FinalizedWebm> {
  let source: FileHandle;
  try {
    source = await open(path, 'r');
  } catch (error) {
    throw new WebmFinalizeError('IO', `cannot open recording ${path}: ${(error as Error).message}`, { cause: error });
  }
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.finalizing`);
  let target: FileHandle | undefined;
  try {
    const stat = await source.stat();
    if (!stat.isFile()) throw new WebmFinalizeError('IO', `not a regular file: ${path}`);
    const scan = await scanWebm(new FileReader(source, stat.size));
    const layout = layoutWebm(scan);

    target = await open(temp, 'wx', stat.mode & 0o777);
    const written = await writePieces(source, target, layout.pieces);
    if (written !== layout.size) throw new Error(`internal: wrote ${written} bytes, planned ${layout.size}`);
    await target.sync();
    await target.close();
    target = undefined;
    await rename(temp, path);
    await syncDirectory(dirname(path));
    return {
      durationMs: layout.durationMs,
      sizeBytes: written,
      cuePoints: layout.cuePoints,
      blocks: scan.blocks,
      droppedBytes: scan.droppedBytes,
    };
  } catch (error) {
    await target?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    if (error instanceof WebmFinalizeError) throw error;
    throw new WebmFinalizeError('IO', `cannot finalize recording ${path}: ${(error as Error).message}`, { cause: error });
  } finally {
    await source.close().catch(() => undefined);
  }
}

/** Makes the rename durable (best effort: not every platform can open a directory). */
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // ignored
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
