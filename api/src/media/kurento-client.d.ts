// The part of kurento-client (untyped JavaScript) the media gateway uses, callback style.
declare module 'kurento-client' {
  type Callback<T> = (error: KurentoError | null | undefined, result: T) => void;

  export interface KurentoError {
    code?: number;
    message?: string;
    data?: { type?: string };
  }

  export interface MediaObject {
    readonly id: string;
    release(callback: Callback<void>): void;
    on(event: string, listener: (event: Record<string, any>) => void): void;
  }

  export interface MediaElement extends MediaObject {
    connect(sink: MediaElement, callback: Callback<void>): void;
  }

  export interface IceCandidate {
    candidate: string;
    sdpMid?: string;
    sdpMLineIndex?: number;
  }

  export interface WebRtcEndpoint extends MediaElement {
    processOffer(offer: string, callback: Callback<string>): void;
    gatherCandidates(callback: Callback<void>): void;
    requestKeyframe(callback: Callback<void>): void;
    addIceCandidate(candidate: unknown, callback: Callback<void>): void;
  }

  export interface RecorderEndpoint extends MediaElement {
    record(callback: Callback<void>): void;
    pause(callback: Callback<void>): void;
    stopAndWait(callback: Callback<void>): void;
  }

  export interface MediaPipeline extends MediaObject {
    create(type: 'WebRtcEndpoint', callback: Callback<WebRtcEndpoint>): void;
    create(type: 'RecorderEndpoint', params: { uri: string; mediaProfile?: string }, callback: Callback<RecorderEndpoint>): void;
  }

  export interface ServerManager extends MediaObject {
    getInfo(callback: Callback<{ version: string; modules: unknown[]; type: string }>): void;
  }

  export interface KurentoClient {
    getServerManager(callback: Callback<ServerManager>): void;
    create(type: 'MediaPipeline', callback: Callback<MediaPipeline>): void;
    close(): void;
    on(event: 'reconnected', listener: (sameSession: boolean) => void): void;
    /** The reconnecting socket; it emits 'error' on every failed attempt (uncaught unless handled). */
    readonly _re?: { on(event: 'error' | 'connect' | 'disconnect', listener: (error: Error) => void): void; disconnect(): void };
  }

  interface KurentoOptions {
    socket?: { objectMode?: boolean };
    failAfter?: number;
    request_timeout?: number;
    response_timeout?: number;
    duplicates_timeout?: number;
    enableTransactions?: boolean;
  }

  function kurento(url: string, options: KurentoOptions, callback: (this: KurentoClient, ...args: Parameters<Callback<KurentoClient>>) => void): void;
  namespace kurento {
    function getComplexType(name: 'IceCandidate'): (value: IceCandidate) => unknown;
  }
  export default kurento;
}
