import { createHash, timingSafeEqual } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Duplex } from 'node:stream';

/** The WebSocket path of the Kurento protocol. */
export const RPC_PATH = '/kurento';
/**
 * The query parameter that carries the server's secret: the name kurento-client uses for its own
 * `access_token` option, so `kurento(url, { access_token })` and `ws://…/kurento?access_token=…` both work.
 */
export const SECRET_PARAM = 'access_token';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** True when `presented` equals `secret`, in time independent of where they differ (or of their lengths). */
export function secretMatches(presented: string | null, secret: string): boolean {
  if (presented === null) return false;
  return timingSafeEqual(digest(presented), digest(secret));
}

/**
 * Decides an HTTP upgrade before the WebSocket handshake: undefined to accept, or the HTTP status
 * to refuse with (400 another path, as before; 401 a missing or wrong secret when one is configured).
 */
export function refusal(request: IncomingMessage, secret: string | undefined): 400 | 401 | undefined {
  let url: URL;
  try {
    url = new URL(request.url ?? '/', 'http://media-server');
  } catch {
    return 400;
  }
  if (url.pathname !== RPC_PATH) return 400;
  if (secret !== undefined && !secretMatches(url.searchParams.get(SECRET_PARAM), secret)) return 401;
  return undefined;
}

/** Answers a refused upgrade with a plain HTTP response and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: 400 | 401): void {
  const reason = status === 401 ? 'Unauthorized' : 'Bad Request';
  socket.on('error', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
