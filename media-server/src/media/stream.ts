import type { RtpPacket } from 'werift';

export type MediaKind = 'audio' | 'video';
export const KINDS: MediaKind[] = ['audio', 'video'];

/** The codec a stream of RTP packets is encoded with (as negotiated at its origin). */
export interface CodecInfo {
  /** e.g. `video/VP8`, `audio/opus` */
  mimeType: string;
  clockRate: number;
  channels?: number;
  /** fmtp line, e.g. `packetization-mode=1;profile-level-id=42e01f` */
  parameters?: string;
}

const KEYFRAME_MIN_INTERVAL_MS = 500;
/**
 * libwebrtc's encoder acts on one key-frame request per 300 ms and drops any other that comes
 * sooner (EncoderRtcpFeedback); 20 ms more for the request's way there. Urgent requests to an
 * encoder keep this gap.
 */
export const ENCODER_MIN_GAP_MS = 320;

/**
 * A source pad: one kind of media leaving an element. Fans each packet out to the inputs
 * attached to it and carries key-frame requests upstream, rate-limited.
 */
export class MediaOutput {
  codec?: CodecInfo;
  readonly sinks = new Set<MediaInput>();
  /**
   * Asks whatever feeds this output for a key frame (set by the owning element). `urgent` is passed on
   * by elements that forward the request to a pad of their own (PassThrough), so it skips their source's
   * rate limit too.
   */
  upstreamKeyframe: (urgent: boolean) => void = () => undefined;
  /**
   * Whether a key-frame request makes the source encode a new key frame of the current picture (a
   * browser's encoder behind a WebRtcEndpoint: the default) rather than send older frames again (a
   * PlayerEndpoint replays from its file's last key frame). Set by the owning element; a PassThrough
   * asks its own source. Read it through makesKeyframes().
   */
  encodesKeyframes: () => boolean = () => true;
  /** Counts packets written, for flow detection. */
  packets = 0;
  private lastKeyframeRequest = -Infinity;
  /** The request waiting for its turn: when it goes, and whether it is urgent. */
  private pending?: { at: number; urgent: boolean; timer: NodeJS.Timeout };
  /** Guards against a loop of elements (PassThroughs connected in a ring) bringing a call back here. */
  private asking = false;
  private checking = false;

  constructor(readonly kind: MediaKind, readonly ownerId: string) {}

  write(packet: RtpPacket): void {
    this.packets++;
    const codec = this.codec;
    if (!codec) return;
    for (const sink of this.sinks) sink.receive(packet, codec);
  }

  /**
   * At most one request per interval; one arriving inside it is sent when the interval ends, and
   * further ones are folded into it. An urgent one (a sink that can only now receive what it asked
   * for) skips the interval; behind an encoder it keeps the encoder's own gap (ENCODER_MIN_GAP_MS):
   * sent inside that gap, the encoder would drop it and the sink would wait for the next request. A
   * source that replays its last key frame (a player) answers every request: it is asked at once.
   */
  requestKeyframe(urgent = false): void {
    if (this.kind !== 'video') return;
    const gap = !urgent ? KEYFRAME_MIN_INTERVAL_MS : this.makesKeyframes() ? ENCODER_MIN_GAP_MS : 0;
    const at = this.lastKeyframeRequest + gap;
    if (this.pending && this.pending.at <= at) {
      this.pending.urgent ||= urgent;
      return;
    }
    if (this.pending) clearTimeout(this.pending.timer);
    this.pending = undefined;
    const wait = at - Date.now();
    if (wait <= 0) return this.send(urgent);
    const timer = setTimeout(() => this.send(this.pending?.urgent ?? urgent), wait);
    timer.unref();
    this.pending = { at, urgent, timer };
  }

  private send(urgent: boolean): void {
    this.pending = undefined;
    this.lastKeyframeRequest = Date.now();
    this.upstream(urgent);
  }

  private upstream(urgent: boolean): void {
    if (this.asking) return; // a ring of elements, which has no source of its own
    this.asking = true;
    try {
      this.upstreamKeyframe(urgent);
    } finally {
      this.asking = false;
    }
  }

  /** encodesKeyframes(), false for a ring of elements (no source of its own). */
  makesKeyframes(): boolean {
    if (this.checking) return false;
    this.checking = true;
    try {
      return this.encodesKeyframes();
    } finally {
      this.checking = false;
    }
  }

  /** Detaches every input fed by this output. */
  disconnectAll(): void {
    if (this.pending) clearTimeout(this.pending.timer);
    this.pending = undefined;
    this.upstreamKeyframe = () => undefined;
    for (const sink of [...this.sinks]) sink.detach();
  }
}

/**
 * A sink pad: one kind of media entering an element. Fed by at most one output at a time
 * (connecting another source replaces the previous one, as in KMS).
 */
export class MediaInput {
  source?: MediaOutput;
  packets = 0;

  constructor(
    readonly kind: MediaKind,
    readonly ownerId: string,
    private readonly onPacket: (packet: RtpPacket, codec: CodecInfo) => void,
    /**
     * Whether what this input receives can reach its destination yet. A key frame asked for
     * before then is wasted, and encoders ignore a second request that follows it too closely
     * (libwebrtc: 300 ms), so the owner asks again itself when it becomes ready.
     */
    private readonly ready: () => boolean = () => true,
  ) {}

  attach(output: MediaOutput): void {
    if (this.source === output) return;
    this.detach();
    this.source = output;
    output.sinks.add(this);
    if (this.ready()) output.requestKeyframe();
  }

  detach(): void {
    this.source?.sinks.delete(this);
    this.source = undefined;
  }

  receive(packet: RtpPacket, codec: CodecInfo): void {
    this.packets++;
    this.onPacket(packet, codec);
  }

  /** Asks the current source for a key frame (a sink's PLI/FIR going upstream); `urgent` skips the rate limit. */
  requestKeyframe(urgent = false): void {
    this.source?.requestKeyframe(urgent);
  }
}

export function sameCodec(a: CodecInfo, b: CodecInfo): boolean {
  return a.mimeType.toLowerCase() === b.mimeType.toLowerCase() && a.clockRate === b.clockRate;
}
