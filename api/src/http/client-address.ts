import type { IncomingMessage } from 'node:http';

export type TrustFn = (address: string, hop: number) => boolean;

/**
 * The caller's address: the socket peer, or — while that peer is a trusted proxy — the next
 * address to the left in X-Forwarded-For (the same rule express applies to req.ip).
 */
export function clientAddress(request: IncomingMessage, trust: TrustFn): string {
  const forwarded = String(request.headers['x-forwarded-for'] ?? '')
    .split(',').map((part) => part.trim()).filter(Boolean).reverse();
  const chain = [request.socket.remoteAddress ?? 'unknown', ...forwarded];
  let hop = 0;
  while (hop < chain.length - 1 && trust(chain[hop], hop)) hop += 1;
  return chain[hop].replace(/^::ffff:/, '');
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The api's origin as this caller reaches it (for links it is handed, such as playback URLs):
 * PUBLIC_URL when configured, else the request's Host, with the scheme a trusted proxy reports.
 */
export function requestOrigin(request: IncomingMessage, trust: TrustFn, configured?: string): string {
  if (configured) return configured.replace(/\/+$/, '');
  const host = String(request.headers.host ?? '');
  const viaProxy = trust(request.socket.remoteAddress ?? '', 0);
  const forwardedProto = String(request.headers['x-forwarded-proto'] ?? '').split(',')[0].trim();
  const tls = (request.socket as { encrypted?: boolean }).encrypted === true;
  const scheme = viaProxy && (forwardedProto === 'https' || forwardedProto === 'http') ? forwardedProto : tls ? 'https' : 'http';
  return `${scheme}://${HOST.test(host) ? host : '127.0.0.1'}`;
}
