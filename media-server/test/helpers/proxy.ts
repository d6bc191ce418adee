import { createServer, Server, Socket, connect } from 'node:net';

/** A TCP relay between a client and the server, so a test can cut the network under a live socket. */
export interface Relay {
  port: number;
  /** Destroys every relayed connection (the client sees a dropped socket and reconnects). */
  dropConnections(): void;
  close(): Promise<void>;
}

export async function startRelay(targetPort: number, port = 0): Promise<Relay> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((inbound) => {
    const outbound = connect({ port: targetPort, host: '127.0.0.1' });
    sockets.add(inbound).add(outbound);
    inbound.pipe(outbound).pipe(inbound);
    const end = () => { inbound.destroy(); outbound.destroy(); sockets.delete(inbound); sockets.delete(outbound); };
    inbound.on('error', end).on('close', end);
    outbound.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    dropConnections() { for (const s of sockets) s.destroy(); },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
