import { MediaObject, ObjectHost } from './mediaObject';
import { notImplemented } from './mediaElement';
import { TYPES } from './types';

/** A container of media elements; releasing it releases them all. */
export class MediaPipeline extends MediaObject {
  private latencyStats = false;

  constructor(id: string, host: ObjectHost) {
    super(id, TYPES.MediaPipeline, host);
    this.define({
      getLatencyStats: () => this.latencyStats,
      setLatencyStats: (p) => { this.latencyStats = Boolean(p.latencyStats); },
      getGstreamerDot: () => { throw notImplemented('getGstreamerDot (no GStreamer)'); },
      dumpGstreamerDot: () => { throw notImplemented('dumpGstreamerDot (no GStreamer)'); },
    });
  }
}
