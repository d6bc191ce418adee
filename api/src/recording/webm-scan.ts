import { ElementHeader, FileReader } from './file-reader';
import { ID, TOP_LEVEL, TRACK_VIDEO } from './ebml-ids';
import { children, decodeFloat, decodeSize, decodeUint } from './ebml-vint';
import { NoMediaError, WebmFinalizeError } from './errors';

/** Largest header element read into memory (Info, Tracks): anything bigger is not a recording. */
const MAX_HEADER_ELEMENT = 16 << 20;

export interface TrackInfo {
  number: number;
  type: number;
  codecId: string;
  defaultDurationNs?: number;
}

/** A place a player can start decoding from: a video key frame, or the first block of a cluster. */
export interface CueCandidate {
  track: number;
  /** Absolute timestamp in TimestampScale units. */
  time: number;
  /** Offset of the block element within the cluster's kept children. */
  offset: number;
}

export interface ScannedCluster {
  /** Cluster timestamp in TimestampScale units. */
  time: number;
  /** Source byte ranges [start, end, start, end, ...] of the children kept (blocks and block groups). */
  parts: number[];
  /** Total bytes of those children. */
  length: number;
  keyframes: CueCandidate[];
  first: CueCandidate;
}

export interface ScanResult {
  /** Source range of the EBML header element, copied as is. */
  header: [number, number];
  /** The Info children to keep (all but Duration and CRC-32), raw. */
  infoChildren: Buffer[];
  timestampScale: number;
  /** Source range of the Tracks element, copied as is. */
  tracksRange: [number, number];
  tracks: TrackInfo[];
  /** Other top-level elements kept as they are (Tags, Chapters, Attachments). */
  extras: Array<[number, number]>;
  clusters: ScannedCluster[];
  blocks: number;
  /** Earliest cluster or block timestamp, and the estimated end of the last frame (TimestampScale units). */
  firstTime: number;
  endTime: number;
  /** Bytes at the end of the file left out: a cut or unreadable tail. */
  droppedBytes: number;
}

interface TrackTiming {
  last?: number;
  delta?: number;
  lastDuration?: number;
}

/** Reads the whole file once (bounded memory) and records what the rewrite needs. */
export async function scanWebm(reader: FileReader): Promise<ScanResult> {
  if (reader.size === 0) throw new NoMediaError('the recording is empty (0 bytes)');
  const first = await reader.header();
  if (typeof first === 'string' || first.id !== ID.EBML || first.size === undefined) {
    throw new WebmFinalizeError('INVALID_WEBM', 'not a WebM file: no EBML header at the start');
  }
  const headerPayload = await reader.bytes(first.size);
  if (headerPayload.length < first.size) throw new NoMediaError('the recording is cut inside its EBML header');
  const docType = readDocType(headerPayload);
  if (docType !== 'webm' && docType !== 'matroska') {
    throw new WebmFinalizeError('INVALID_WEBM', `not a WebM file: DocType is ${JSON.stringify(docType)}`);
  }

  let segment: ElementHeader | undefined;
  for (;;) {
    const h = await reader.header();
    if (typeof h === 'string') throw new NoMediaError('the recording has no Segment (no media)');
    if (h.id === ID.Segment) {
      segment = h;
      break;
    }
    if (h.size === undefined) throw new WebmFinalizeError('INVALID_WEBM', 'unknown-size element before the Segment');
    reader.pos = h.dataStart + h.size;
  }

  const scan = new Scan(reader, [first.start, first.dataStart + first.size]);
  await scan.segment(segment);
  return scan.result();
}

function readDocType(payload: Buffer): string | undefined {
  try {
    for (const child of children(payload)) if (child.id === ID.DocType) return child.data.toString('latin1').replace(/\0+$/, '');
  } catch {
    return undefined;
  }
  return 'matroska'; // DocType's default
}

class Scan {
  private infoChildren: Buffer[] | undefined;
  private timestampScale = 1_000_000;
  private tracksRange: [number, number] | undefined;
  private tracks: TrackInfo[] = [];
  private videoTracks = new Set<number>();
  private readonly extras: Array<[number, number]> = [];
  private readonly clusters: ScannedCluster[] = [];
  private readonly timing = new Map<number, TrackTiming>();
  private blocks = 0;
  private firstTime = Infinity;
  /** Where reading stopped because the data was cut or unreadable. */
  private stoppedAt: number | undefined;

  constructor(
    private readonly reader: FileReader,
    private readonly header: [number, number],
  ) {}

  async segment(segment: ElementHeader): Promise<void> {
    const reader = this.reader;
    let end = segment.size === undefined ? reader.size : Math.min(reader.size, segment.dataStart + segment.size);
    for (;;) {
      if (reader.pos >= end) {
        // A segment size written too small (some writers patch it) with clusters after it: keep reading.
        if (end >= reader.size) return;
        const next = await reader.header();
        if (typeof next === 'string' || next.id !== ID.Cluster) return;
        reader.pos = next.start;
        end = reader.size;
      }
      const h = await reader.header();
      if (h === 'eof') return;
      if (typeof h === 'string') return this.stop(reader.pos);
      if (h.id === ID.EBML || h.id === ID.Segment) return; // a second file glued after this one
      const known = h.size !== undefined;
      const elementEnd = known ? h.dataStart + h.size! : undefined;
      if (h.id === ID.Cluster) {
        if (!this.tracksRange) throw new WebmFinalizeError('INVALID_WEBM', 'a Cluster comes before the Tracks');
        if (!(await this.cluster(h, Math.min(elementEnd ?? reader.size, end)))) return;
        continue;
      }
      if (!known) return this.stop(h.start); // cannot skip an unknown-size element that is not a cluster
      if (elementEnd! > reader.size) return this.stop(h.start);
      if (h.id === ID.Info || h.id === ID.Tracks) {
        if (h.size! > MAX_HEADER_ELEMENT) throw new WebmFinalizeError('INVALID_WEBM', `oversized ${h.id === ID.Info ? 'Info' : 'Tracks'}`);
        const payload = await reader.bytes(h.size!);
        if (h.id === ID.Info) this.info(payload);
        else this.readTracks(payload, [h.start, elementEnd!]);
      } else if (h.id === ID.Tags || h.id === ID.Chapters || h.id === ID.Attachments) {
        this.extras.push([h.start, elementEnd!]);
      }
      // SeekHead, Cues, Void, CRC-32 and unknown elements are dropped: the rewrite makes its own.
      reader.pos = elementEnd!;
    }
  }

  private stop(at: number): void {
    this.stoppedAt = at;
  }

  private info(payload: Buffer): void {
    if (this.infoChildren) return; // only the first Info counts
    const kept: Buffer[] = [];
    try {
      for (const child of children(payload)) {
        if (child.id === ID.Duration || child.id === ID.CRC32 || child.id === ID.Void) continue;
        if (child.id === ID.TimestampScale) this.timestampScale = decodeUint(child.data) || 1_000_000;
        kept.push(Buffer.from(child.raw));
      }
    } catch (error) {
      throw new WebmFinalizeError('INVALID_WEBM', `unreadable Info: ${(error as Error).message}`);
    }
    this.infoChildren = kept;
  }

  private readTracks(payload: Buffer, range: [number, number]): void {
    if (this.tracksRange) return;
    try {
      for (const entry of children(payload)) {
        if (entry.id !== ID.TrackEntry) continue;
        const track: TrackInfo = { number: 0, type: 0, codecId: '' };
        for (const field of children(entry.data)) {
          if (field.id === ID.TrackNumber) track.number = decodeUint(field.data);
          else if (field.id === ID.TrackType) track.type = decodeUint(field.data);
          else if (field.id === ID.CodecID) track.codecId = field.data.toString('latin1');
          else if (field.id === ID.DefaultDuration) track.defaultDurationNs = decodeUint(field.data);
        }
        if (track.number > 0) this.tracks.push(track);
      }
    } catch (error) {
      throw new WebmFinalizeError('INVALID_WEBM', `unreadable Tracks: ${(error as Error).message}`);
    }
    if (this.tracks.length === 0) throw new NoMediaError('the recording has no track (no media)');
    this.tracksRange = range;
    for (const t of this.tracks) if (t.type === TRACK_VIDEO) this.videoTracks.add(t.number);
  }

  /**
   * Reads one cluster up to `end` (its own end, or where the data ends for an unknown-size one).
   * Returns false when reading must stop (data cut or unreadable); complete blocks before that are kept.
   */
  private async cluster(cluster: ElementHeader, end: number): Promise<boolean> {
    const reader = this.reader;
    const unknownSize = cluster.size === undefined;
    let time: number | undefined;
    const parts: number[] = [];
    let length = 0;
    const keyframes: CueCandidate[] = [];
    let first: CueCandidate | undefined;
    let untimed = false;
    let carryOn = true;
    const blocks: Array<{ track: number; relative: number; duration?: number }> = [];

    while (reader.pos < end) {
      const h = await reader.header();
      if (h === 'eof') break;
      if (typeof h === 'string') {
        this.stop(reader.pos);
        carryOn = false;
        break;
      }
      if (unknownSize && TOP_LEVEL.has(h.id)) {
        reader.pos = h.start; // the next top-level element ends this cluster
        break;
      }
      if (h.size === undefined || h.dataStart + h.size > end) {
        this.stop(h.start); // cut (or garbled) child: keep what came before it
        carryOn = false;
        break;
      }
      const childEnd = h.dataStart + h.size;
      if (h.id === ID.Timestamp) {
        time = decodeUint(await reader.bytes(h.size));
      } else if (h.id === ID.SimpleBlock || h.id === ID.BlockGroup) {
        const block = h.id === ID.SimpleBlock ? await this.simpleBlock(h) : await this.blockGroup(h);
        if (!block) {
          this.stop(h.start);
          carryOn = false;
          break;
        }
        if (time === undefined) untimed = true;
        else {
          const candidate = { track: block.track, time: time + block.relative, offset: length };
          first ??= candidate;
          if (block.key && this.videoTracks.has(block.track)) keyframes.push(candidate);
        }
        blocks.push(block);
        const last = parts.length - 1;
        if (last > 0 && parts[last] === h.start) parts[last] = childEnd;
        else parts.push(h.start, childEnd);
        length += childEnd - h.start;
      }
      reader.pos = childEnd;
    }

    if (time === undefined || untimed || !first) return carryOn; // no usable block (or blocks without a cluster timestamp)
    this.clusters.push({ time, parts, length, keyframes, first });
    this.firstTime = Math.min(this.firstTime, time);
    for (const block of blocks) {
      this.firstTime = Math.min(this.firstTime, time + block.relative);
      this.timeBlock(block.track, time + block.relative, block.duration);
    }
    this.blocks += blocks.length;
    return carryOn;
  }

  private timeBlock(track: number, at: number, duration: number | undefined): void {
    let t = this.timing.get(track);
    if (!t) this.timing.set(track, (t = {}));
    if (t.last !== undefined && at > t.last) t.delta = at - t.last;
    if (t.last === undefined || at >= t.last) {
      t.last = at;
      t.lastDuration = duration;
    }
  }

  /** Track, relative timestamp and key flag of a SimpleBlock (payload not read). */
  private async simpleBlock(h: ElementHeader): Promise<{ track: number; relative: number; key: boolean } | undefined> {
    const head = await this.reader.peek(Math.min(h.size!, 12));
    const parsed = blockHeader(head);
    return parsed && { ...parsed, key: (head[parsed.flagsAt] & 0x80) !== 0 };
  }

  /** A BlockGroup's Block header, duration, and whether it is a key frame (no ReferenceBlock). */
  private async blockGroup(
    group: ElementHeader,
  ): Promise<{ track: number; relative: number; key: boolean; duration?: number } | undefined> {
    const reader = this.reader;
    const end = group.dataStart + group.size!;
    let block: { track: number; relative: number } | undefined;
    let duration: number | undefined;
    let key = true;
    while (reader.pos < end) {
      const h = await reader.header();
      if (typeof h === 'string' || h.size === undefined || h.dataStart + h.size > end) return undefined;
      if (h.id === ID.Block) block = blockHeader(await reader.peek(Math.min(h.size, 12)));
      else if (h.id === ID.BlockDuration) duration = decodeUint(await reader.bytes(h.size));
      else if (h.id === ID.ReferenceBlock) key = false;
      reader.pos = h.dataStart + h.size;
    }
    return block && { ...block, key, duration };
  }

  private estimatedEnd(): number {
    let end = -Infinity;
    for (const [track, t] of this.timing) {
      if (t.last === undefined) continue;
      const info = this.tracks.find((x) => x.number === track);
      const byDefault = info?.defaultDurationNs ? info.defaultDurationNs / this.timestampScale : undefined;
      // The last frame lasts its own BlockDuration, else the track's DefaultDuration, else the last gap seen
      // (capped at one second, as a gap after a pause says nothing about a frame).
      const frame = t.lastDuration ?? byDefault ?? Math.min(t.delta ?? 0, 1e9 / this.timestampScale);
      end = Math.max(end, t.last + frame);
    }
    return end;
  }

  result(): ScanResult {
    if (this.blocks === 0 || !this.tracksRange) {
      throw new NoMediaError(this.tracksRange ? 'the recording holds no media block' : 'the recording has no Tracks (no media)');
    }
    return {
      header: this.header,
      infoChildren: this.infoChildren ?? [],
      timestampScale: this.timestampScale,
      tracksRange: this.tracksRange,
      tracks: this.tracks,
      extras: this.extras,
      clusters: this.clusters,
      blocks: this.blocks,
      firstTime: this.firstTime,
      endTime: this.estimatedEnd(),
      droppedBytes: this.stoppedAt === undefined ? 0 : this.reader.size - this.stoppedAt,
    };
  }
}

/** Track number, signed 16-bit relative timestamp, and where the flags byte is, from a block's first bytes. */
function blockHeader(head: Buffer): { track: number; relative: number; flagsAt: number } | undefined {
  const track = decodeSize(head, 0, head.length);
  if (typeof track !== 'object' || track.size === undefined || head.length < track.length + 3) return undefined;
  return { track: track.size, relative: head.readInt16BE(track.length), flagsAt: track.length + 2 };
}
