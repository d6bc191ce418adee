/** The Kurento class hierarchy this server knows, as `describe` reports it (kms-core / kms-elements .kmd). */
export interface TypeInfo {
  /** Short name, e.g. `WebRtcEndpoint`. */
  type: string;
  /** Ancestors, nearest first, qualified (`kurento.MediaElement`). */
  hierarchy: string[];
  /** Events a client may subscribe to on objects of this type (own and inherited). */
  events: string[];
}

const OBJECT_EVENTS = ['Error'];
const ELEMENT_EVENTS = [...OBJECT_EVENTS, 'ElementConnected', 'ElementDisconnected',
  'MediaFlowOutStateChanged', 'MediaFlowInStateChanged', 'MediaTranscodingStateChanged'];
const SESSION_EVENTS = [...ELEMENT_EVENTS, 'MediaSessionTerminated', 'MediaSessionStarted'];
const BASE_RTP_EVENTS = [...SESSION_EVENTS, 'MediaStateChanged', 'ConnectionStateChanged'];
const URI_EVENTS = [...ELEMENT_EVENTS, 'UriEndpointStateChanged'];

const q = (names: string[]) => names.map((n) => `kurento.${n}`);

export const TYPES: Record<string, TypeInfo> = {
  ServerManager: { type: 'ServerManager', hierarchy: q(['MediaObject']),
    events: [...OBJECT_EVENTS, 'ObjectCreated', 'ObjectDestroyed'] },
  MediaPipeline: { type: 'MediaPipeline', hierarchy: q(['MediaObject']), events: OBJECT_EVENTS },
  PassThrough: { type: 'PassThrough', hierarchy: q(['MediaElement', 'MediaObject']), events: ELEMENT_EVENTS },
  WebRtcEndpoint: {
    type: 'WebRtcEndpoint',
    hierarchy: q(['BaseRtpEndpoint', 'SdpEndpoint', 'SessionEndpoint', 'Endpoint', 'MediaElement', 'MediaObject']),
    events: [...BASE_RTP_EVENTS, 'IceCandidateFound', 'IceGatheringDone', 'IceComponentStateChanged',
      'DtlsConnectionStateChange', 'DataChannelOpened', 'DataChannelClosed', 'NewCandidatePairSelected'],
  },
  RecorderEndpoint: { type: 'RecorderEndpoint', hierarchy: q(['UriEndpoint', 'Endpoint', 'MediaElement', 'MediaObject']),
    events: [...URI_EVENTS, 'Recording', 'Paused', 'Stopped'] },
  PlayerEndpoint: { type: 'PlayerEndpoint', hierarchy: q(['UriEndpoint', 'Endpoint', 'MediaElement', 'MediaObject']),
    events: [...URI_EVENTS, 'EndOfStream'] },
};

/** Accepts `WebRtcEndpoint` and `kurento.WebRtcEndpoint`. */
export function typeInfo(name: string): TypeInfo | undefined {
  const short = name.startsWith('kurento.') ? name.slice('kurento.'.length) : name;
  return Object.prototype.hasOwnProperty.call(TYPES, short) ? TYPES[short] : undefined;
}
