import { FileHandle } from 'node:fs/promises';
import { Piece } from './webm-layout';

const CHUNK = 1 << 20;

/**
 * Writes the planned pieces to `target` in order, copying source ranges through one bounded buffer.
 * Returns the number of bytes written.
 */
export async function writePieces(source: FileHandle, target: FileHandle, pieces: Piece[]): Promise<number> {
  const buffer = Buffer.alloc(CHUNK);
  let filled = 0;
  let written = 0;
  const flush = async () => {
    let done = 0;
    while (done < filled) done += (await target.write(buffer, done, filled - done)).bytesWritten;
    written += filled;
    filled = 0;
  };
  for (const piece of pieces) {
    if (Buffer.isBuffer(piece)) {
      for (let at = 0; at < piece.length; ) {
        if (filled === CHUNK) await flush();
        const n = piece.copy(buffer, filled, at);
        filled += n;
        at += n;
      }
      continue;
    }
    for (let at = piece.from; at < piece.to; ) {
      if (filled === CHUNK) await flush();
      const want = Math.min(CHUNK - filled, piece.to - at);
      const { bytesRead } = await source.read(buffer, filled, want, at);
      if (bytesRead === 0) throw new Error(`the source file shrank while being finalized (at byte ${at})`);
      filled += bytesRead;
      at += bytesRead;
    }
  }
  await flush();
  return written;
}
