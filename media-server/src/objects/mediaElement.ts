import { KurentoError } from '../rpc/errors';
import { FlowMonitor } from '../media/flowMonitor';
import { KINDS, MediaInput, MediaKind, MediaOutput } from '../media/stream';
import type { RtpPacket } from 'werift';
import type { CodecInfo } from '../media/stream';
import { MediaObject, ObjectHost, Params, optionalStr } from './mediaObject';
import { TypeInfo } from './types';

export interface ElementHost extends ObjectHost {
  /** Finds a live object by id or answers MEDIA_OBJECT_NOT_FOUND. */
  lookup(id: string): MediaObject;
}

const MEDIA_TYPES: Record<string, MediaKind[]> = { AUDIO: ['audio'], VIDEO: ['video'], DATA: [] };

function kindsOf(mediaType: unknown): MediaKind[] {
  if (mediaType === undefined || mediaType === null) return KINDS;
  const kinds = typeof mediaType === 'string' ? MEDIA_TYPES[mediaType] : undefined;
  if (!kinds) throw new KurentoError('MEDIA_OBJECT_ILLEGAL_PARAM_ERROR', `Invalid mediaType '${String(mediaType)}'`);
  return kinds;
}

const upper = (kind: MediaKind) => (kind === 'audio' ? 'AUDIO' : 'VIDEO');

/**
 * A MediaElement: an audio and a video output (source pads) and an audio and a video input
 * (sink pads). `connect(sink)` attaches this element's outputs to the sink's inputs.
 */
export abstract class MediaElement extends MediaObject {
  readonly outputs: Record<MediaKind, MediaOutput>;
  readonly inputs: Record<MediaKind, MediaInput>;
  protected readonly flow: FlowMonitor;
  private encoderBitrate = 300000;
  private minEncoderBitrate = 0;
  private maxEncoderBitrate = 0;

  protected constructor(id: string, info: TypeInfo, protected override readonly host: ElementHost, parent: MediaObject) {
    super(id, info, host, parent);
    this.outputs = { audio: new MediaOutput('audio', id), video: new MediaOutput('video', id) };
    this.inputs = {
      audio: new MediaInput('audio', id, (p, c) => this.onInput('audio', p, c), () => this.canDeliver()),
      video: new MediaInput('video', id, (p, c) => this.onInput('video', p, c), () => this.canDeliver()),
    };
    this.flow = new FlowMonitor(
      () => [...KINDS.map((k) => ({ pad: this.inputs[k], direction: 'in' as const })),
        ...KINDS.map((k) => ({ pad: this.outputs[k], direction: 'out' as const }))],
      (direction, pad, state) => this.emitEvent(direction === 'in' ? 'MediaFlowInStateChanged' : 'MediaFlowOutStateChanged',
        { state, padName: 'default', mediaType: upper(pad.kind) }),
    );
    this.flow.start();
    this.define({
      connect: (p) => this.connectTo(this.sinkOf(p), kindsOf(p.mediaType), p),
      disconnect: (p) => this.disconnectFrom(this.sinkOf(p), kindsOf(p.mediaType), p),
      getSourceConnections: (p) => this.connections('source', p),
      getSinkConnections: (p) => this.connections('sink', p),
      isMediaFlowingIn: (p) => kindsOf(p.mediaType).some((k) => this.flow.isFlowing(this.inputs[k])),
      isMediaFlowingOut: (p) => kindsOf(p.mediaType).some((k) => this.flow.isFlowing(this.outputs[k])),
      isMediaTranscoding: () => false,
      getEncoderBitrate: () => this.encoderBitrate,
      setEncoderBitrate: (p) => { this.encoderBitrate = Number(p.encoderBitrate); },
      getMinEncoderBitrate: () => this.minEncoderBitrate,
      setMinEncoderBitrate: (p) => { this.minEncoderBitrate = Number(p.minEncoderBitrate); },
      getMaxEncoderBitrate: () => this.maxEncoderBitrate,
      setMaxEncoderBitrate: (p) => { this.maxEncoderBitrate = Number(p.maxEncoderBitrate); },
      setAudioFormat: () => { throw notImplemented('setAudioFormat (no transcoding)'); },
      setVideoFormat: () => { throw notImplemented('setVideoFormat (no transcoding)'); },
      getGstreamerDot: () => { throw notImplemented('getGstreamerDot (no GStreamer)'); },
      dumpGstreamerDot: () => { throw notImplemented('dumpGstreamerDot (no GStreamer)'); },
      getStats: () => { throw notImplemented('getStats'); },
    });
  }

  /** Media arriving on an input; subclasses decide what to do with it. */
  protected abstract onInput(kind: MediaKind, packet: RtpPacket, codec: CodecInfo): void;

  /** Whether media entering this element can reach its destination now (see MediaInput's `ready`). */
  protected canDeliver(): boolean {
    return true;
  }

  private sinkOf(params: Params): MediaElement {
    const id = optionalStr(params, 'sink');
    if (!id) throw new KurentoError('MEDIA_OBJECT_ILLEGAL_PARAM_ERROR', "Parameter 'sink' is required");
    const sink = this.host.lookup(id);
    if (!(sink instanceof MediaElement)) {
      throw new KurentoError('MEDIA_OBJECT_ILLEGAL_PARAM_ERROR', `'${id}' is not a MediaElement`);
    }
    if (sink.pipelineId() !== this.pipelineId()) {
      throw new KurentoError('CONNECT_ERROR', 'Cannot connect elements of different pipelines');
    }
    return sink;
  }

  connectTo(sink: MediaElement, kinds: MediaKind[], p: Params = {}): void {
    for (const kind of kinds) {
      sink.inputs[kind].attach(this.outputs[kind]);
      this.emitEvent('ElementConnected', { sink: sink.id, mediaType: upper(kind),
        sourceMediaDescription: p.sourceMediaDescription ?? '', sinkMediaDescription: p.sinkMediaDescription ?? '' });
    }
  }

  disconnectFrom(sink: MediaElement, kinds: MediaKind[], p: Params = {}): void {
    for (const kind of kinds) {
      if (sink.inputs[kind].source !== this.outputs[kind]) continue;
      sink.inputs[kind].detach();
      this.emitEvent('ElementDisconnected', { sink: sink.id, mediaType: upper(kind),
        sourceMediaDescription: p.sourceMediaDescription ?? '', sinkMediaDescription: p.sinkMediaDescription ?? '' });
    }
  }

  private connections(side: 'source' | 'sink', params: Params): unknown[] {
    const kinds = kindsOf(params.mediaType);
    const result: unknown[] = [];
    for (const kind of kinds) {
      const pairs = side === 'sink'
        ? [...this.outputs[kind].sinks].map((input) => [this.id, input.ownerId])
        : this.inputs[kind].source ? [[this.inputs[kind].source!.ownerId, this.id]] : [];
      for (const [source, sink] of pairs) {
        result.push({ __module__: 'kurento', __type__: 'ElementConnectionData', source, sink,
          type: upper(kind), sourceDescription: '', sinkDescription: '' });
      }
    }
    return result;
  }

  protected override async dispose(): Promise<void> {
    this.flow.stop();
    for (const kind of KINDS) {
      this.inputs[kind].detach();
      this.outputs[kind].disconnectAll();
    }
  }
}

export function notImplemented(what: string): KurentoError {
  return new KurentoError('NOT_IMPLEMENTED', `${what} is not implemented by the embedded media server`);
}
