import { existsSync } from 'node:fs';
import type { RtpPacket } from 'werift';
import { ServerConfig } from '../config';
import { FilePlayback } from '../media/filePlayback';
import { CodecInfo, MediaKind } from '../media/stream';
import { KurentoError } from '../rpc/errors';
import { ElementHost, MediaElement } from './mediaElement';
import { MediaObject, num, Params, str } from './mediaObject';
import { TYPES } from './types';
import { confinedPathOf } from './uri';

type State = 'STOP' | 'START' | 'PAUSE';

/** Plays a WebM/MP4 file into the pipeline, as it is encoded (no transcoding). */
export class PlayerEndpoint extends MediaElement {
  private readonly playback: FilePlayback;
  private opened?: Promise<void>;
  private state: State = 'STOP';
  private run = 0;

  static validate(params: Params, config: ServerConfig): void {
    confinedPathOf(str(params, 'uri'), config, 'read');
  }

  constructor(id: string, host: ElementHost, pipeline: MediaObject, config: ServerConfig, params: Params) {
    super(id, TYPES.PlayerEndpoint, host, pipeline);
    const uri = str(params, 'uri');
    const path = confinedPathOf(uri, config, 'read');
    this.playback = new FilePlayback(path, (kind, packet, codec) => this.emitPacket(kind, packet, codec));
    // Sinks' key-frame requests (a viewer whose DTLS came up after the key frame went out, PLIs).
    this.outputs.video.upstreamKeyframe = () => this.playback.requestKeyframe();
    this.outputs.video.encodesKeyframes = () => false; // it replays the file from its last key frame
    this.define({
      play: () => this.play(path),
      pause: () => this.pause(),
      stop: () => this.stop(),
      getUri: () => uri,
      getState: () => this.state,
      getVideoInfo: async () => {
        await this.open(path);
        return { __module__: 'kurento', __type__: 'VideoInfo', ...this.playback.videoInfo };
      },
      getPosition: () => this.playback.position,
      setPosition: (p) => this.seek(path, num(p, 'position')),
      getElementGstreamerDot: () => { throw new KurentoError('NOT_IMPLEMENTED', 'No GStreamer here'); },
    });
  }

  private open(path: string): Promise<void> {
    if (!existsSync(path)) {
      return Promise.reject(new KurentoError('URI_PATH_FILE_NOT_FOUND', `File not found: ${path}`));
    }
    this.opened ??= this.playback.open().catch((error) => {
      this.opened = undefined;
      throw new KurentoError('UNSUPPORTED_MEDIA_TYPE', `Cannot play ${path}: ${(error as Error).message}`);
    });
    return this.opened;
  }

  private emitPacket(kind: MediaKind, packet: RtpPacket, codec: CodecInfo): void {
    const output = this.outputs[kind];
    output.codec = codec;
    output.write(packet);
  }

  private setState(state: State): void {
    if (state === this.state) return;
    this.state = state;
    this.emitEvent('UriEndpointStateChanged', { state });
  }

  private async play(path: string, fromMs?: number): Promise<void> {
    await this.open(path);
    if (this.playback.playing && fromMs === undefined) return;
    const run = ++this.run;
    if (this.state !== 'START') this.reportSkippedTracks(path);
    this.setState('START');
    void this.playback.play(fromMs === undefined ? undefined : fromMs / 1000).then((ended) => {
      if (!ended || run !== this.run || this.released) return;
      this.setState('STOP');
      this.emitEvent('EndOfStream');
    });
  }

  /** A track that cannot be sent (no transcoding) is an error event, as KMS reports media it cannot handle. */
  private reportSkippedTracks(path: string): void {
    for (const { kind, codec } of this.playback.skipped) {
      this.emitEvent('Error', { errorCode: 40005, type: 'UNSUPPORTED_MEDIA_TYPE',
        description: `The ${kind} track of ${path} is ${codec}, which cannot be sent over WebRTC without transcoding `
          + `(VP8/VP9/H.264 video and Opus audio can): playing without ${kind}` });
    }
  }

  private pause(): void {
    this.run++;
    this.playback.pause();
    this.setState('PAUSE');
  }

  private stop(): void {
    this.run++;
    this.playback.stop();
    this.setState('STOP');
  }

  private async seek(path: string, ms: number): Promise<void> {
    await this.open(path);
    const { duration } = this.playback.videoInfo;
    if (ms < 0 || ms > duration) throw new KurentoError('PLAYER_SEEK_FAIL', `Position ${ms} ms is outside 0..${duration}`);
    if (this.playback.playing) return this.play(path, ms);
    this.playback.seek(ms);
  }

  protected onInput(): void { /* a player has no inputs that matter */ }

  protected override async dispose(): Promise<void> {
    this.run++;
    this.playback.close();
    await super.dispose();
  }
}
