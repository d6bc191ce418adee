import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MediaStreamTrack, RTCRtpCodecParameters, RtpPacket } from 'werift';
import { MediaRecorder } from 'werift/nonstandard';
import { CodecInfo, MediaKind } from './stream';

/** A codec the WebM writer can store without transcoding. */
export function recordable(kind: MediaKind, codec: CodecInfo): boolean {
  const name = codec.mimeType.toLowerCase();
  return kind === 'audio' ? name === 'audio/opus' : ['video/vp8', 'video/vp9', 'video/h264'].includes(name);
}

/** Width/height from a VP8 key frame's payload header (RFC 7741 + RFC 6386 9.1), if it is one. */
export function vp8KeyframeSize(payload: Buffer): { width: number; height: number } | undefined {
  let offset = 1;
  const first = payload[0];
  const start = (first & 0x10) !== 0 && (first & 0x07) === 0;
  if (first & 0x80) {
    const ext = payload[offset++];
    if (ext & 0x80) offset += payload[offset] & 0x80 ? 2 : 1;
    if (ext & 0x40) offset += 1;
    if (ext & 0x30) offset += 1;
  }
  if (!start || payload.length < offset + 10 || (payload[offset] & 0x01) !== 0) return undefined;
  if (payload[offset + 3] !== 0x9d || payload[offset + 4] !== 0x01 || payload[offset + 5] !== 0x2a) return undefined;
  return { width: payload.readUInt16LE(offset + 6) & 0x3fff, height: payload.readUInt16LE(offset + 8) & 0x3fff };
}

/** Whether an RTP packet starts a key frame (VP8 or H.264), so a recording can begin there. */
export function startsKeyframe(codec: CodecInfo, payload: Buffer): boolean {
  const name = codec.mimeType.toLowerCase();
  if (name === 'video/vp8') return vp8KeyframeSize(payload) !== undefined;
  if (name === 'video/h264') {
    const type = payload[0] & 0x1f;
    if (type === 5 || type === 7) return true;
    if (type === 24) return (payload[3] & 0x1f) === 7 || (payload[3] & 0x1f) === 5;
    if (type === 28) return (payload[1] & 0x80) !== 0 && ((payload[1] & 0x1f) === 5 || (payload[1] & 0x1f) === 7);
    return false;
  }
  return true;
}

/**
 * One WebM file written by werift's recorder (cues and duration are written when it stops).
 * Packets are copied and their timestamps / sequence numbers shifted to hide pauses.
 */
export class WebmRecording {
  private readonly recorder: MediaRecorder;
  private readonly ready: Promise<void>;
  private started = false;
  private readonly queue: [MediaKind, RtpPacket][] = [];
  private readonly tracks = new Map<MediaKind, MediaStreamTrack>();
  private readonly shift = new Map<MediaKind, { ts: number; seq: number; lastTs?: number; lastSeq?: number; gap: boolean }>();

  constructor(path: string, codecs: Map<MediaKind, { codec: CodecInfo; payloadType: number }>, size?: { width: number; height: number }) {
    mkdirSync(dirname(path), { recursive: true });
    for (const [kind, { codec, payloadType }] of codecs) {
      const parameters = new RTCRtpCodecParameters({ mimeType: codec.mimeType, clockRate: codec.clockRate,
        channels: codec.channels, payloadType });
      this.tracks.set(kind, new MediaStreamTrack({ kind, codec: parameters }));
      this.shift.set(kind, { ts: 0, seq: 0, gap: false });
    }
    // Video first: werift numbers tracks in this order.
    const ordered = [...this.tracks.entries()].sort(([a], [b]) => (a === 'video' ? -1 : b === 'video' ? 1 : 0));
    const recorder = new MediaRecorder({ path, numOfTracks: ordered.length, width: size?.width, height: size?.height,
      disableNtp: true, disableLipSync: true });
    this.recorder = recorder;
    // The writer subscribes to the tracks only once it has started: hold packets until then.
    this.ready = (async () => {
      for (const [, track] of ordered) await recorder.addTrack(track);
      for (const [kind, packet] of this.queue.splice(0)) this.push(kind, packet);
      this.started = true;
    })();
  }



  get kinds(): MediaKind[] {
    return [...this.tracks.keys()];
  }

  write(kind: MediaKind, packet: RtpPacket): void {
    if (this.started) this.push(kind, packet);
    else this.queue.push([kind, packet.clone()]);
  }

  private push(kind: MediaKind, packet: RtpPacket): void {
    const track = this.tracks.get(kind);
    const shift = this.shift.get(kind);
    if (!track || !shift) return;
    const copy = packet.clone();
    const h = copy.header;
    if (copy.payload.length === 0) {
      // Padding only: a sender's bandwidth probe (Chromium sends them on the media SSRC, right after a
      // frame's last packet, when RTX is not negotiated). werift's video depacketizer gathers packets
      // up to a marker and fails on an empty one, dropping the whole next frame with it: marked, it is
      // a frame of its own, which it discards. Its sequence number stays, so nothing looks lost.
      if (kind === 'audio') return;
      h.marker = true;
    }
    // After a pause the source may have changed (a publisher coming back): its frames refer to
    // pictures the file does not have until its next key frame, so video resumes there.
    if (shift.gap && kind === 'video' && !startsKeyframe({ mimeType: track.codec!.mimeType, clockRate: track.codec!.clockRate }, copy.payload)) return;
    if (shift.gap && shift.lastTs !== undefined && shift.lastSeq !== undefined) {
      // First packet after a pause: continue right after the last written one.
      const frame = kind === 'video' ? 3000 : 960;
      shift.ts = (shift.lastTs + frame - h.timestamp) >>> 0;
      shift.seq = (shift.lastSeq + 1 - h.sequenceNumber) & 0xffff;
      shift.gap = false;
    }
    h.timestamp = (h.timestamp + shift.ts) >>> 0;
    h.sequenceNumber = (h.sequenceNumber + shift.seq) & 0xffff;
    h.payloadType = track.codec!.payloadType;
    shift.lastTs = h.timestamp;
    shift.lastSeq = h.sequenceNumber;
    track.onReceiveRtp.execute(copy);
  }

  /** Marks a pause: the next packets are joined to the last written ones (video from its next key frame). */
  pause(): void {
    for (const s of this.shift.values()) s.gap = true;
  }

  /** Finishes the file (cues, duration, segment size). */
  async finish(): Promise<void> {
    await this.ready;
    await this.recorder.stop();
  }
}
