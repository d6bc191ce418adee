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
