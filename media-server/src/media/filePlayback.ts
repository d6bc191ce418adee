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

/** Frames sent again to bring decoders from a key frame up to the current one go out this far apart. */
const CATCH_UP_FRAME_MS = 4;
/** A video frame due longer ago than this is caught up (paced, stamped as sent), not stamped in the past. */
const LATE_MS = 50;
const VERIFY = { verifyKeyPackets: true };

interface Track {
  kind: MediaKind;
  input: any;
  codec: CodecInfo;
  packetizer: { packetize(packet: unknown, rtpTimestamp: number): RtpPacket[] };
  rtpBase: number;
  /** The last RTP time sent (clock ticks, before rtpBase and wrapping): what follows is stamped after it. */
  lastStamp: number;
  /** When (performance.now()) the last packet was sent, to pace a catch-up. */
  lastSentAt: number;
  /** File time (s) of the last packet sent in this run. */
  lastTime?: number;
  /** A key-frame request: send again from the last key frame at or before `lastTime`. */
  restart: boolean;
  /** Ends the current wait early. */
  wake?: () => void;
}

/** A track the file has but that cannot be sent without transcoding (e.g. AAC audio). */
export interface SkippedTrack { kind: MediaKind; codec: string }

export interface VideoInfo { seekable: boolean; seekableInit: number; seekableEnd: number; duration: number }

/**
 * Plays a WebM/MP4 file as RTP in real time without transcoding: demuxed by mediabunny,
 * packetized by werift. Supports pause (keeps the position), seek, key-frame requests (the video
 * is sent again from its last key frame), and reports the end and the tracks it cannot send.
 */
export class FilePlayback {
  private tracks: Track[] = [];
  private input: any;
  private duration = 0;
  private abort?: AbortController;
  private startedAt = 0;
  private from = 0;
  private paused = 0;
  /** Tracks left out because their codec cannot be sent as it is (filled by open). */
  skipped: SkippedTrack[] = [];

  constructor(private readonly path: string, private readonly onPacket: (kind: MediaKind, packet: RtpPacket, codec: CodecInfo) => void) {}

  async open(): Promise<void> {
    this.input = new mediabunny.Input({ source: new mediabunny.FilePathSource(this.path), formats: mediabunny.ALL_FORMATS });
    const skipped: SkippedTrack[] = [];
    for (const inputTrack of await this.input.getTracks()) {
      const kind: MediaKind | undefined = inputTrack.isVideoTrack() ? 'video' : inputTrack.isAudioTrack() ? 'audio' : undefined;
      const sourceCodec = await inputTrack.getCodec();
      const spec = sourceCodec ? CODECS[sourceCodec] : undefined;
      if (!kind || this.tracks.some((t) => t.kind === kind)) continue;
      if (!spec) {
        skipped.push({ kind, codec: sourceCodec ?? 'an unknown codec' });
        continue;
      }
      const config = await inputTrack.getDecoderConfig();
      const codec = new RTCRtpCodecParameters(spec);
      this.tracks.push({ kind, input: inputTrack, codec: { ...spec },
        packetizer: createPacketizer({ codec, sourceCodec, decoderDescription: config?.description ?? null }),
        rtpBase: Math.floor(Math.random() * 0xffffffff), lastStamp: -Infinity, lastSentAt: 0, restart: false });
    }
    // A kind is missing only if no track of it is playable (a second, playable one is used instead).
    this.skipped = skipped.filter((s) => !this.tracks.some((t) => t.kind === s.kind));
    if (!this.tracks.length) {
      const found = this.skipped.map((s) => `${s.codec} ${s.kind}`).join(', ') || 'no audio or video';
      throw new Error(`no VP8/VP9/H.264/Opus track to play (${found})`);
    }
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
    for (const track of this.tracks) track.lastTime = undefined;
    const results = await Promise.all(this.tracks.map((t) => this.playTrack(t, abort.signal).catch(() => false)));
    if (this.abort === abort) {
      this.abort = undefined;
      this.paused = 0;
    }
    return !abort.signal.aborted && results.every(Boolean);
  }

  /**
   * A sink needs a key frame (it joined after the last one went out, or lost packets). Without
   * transcoding there is no key frame of the current picture, so the video is sent again from the
   * last key frame at or before the current frame, fast, until it is back where it was.
   */
  requestKeyframe(): void {
    const video = this.tracks.find((t) => t.kind === 'video');
    // Not playing, or the run's first frame (a key frame) has not gone out yet: nothing to do.
    if (!this.abort || video?.lastTime === undefined) return;
    video.restart = true;
    video.wake?.();
  }

  private async playTrack(track: Track, signal: AbortSignal): Promise<boolean> {
    const sink = new mediabunny.EncodedPacketSink(track.input);
    const video = track.kind === 'video';
    let start = (video ? await sink.getKeyPacket(this.from, VERIFY) : await sink.getPacket(this.from))
      ?? await sink.getFirstPacket();
    while (start && !signal.aborted) {
      track.restart = false;
      const outcome = await this.sendFrom(track, sink, start, signal);
      if (outcome !== 'restart') return outcome === 'end';
      start = await sink.getKeyPacket(track.lastTime ?? this.from, VERIFY) ?? await sink.getFirstPacket();
    }
    return !signal.aborted;
  }

  /**
   * Sends the track from `start` in real time. RTP time follows the wall clock (file time t is due
   * at startedAt + t - from, for every track alike, so audio and video stay in step across runs,
   * pauses and seeks) and only increases: a video frame already sent once (resent after a key-frame
   * request) or late is paced and stamped when it goes out, so the receiver decodes it at once.
   */
  private async sendFrom(track: Track, sink: any, start: unknown, signal: AbortSignal): Promise<'end' | 'aborted' | 'restart'> {
    const { clockRate } = track.codec;
    const runTicks = Math.round((this.startedAt / 1000 - this.from) * clockRate);
    for await (const packet of sink.packets(start, undefined, { verifyKeyPackets: track.kind === 'video' })) {
      if (signal.aborted) return 'aborted';
      if (track.restart) return 'restart';
      const due = this.startedAt + (packet.timestamp - this.from) * 1000;
      const dueStamp = runTicks + Math.round(packet.timestamp * clockRate);
      const catchUp = track.kind === 'video' && (dueStamp <= track.lastStamp || due < performance.now() - LATE_MS);
      await this.wait(track, (catchUp ? track.lastSentAt + CATCH_UP_FRAME_MS : due) - performance.now());
      if (signal.aborted) return 'aborted';
      if (track.restart) return 'restart';
      const now = performance.now();
      const stamp = Math.max(catchUp ? Math.round((now / 1000) * clockRate) : dueStamp, track.lastStamp + 1);
      track.lastStamp = stamp;
      track.lastSentAt = now;
      track.lastTime = packet.timestamp;
      for (const rtp of track.packetizer.packetize(packet, (track.rtpBase + stamp) >>> 0)) this.onPacket(track.kind, rtp, track.codec);
    }
    return 'end';
  }

  /** Waits `ms` unless a key-frame request (`track.wake`) ends the wait first. */
  private wait(track: Track, ms: number): Promise<void> {
    if (ms <= 1) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (track.wake === done) track.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      track.wake = done;
    });
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
