import kurento, { KurentoError, MediaElement, MediaPipeline, RecorderEndpoint, WebRtcEndpoint } from 'kurento-client';
import { AppError, ErrorCode } from '../shared/errors';

/** A browser or server ICE candidate, as RTCIceCandidateInit carries it. */
export interface IceCandidateInit {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
}

export const mediaError = (action: string, error: unknown) => new AppError(ErrorCode.MediaError,
  `The media server failed to ${action}: ${(error as KurentoError)?.message ?? String(error)}`);

const TIMEOUT_MS = 15_000;

/** Runs one callback-style kurento-client call; always settles (kurento's promises can swallow errors). */
export function invoke<T>(action: string, run: (callback: (error: KurentoError | null | undefined, result: T) => void) => void,
  timeoutMs = TIMEOUT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(mediaError(action, new Error(`no answer within ${timeoutMs} ms`))), timeoutMs);
    try {
      run((error, result) => {
        clearTimeout(timer);
        if (error) reject(mediaError(action, error));
        else resolve(result);
      });
    } catch (error) {
      clearTimeout(timer);
      reject(mediaError(action, error));
    }
  });
}

abstract class ElementHandle<T extends MediaElement> {
  constructor(protected readonly element: T) {}

  get id(): string {
    return this.element.id;
  }

  /** Feeds this element's media into `sink` (itself for a loopback). */
  connect(sink: ElementHandle<MediaElement>): Promise<void> {
    return invoke('connect media elements', (cb) => this.element.connect(sink.element, cb));
  }

  release(): Promise<void> {
    return invoke('release a media element', (cb) => this.element.release(cb));
  }
}

/** One browser peer connection on the media server. */
export class WebRtcEndpointHandle extends ElementHandle<WebRtcEndpoint> {
  /** Subscribe before processOffer: on loopback the connection can come up before a late subscription. */
  onIceCandidate(listener: (candidate: IceCandidateInit) => void): void {
    this.element.on('IceCandidateFound', (event) => {
      const { candidate, sdpMid, sdpMLineIndex } = event.candidate ?? {};
      if (typeof candidate === 'string') listener({ candidate, sdpMid: sdpMid ?? null, sdpMLineIndex: sdpMLineIndex ?? null });
    });
  }

  /** Media arriving from the browser started or stopped (any track). */
  onMediaFlowIn(listener: (flowing: boolean) => void): void {
    this.element.on('MediaFlowInStateChanged', (event) => listener(event.state === 'FLOWING'));
  }

  processOffer(offer: string): Promise<string> {
    return invoke('accept the SDP offer', (cb) => this.element.processOffer(offer, cb));
  }

  /** Asks the browser for a key frame now (PLI). */
  requestKeyframe(): Promise<void> {
    return invoke('request a key frame', (cb) => this.element.requestKeyframe(cb));
  }

  gatherCandidates(): Promise<void> {
    return invoke('gather ICE candidates', (cb) => this.element.gatherCandidates(cb));
  }

  addIceCandidate(candidate: IceCandidateInit): Promise<void> {
    const value = kurento.getComplexType('IceCandidate')({
      candidate: candidate.candidate,
      sdpMid: candidate.sdpMid ?? '',
      sdpMLineIndex: candidate.sdpMLineIndex ?? 0,
    });
    return invoke('add an ICE candidate', (cb) => this.element.addIceCandidate(value, cb));
  }
}

/** Writes what it is fed to a WebM file. */
export class RecorderHandle extends ElementHandle<RecorderEndpoint> {
  record(): Promise<void> {
    return invoke('start recording', (cb) => this.element.record(cb));
  }

  /** Stops writing until record() again; the file goes on without the time in between. */
  pause(): Promise<void> {
    return invoke('pause recording', (cb) => this.element.pause(cb));
  }

  /** Resolves once the file is complete on disk. */
  stopAndWait(): Promise<void> {
    return invoke('stop recording', (cb) => this.element.stopAndWait(cb));
  }
}

/** A media pipeline: owns every element created in it; releasing it releases them all. */
export class PipelineHandle {
  constructor(private readonly pipeline: MediaPipeline) {}

  get id(): string {
    return this.pipeline.id;
  }

  async createWebRtcEndpoint(): Promise<WebRtcEndpointHandle> {
    return new WebRtcEndpointHandle(await invoke('create a WebRTC endpoint', (cb) => this.pipeline.create('WebRtcEndpoint', cb)));
  }

  async createRecorder(uri: string): Promise<RecorderHandle> {
    return new RecorderHandle(await invoke('create a recorder',
      (cb) => this.pipeline.create('RecorderEndpoint', { uri, mediaProfile: 'WEBM' }, cb)));
  }

  release(): Promise<void> {
    return invoke('release a pipeline', (cb) => this.pipeline.release(cb));
  }
}
