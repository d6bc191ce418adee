import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { WebSocketServer } from 'ws';
import { MediaServerOptions, resolveConfig } from './config';
import { ELEMENT_FACTORIES } from './objects/factories';
import { ObjectRegistry } from './objects/registry';
import { refusal, refuseUpgrade, RPC_PATH, SECRET_PARAM } from './rpc/access';
import { RpcServer } from './rpc/server';
import { SessionManager } from './rpc/sessions';

export { MediaServerOptions, IceServer } from './config';
export { SECRET_PARAM } from './rpc/access';
export { withoutImplicitStun } from './media/peer';

export interface MediaServer {
  /** ws://host:port/kurento, with `?access_token=SECRET` when a secret is set: what a client connects to. */
  url: string;
  /** ws://host:port/kurento without the secret, for logs and messages. */
  publicUrl: string;
  close(): Promise<void>;
  /** Live media objects (pipelines and elements), not counting the ServerManager. */
  objectCount(): number;
}

/** Starts a Kurento-protocol media server on werift; resolves once it listens. */
export async function startMediaServer(options: MediaServerOptions = {}): Promise<MediaServer> {
  const config = resolveConfig(options);
  config.recordingsDir = resolve(config.recordingsDir);
  mkdirSync(config.recordingsDir, { recursive: true });
  config.playerDirs = config.playerDirs.map((dir) => resolve(dir));

  let sessions: SessionManager | undefined;
  const registry = new ObjectRegistry(config, ELEMENT_FACTORIES, () => sessions?.ids() ?? []);
  sessions = new SessionManager(registry, config.sessionGcMs);

  const http = createServer((_req, res) => { res.statusCode = 404; res.end(); });
  const wss = new WebSocketServer({ noServer: true });
  // Path and secret are checked before the WebSocket handshake: a refused client never gets a socket.
  http.on('upgrade', (request, socket, head) => {
    const status = refusal(request, config.secret);
    if (status) return refuseUpgrade(socket, status);
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });
  const rpc = new RpcServer(wss, registry, sessions);

  await new Promise<void>((resolveListen, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolveListen());
  });
  const { port } = http.address() as AddressInfo;
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;

  const publicUrl = `ws://${hostForUrl}:${port}${RPC_PATH}`;
  const url = config.secret === undefined ? publicUrl : `${publicUrl}?${SECRET_PARAM}=${encodeURIComponent(config.secret)}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    publicUrl,
    objectCount: () => registry.count(),
    close() {
      closing ??= (async () => {
        await rpc.closeClients();
        await new Promise<void>((r) => wss.close(() => r()));
        await new Promise<void>((r) => http.close(() => r()));
        await sessions!.closeAll();
        await registry.releaseAll();
      })();
      return closing;
    },
  };
}
