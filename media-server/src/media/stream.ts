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
 * A source pad: one kind of media leaving an element. Fans each packet out to the inputs
 * attached to it and carries key-frame requests upstream, rate-limited.
 */
export class MediaOutput {
  codec?: CodecInfo;
  readonly sinks = new Set<MediaInput>();
  /** Asks whatever feeds this output for a key frame (set by the owning element). */
  upstreamKeyframe: () => void = () => undefined;
  /** Counts packets written, for flow detection. */
  packets = 0;
  private lastKeyframeRequest = 0;

  constructor(readonly kind: MediaKind, readonly ownerId: string) {}

  write(packet: RtpPacket): void {
    this.packets++;
    const codec = this.codec;
    if (!codec) return;
    for (const sink of this.sinks) sink.receive(packet, codec);
  }

  requestKeyframe(): void {
    if (this.kind !== 'video') return;
    const now = Date.now();
    if (now - this.lastKeyframeRequest < KEYFRAME_MIN_INTERVAL_MS) return;
    this.lastKeyframeRequest = now;
    this.upstreamKeyframe();
  }

  /** Detaches every input fed by this output. */
  disconnectAll(): void {
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
  ) {}

  attach(output: MediaOutput): void {
    if (this.source === output) return;
    this.detach();
    this.source = output;
    output.sinks.add(this);
    output.requestKeyframe();
  }

  detach(): void {
    this.source?.sinks.delete(this);
    this.source = undefined;
  }

  receive(packet: RtpPacket, codec: CodecInfo): void {
    this.packets++;
    this.onPacket(packet, codec);
  }

  /** Asks the current source for a key frame (a sink's PLI/FIR going upstream). */
  requestKeyframe(): void {
    this.source?.requestKeyframe();
  }
}

export function sameCodec(a: CodecInfo, b: CodecInfo): boolean {
  return a.mimeType.toLowerCase() === b.mimeType.toLowerCase() && a.clockRate === b.clockRate;
}
