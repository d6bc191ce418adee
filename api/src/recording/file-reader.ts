import { FileHandle } from 'node:fs/promises';
import { decodeId, decodeSize } from './ebml-vint';

/** An element header: where it starts, its ID and its data range (size undefined = unknown size). */
export interface ElementHeader {
  id: number;
  start: number;
  dataStart: number;
  size: number | undefined;
}

/** Why no header could be read: clean end of data, data cut short, or bytes that are not EBML. */
export type HeaderFailure = 'eof' | 'truncated' | 'invalid';

/**
 * Forward reader over a file with one fixed-size window (memory stays bounded whatever the file size).
 * Reads at `pos`; skipping ahead costs nothing; reading small payloads copies them out.
 */
export class FileReader {
  pos = 0;
  private window: Buffer;
  private windowStart = 0;
  private windowLength = 0;

  constructor(
    private readonly file: FileHandle,
    readonly size: number,
    windowSize = 1 << 20,
  ) {
    this.window = Buffer.alloc(windowSize);
  }

  /** Makes up to `n` (≤ window size) bytes at `pos` readable; returns how many are (fewer only at end of file). */
  private async fill(n: number): Promise<number> {
    const wanted = Math.min(n, this.size - this.pos);
    if (wanted <= 0) return 0;
    const offset = this.pos - this.windowStart;
    if (offset >= 0 && offset + wanted <= this.windowLength) return wanted;
    const length = Math.min(this.window.length, this.size - this.pos);
    this.windowLength = await this.readInto(this.window, length, this.pos);
    this.windowStart = this.pos;
    return Math.min(wanted, this.windowLength);
  }

  private async readInto(target: Buffer, length: number, position: number): Promise<number> {
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.file.read(target, done, length - done, position + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done;
  }

  /** Reads the element header at `pos` and moves past it (not past its data). */
  async header(): Promise<ElementHeader | HeaderFailure> {
    const available = await this.fill(12);
    if (available === 0) return 'eof';
    const at = this.pos - this.windowStart;
    const id = decodeId(this.window, at, available);
    if (id === 'short') return 'truncated';
    if (!id) return 'invalid';
    const size = decodeSize(this.window, at + id.length, available - id.length);
    if (size === 'short') return 'truncated';
    if (size === 'invalid') return 'invalid';
    const start = this.pos;
    this.pos += id.length + size.length;
    return { id: id.id, start, dataStart: this.pos, size: size.size };
  }

  /** Copies `n` bytes at `pos` out and moves past them; fewer at end of file. */
  async bytes(n: number): Promise<Buffer> {
    if (n <= this.window.length) {
      const got = await this.fill(n);
      const at = this.pos - this.windowStart;
      this.pos += got;
      return Buffer.from(this.window.subarray(at, at + got));
    }
    const out = Buffer.alloc(Math.min(n, this.size - this.pos));
    const got = await this.readInto(out, out.length, this.pos);
    this.pos += got;
    return out.subarray(0, got);
  }

  /** A view (valid until the next read) of up to `n` (≤ window size) bytes at `pos`, without moving. */
  async peek(n: number): Promise<Buffer> {
    const got = await this.fill(n);
    const at = this.pos - this.windowStart;
    return this.window.subarray(at, at + got);
  }
}
