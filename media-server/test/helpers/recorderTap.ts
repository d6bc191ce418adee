import type { RtpPacket } from 'werift';
import type { CodecInfo, MediaKind } from '../../src/media/stream';
import { RecorderEndpoint } from '../../src/objects/recorderEndpoint';

/** A packet as it reached a RecorderEndpoint's input. */
export interface TappedPacket {
  kind: MediaKind;
  seq: number;
  timestamp: number;
  marker: boolean;
  payload: Buffer;
  /** The recorder was recording when it arrived (state START, not stopping). */
  recording: boolean;
}

type OnInput = (this: RecorderEndpoint, kind: MediaKind, packet: RtpPacket, codec: CodecInfo) => void;
interface RecorderInternals { onInput: OnInput; state: string; finishing?: Promise<void>; id: string }

/**
 * Test-only: sees every packet that reaches any RecorderEndpoint's inputs in this process (the media
 * server runs in the test process), keyed by the recorder's object id, before the recorder does
 * anything with it. Wraps RecorderEndpoint's `onInput`.
 */
export class RecorderTap {
  readonly packets = new Map<string, TappedPacket[]>();
  private original?: OnInput;

  install(): void {
    const proto = RecorderEndpoint.prototype as unknown as RecorderInternals;
    const original = proto.onInput;
    this.original = original;
    const packets = this.packets;
    proto.onInput = function (this: RecorderEndpoint, kind, packet, codec) {
      const self = this as unknown as RecorderInternals;
      const log = packets.get(self.id) ?? [];
      packets.set(self.id, log);
      const h = packet.header;
      log.push({ kind, seq: h.sequenceNumber, timestamp: h.timestamp, marker: h.marker, payload: Buffer.from(packet.payload),
        recording: self.state === 'START' && self.finishing === undefined });
      original.call(this, kind, packet, codec);
    };
  }

  uninstall(): void {
    if (this.original) (RecorderEndpoint.prototype as unknown as RecorderInternals).onInput = this.original;
    this.original = undefined;
  }

  /** What reached the recorder `id` while it was recording. */
  recorded(id: string): TappedPacket[] {
    return (this.packets.get(id) ?? []).filter((p) => p.recording);
  }
}

/** RFC 7741: whether a VP8 RTP payload starts a frame, and where the VP8 frame itself begins. */
function vp8Descriptor(payload: Buffer): { startsFrame: boolean; offset: number } {
  let offset = 1;
  if (payload[0] & 0x80) {
    const x = payload[offset++];
    if (x & 0x80) offset += payload[offset] & 0x80 ? 2 : 1;
    if (x & 0x40) offset++;
    if (x & 0x30) offset++;
  }
  return { startsFrame: (payload[0] & 0x10) !== 0 && (payload[0] & 0x07) === 0, offset };
}

/** Whether a VP8 RTP payload is the first packet of a key frame (RFC 6386 9.1: P bit 0 in the frame tag). */
export function startsVp8Keyframe(payload: Buffer): boolean {
  if (payload.length === 0) return false;
  const { startsFrame, offset } = vp8Descriptor(payload);
  return startsFrame && payload.length > offset && (payload[offset] & 0x01) === 0;
}

/**
 * The complete VP8 frames among the video packets that reached a recorder while it recorded, from the
 * first key frame on (a recording starts there): every sequence number from the frame's first packet
 * (which starts the frame) to its marker packet arrived. Padding-only packets (empty payload) are no
 * frame; they are counted apart.
 */
export function completeVp8Frames(packets: TappedPacket[]): { frames: number; incomplete: number; padding: number } {
  const video = packets.filter((p) => p.kind === 'video');
  const media = video.filter((p) => p.payload.length > 0);
  const first = media.findIndex((p) => startsVp8Keyframe(p.payload));
  if (first < 0) return { frames: 0, incomplete: 0, padding: 0 };
  const byTimestamp = new Map<number, Map<number, TappedPacket>>();
  for (const p of media.slice(first)) {
    const frame = byTimestamp.get(p.timestamp) ?? new Map<number, TappedPacket>();
    byTimestamp.set(p.timestamp, frame);
    frame.set(p.seq, p); // a retransmitted duplicate counts once
  }
  let frames = 0;
  for (const frame of byTimestamp.values()) {
    const list = [...frame.values()];
    const base = list[0].seq;
    list.sort((a, b) => ((a.seq - base) << 16 >> 16) - ((b.seq - base) << 16 >> 16));
    const contiguous = list.every((p, i) => i === 0 || p.seq === ((list[i - 1].seq + 1) & 0xffff));
    if (contiguous && vp8Descriptor(list[0].payload).startsFrame && list.at(-1)!.marker) frames++;
  }
  const start = video.indexOf(media[first]);
  return { frames, incomplete: byTimestamp.size - frames, padding: video.slice(start).filter((p) => p.payload.length === 0).length };
}
