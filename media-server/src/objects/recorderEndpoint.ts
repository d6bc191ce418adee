import type { RtpPacket } from 'werift';
import { ServerConfig } from '../config';
import { KeyframeWatchdog } from '../media/keyframeWatchdog';
import { CodecInfo, KINDS, MediaKind } from '../media/stream';
import { recordable, startsKeyframe, vp8KeyframeSize, WebmRecording } from '../media/webmRecording';
import { KurentoError } from '../rpc/errors';
import { ElementHost, MediaElement } from './mediaElement';
import { MediaObject, Params, str } from './mediaObject';
import { TYPES } from './types';
import { confinedPathOf } from './uri';

const PROFILES: Record<string, MediaKind[]> = {
  WEBM: ['audio', 'video'], WEBM_VIDEO_ONLY: ['video'], WEBM_AUDIO_ONLY: ['audio'],
};
const KNOWN_PROFILES = ['MP4', 'MP4_VIDEO_ONLY', 'MP4_AUDIO_ONLY', 'JPEG_VIDEO_ONLY', 'KURENTO_SPLIT_RECORDER', 'FLV'];
/** How long record() waits for a kind that has no media yet before writing without it. */
const START_WAIT_MS = 3000;

type State = 'STOP' | 'START' | 'PAUSE';

/** Records its inputs to a WebM file without transcoding (werift's WebM writer). */
export class RecorderEndpoint extends MediaElement {
  private readonly path: string;
  private readonly kinds: MediaKind[];
  private state: State = 'STOP';
  private recording?: WebmRecording;
  private readonly seen = new Map<MediaKind, { codec: CodecInfo; payloadType: number }>();
  private size?: { width: number; height: number };
  private waitTimer?: NodeJS.Timeout;
  private finishing?: Promise<void>;
  /** Asks for a video key frame when none has been written for a while (config.recordingKeyframeIntervalMs). */
  private readonly keyframes: KeyframeWatchdog;
  /** Packets received since each kind's first usable one, written once the file opens. */
  private preroll: { kind: MediaKind; packet: RtpPacket }[] = [];

  static validate(params: Params, config: ServerConfig): void {
    confinedPathOf(str(params, 'uri'), config, 'write');
    const profile = String(params.mediaProfile ?? 'WEBM');
    if (PROFILES[profile]) return;
    if (KNOWN_PROFILES.includes(profile)) {
      throw new KurentoError('NOT_IMPLEMENTED', `Media profile ${profile} is not supported (WEBM, WEBM_VIDEO_ONLY, WEBM_AUDIO_ONLY are)`);
    }
    throw new KurentoError('MEDIA_OBJECT_ILLEGAL_PARAM_ERROR', `Unknown media profile '${profile}'`);
  }

  constructor(id: string, host: ElementHost, pipeline: MediaObject, config: ServerConfig, params: Params) {
    super(id, TYPES.RecorderEndpoint, host, pipeline);
    const uri = str(params, 'uri');
    this.path = confinedPathOf(uri, config, 'write');
    this.kinds = PROFILES[String(params.mediaProfile ?? 'WEBM')];
    // Only a source that encodes a new key frame is asked: a player would replay its file from the last
    // key frame into the recording each time.
    this.keyframes = new KeyframeWatchdog(this.kinds.includes('video') ? config.recordingKeyframeIntervalMs : 0, () => {
      if (this.inputs.video.source?.makesKeyframes()) this.inputs.video.requestKeyframe(true);
    });
    this.define({
      record: () => this.record(),
      pause: () => this.pause(),
      stop: () => { void this.stop(); },
      stopAndWait: () => this.stop(),
      getUri: () => uri,
      getState: () => this.state,
    });
  }

  private setState(state: State, event: 'Recording' | 'Paused' | 'Stopped'): void {
    this.state = state;
    this.emitEvent('UriEndpointStateChanged', { state });
    this.emitEvent(event);
  }

  private record(): void {
    if (this.finishing) throw new KurentoError('MEDIA_OBJECT_OPERATION_NOT_SUPPORTED', 'This recorder has been stopped');
    if (this.state === 'START') return;
    this.setState('START', 'Recording');
    if (this.kinds.includes('video') && (!this.recording || this.recording.kinds.includes('video'))) {
      this.inputs.video.requestKeyframe(true);
      this.keyframes.asked();
      this.keyframes.start();
      // Going on after a pause: video waits for a key frame (see WebmRecording), so it is asked for
      // until one comes (an encoder ignores a request too close to one it just answered).
      if (this.recording) this.keyframes.needNow();
    }
    if (!this.recording && !this.waitTimer) {
      this.waitTimer = setTimeout(() => this.begin(true), START_WAIT_MS);
      this.waitTimer.unref();
    }
  }

  private pause(): void {
    if (this.state !== 'START') return;
    this.recording?.pause();
    this.keyframes.stop();
    this.setState('PAUSE', 'Paused');
  }

  private stop(): Promise<void> {
    if (!this.finishing) {
      if (this.waitTimer) clearTimeout(this.waitTimer);
      this.keyframes.stop();
      const recording = this.recording;
      this.finishing = (async () => {
        await recording?.finish();
        this.setState('STOP', 'Stopped');
      })();
    }
    return this.finishing;
  }

  protected onInput(kind: MediaKind, packet: RtpPacket, codec: CodecInfo): void {
    if (this.state !== 'START' || !this.kinds.includes(kind)) return;
    const keyframe = kind === 'video' && startsKeyframe(codec, packet.payload);
    if (!this.recording) {
      if (!this.seen.has(kind)) {
        if (kind === 'video' && !keyframe) return;
        if (!recordable(kind, codec)) {
          this.emitEvent('Error', { errorCode: 40005, type: 'UNSUPPORTED_MEDIA_TYPE',
            description: `${codec.mimeType} cannot be written to WebM` });
          return;
        }
        if (kind === 'video') this.size = vp8KeyframeSize(packet.payload) ?? this.size;
        this.seen.set(kind, { codec, payloadType: packet.header.payloadType });
      }
      if (this.seen.has(kind)) {
        if (keyframe) this.keyframes.keyframe();
        this.preroll.push({ kind, packet: packet.clone() });
      }
      this.begin(false);
      return;
    }
    if (keyframe) this.keyframes.keyframe();
    this.recording.write(kind, packet);
  }

  /** Opens the file once every expected kind has media (or, after the wait, with what has). */
  private begin(timedOut: boolean): void {
    if (this.recording || this.finishing) return;
    const expected = this.kinds.filter((k) => this.inputs[k].source || !timedOut);
    const ready = expected.every((k) => this.seen.has(k));
    if (!ready && !timedOut) return;
    if (this.seen.size === 0) return;
    if (this.waitTimer) clearTimeout(this.waitTimer);
    this.waitTimer = undefined;
    const codecs = new Map([...this.seen].filter(([k]) => KINDS.includes(k)));
    this.recording = new WebmRecording(this.path, codecs, this.size);
    if (!codecs.has('video')) this.keyframes.stop(); // written without video (none came in time)
    for (const { kind, packet } of this.preroll.splice(0)) {
      if (codecs.has(kind)) this.recording.write(kind, packet);
    }
  }

  protected override async dispose(): Promise<void> {
    await super.dispose();
    await this.stop().catch(() => undefined);
  }
}
