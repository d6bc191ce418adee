/** A handshake message as werift's DTLS socket hands it to its flight logic, reassembled. */
interface Handshake {
  msg_type: number;
  fragment: Buffer;
}

/** The parts of werift's DtlsServer / DtlsClient this guard uses. */
export interface DtlsEndpoint {
  connected: boolean;
  dtls: { flight?: number };
  onHandleHandshakes: (handshakes: Handshake[]) => Promise<void>;
}

const CLIENT_HELLO = 1;

/**
 * The cookie length of a DTLS ClientHello body (RFC 6347 4.2.1: version, random, session id, cookie),
 * or undefined when the body is too short to say.
 */
export function clientHelloCookieLength(body: Buffer): number | undefined {
  const sessionIdLength = body[34];
  if (sessionIdLength === undefined) return undefined;
  return body[35 + sessionIdLength];
}

/**
 * Makes a werift DTLS server ignore ClientHellos that belong to an earlier step of the handshake.
 *
 * werift answers every ClientHello without a cookie with a HelloVerifyRequest, and on the way draws a
 * new server random and a new ECDHE key pair and resets its flight to 2 — even when it has already sent
 * its ServerHello (flight 4) built from the old ones. A copy of the client's first ClientHello that is
 * handled after its second one (a retransmission that crossed the HelloVerifyRequest, arriving on
 * another ICE path or behind the copy catchEarlyDtls hands over) so leaves the server unable to verify
 * the client's Finished: it drops every retransmission of it and the handshake never completes (the
 * browser stays 'connecting'). Such a ClientHello is dropped instead; so is any ClientHello once the
 * handshake is complete (werift would start a renegotiation, which WebRTC never asks for). A
 * retransmitted ClientHello with the cookie before that still goes through: werift resends its flight 4.
 */
export function ignoreStaleClientHellos(endpoint: DtlsEndpoint, onDropped: () => void = () => undefined): void {
  const handle = endpoint.onHandleHandshakes;
  endpoint.onHandleHandshakes = (handshakes) => {
    const fresh = handshakes.filter((handshake) => {
      if (handshake.msg_type !== CLIENT_HELLO) return true;
      const stale = endpoint.connected || ((endpoint.dtls.flight ?? 0) >= 4 && clientHelloCookieLength(handshake.fragment) === 0)
        || (endpoint.dtls.flight ?? 0) > 4;
      if (stale) onDropped();
      return !stale;
    });
    return fresh.length ? handle(fresh) : Promise.resolve();
  };
}
