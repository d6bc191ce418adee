import type { RtpPacket } from 'werift';
import { CodecInfo, KINDS, MediaKind } from '../media/stream';
import { ElementHost, MediaElement } from './mediaElement';
import { MediaObject } from './mediaObject';
import { TYPES } from './types';

/** Forwards its inputs to its outputs unchanged; key-frame requests go upstream. */
export class PassThrough extends MediaElement {
  constructor(id: string, host: ElementHost, pipeline: MediaObject) {
    super(id, TYPES.PassThrough, host, pipeline);
    for (const kind of KINDS) {
      this.outputs[kind].upstreamKeyframe = (urgent) => this.inputs[kind].requestKeyframe(urgent);
      this.outputs[kind].encodesKeyframes = () => this.inputs[kind].source?.makesKeyframes() ?? true;
    }
  }

  protected onInput(kind: MediaKind, packet: RtpPacket, codec: CodecInfo): void {
    const output = this.outputs[kind];
    output.codec = codec;
    output.write(packet);
  }
}
