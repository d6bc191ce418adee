/** The part of kurento-utils 7.3 (CommonJS, untyped) that core/media/media-peer.service.ts uses. */
declare module 'kurento-utils' {
  export interface WebRtcPeerOptions {
    /** Used as is (kurento-utils then ignores its own default, public, ICE servers). */
    peerConnection?: RTCPeerConnection;
    mediaConstraints?: MediaStreamConstraints;
    onicecandidate?: (candidate: RTCIceCandidate) => void;
    oncandidategatheringdone?: () => void;
  }

  export interface WebRtcPeer {
    readonly peerConnection: RTCPeerConnection;
    generateOffer(callback: (error: unknown, sdpOffer?: string) => void): void;
    processAnswer(sdpAnswer: string, callback?: (error?: unknown) => void): void;
    addIceCandidate(candidate: RTCIceCandidateInit, callback?: (error?: unknown) => void): void;
    getRemoteStream(index?: number): MediaStream | undefined;
    getLocalStream(index?: number): MediaStream | undefined;
    dispose(): void;
  }

  type WebRtcPeerFactory = new (options: WebRtcPeerOptions, callback: (error?: unknown) => void) => WebRtcPeer;

  export const WebRtcPeer: {
    WebRtcPeerRecvonly: WebRtcPeerFactory;
    WebRtcPeerSendonly: WebRtcPeerFactory;
    WebRtcPeerSendrecv: WebRtcPeerFactory;
  };
}
