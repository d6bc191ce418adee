import { createRequire } from 'node:module';
import { RTCRtpCodecParameters, RtpPacket } from 'werift';
import { CodecInfo, MediaKind } from './stream';

// mediabunny (the demuxer) and the packetizers come with werift; resolve them from werift itself.
const weriftMain = require.resolve('werift');
const fromWerift = createRequire(weriftMain);
/* eslint-disable @typescript-eslint/no-explicit-any */
const mediabunny: any = fromWerift('mediabunny');
const { createPacketizer } = fromWerift('./nonstandard/userMedia/packetizer') as {
  createPacketizer(o: { codec: RTCRtpCodecParameters; sourceCodec: string; decoderDescription?: unknown }):
    { packetize(packet: unknown, rtpTimestamp: number): RtpPacket[] };
};

const CODECS: Record<string, { mimeType: string; clockRate: number; channels?: number; payloadType: number; parameters?: string }> = {
  vp8: { mimeType: 'video/VP8', clockRate: 90000, payloadType: 96 },
  vp9: { mimeType: 'video/VP9', clockRate: 90000, payloadType: 98 },
  avc: { mimeType: 'video/H264', clockRate: 90000, payloadType: 102,
    parameters: 'level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f' },
  opus: { mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: 111 },
};

interface Track {
  kind: MediaKind;
  input: any;
  codec: CodecInfo;
  packetizer: { packetize(packet: unknown, rtpTimestamp: number): RtpPacket[] };
  rtpBase: number;
}

export interface VideoInfo { seekable: boolean; seekableInit: number; seekableEnd: number; duration: number }

/**
 * Plays a WebM/MP4 file as RTP in real time without transcoding: demuxed by mediabunny,
 * packetized by werift. Supports pause (keeps the position), seek, and reports the end.
 */
export class FilePlayback {
  private tracks: Track[] = [];
  private input: any;
  private duration = 0;
  private abort?: AbortController;
  private startedAt = 0;
  private from = 0;
  private paused = 0;

  constructor(private readonly path: string, private readonly onPacket: (kind: MediaKind, packet: RtpPacket, codec: CodecInfo) => void) {}

  async open(): Promise<void> {
    this.input = new mediabunny.Input({ source: new mediabunny.FilePathSource(this.path), formats: mediabunny.ALL_FORMATS });
    for (const inputTrack of await this.input.getTracks()) {
      const kind: MediaKind | undefined = inputTrack.isVideoTrack() ? 'video' : inputTrack.isAudioTrack() ? 'audio' : undefined;
      const sourceCodec = await inputTrack.getCodec();
      const spec = sourceCodec ? CODECS[sourceCodec] : undefined;
      if (!kind || !spec || this.tracks.some((t) => t.kind === kind)) continue;
      const config = await inputTrack.getDecoderConfig();
      const codec = new RTCRtpCodecParameters(spec);
      this.tracks.push({ kind, input: inputTrack, codec: { ...spec },
        packetizer: createPacketizer({ codec, sourceCodec, decoderDescription: config?.description ?? null }),
        rtpBase: Math.floor(Math.random() * 0xffffffff) });
    }
    if (!this.tracks.length) throw new Error('no VP8/VP9/H.264/Opus track to play');
    this.duration = await this.input.computeDuration();
  }

  get videoInfo(): VideoInfo {
    return { seekable: true, seekableInit: 0, seekableEnd: Math.round(this.duration * 1000),
      duration: Math.round(this.duration * 1000) };
  }

  /** Current position in ms. */
  get position(): number {
    return Math.round((this.abort ? this.from + (performance.now() - this.startedAt) / 1000 : this.paused) * 1000);
  }

  get playing(): boolean {
    return this.abort !== undefined;
  }

  /** Plays from `fromSec` (default: where it was paused); resolves true at the end of the file, false if interrupted. */
  async play(fromSec = this.paused): Promise<boolean> {
    this.halt();
    const abort = new AbortController();
    this.abort = abort;
    this.from = Math.min(fromSec, this.duration);
    this.startedAt = performance.now();
    const results = await Promise.all(this.tracks.map((t) => this.playTrack(t, abort.signal).catch(() => false)));
    if (this.abort === abort) {
      this.abort = undefined;
      this.paused = 0;
    }
    return !abort.signal.aborted && results.every(Boolean);
  }

  private async playTrack(track: Track, signal: AbortSignal): Promise<boolean> {
    const sink = new mediabunny.EncodedPacketSink(track.input);
    const first = (track.kind === 'video' ? await sink.getKeyPacket(this.from) : await sink.getPacket(this.from))
      ?? await sink.getFirstPacket();
    if (!first) return true;
    for await (const packet of sink.packets(first, undefined, { verifyKeyPackets: track.kind === 'video' })) {
      if (signal.aborted) return false;
      const dueMs = (packet.timestamp - this.from) * 1000 - (performance.now() - this.startedAt);
      if (dueMs > 1) await new Promise((r) => setTimeout(r, dueMs));
      if (signal.aborted) return false;
      const rtpTs = (track.rtpBase + Math.round(Math.max(0, packet.timestamp) * track.codec.clockRate)) >>> 0;
      for (const rtp of track.packetizer.packetize(packet, rtpTs)) this.onPacket(track.kind, rtp, track.codec);
    }
    return true;
  }

  /** Stops sending and remembers the position. */
  pause(): void {
    if (!this.abort) return;
    this.paused = this.position / 1000;
    this.halt();
  }

  /** Stops and rewinds to the start. */
  stop(): void {
    this.halt();
    this.paused = 0;
  }

  seek(ms: number): void {
    this.paused = Math.max(0, ms / 1000);
  }

  private halt(): void {
    this.abort?.abort();
    this.abort = undefined;
  }

  close(): void {
    this.halt();
    this.input?.dispose?.();
  }
}
