import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { WebSocketServer } from 'ws';
import { MediaServerOptions, resolveConfig } from './config';
import { ELEMENT_FACTORIES } from './objects/factories';
import { ObjectRegistry } from './objects/registry';
import { RpcServer } from './rpc/server';
import { SessionManager } from './rpc/sessions';

export { MediaServerOptions, IceServer } from './config';
export { withoutImplicitStun } from './media/peer';

export interface MediaServer {
  /** ws://host:port/kurento */
  url: string;
  close(): Promise<void>;
  /** Live media objects (pipelines and elements), not counting the ServerManager. */
  objectCount(): number;
}

/** Starts a Kurento-protocol media server on werift; resolves once it listens. */
export async function startMediaServer(options: MediaServerOptions = {}): Promise<MediaServer> {
  const config = resolveConfig(options);
  config.recordingsDir = resolve(config.recordingsDir);
  mkdirSync(config.recordingsDir, { recursive: true });

  let sessions: SessionManager | undefined;
  const registry = new ObjectRegistry(config, ELEMENT_FACTORIES, () => sessions?.ids() ?? []);
  sessions = new SessionManager(registry, config.sessionGcMs);

  const http = createServer((_req, res) => { res.statusCode = 404; res.end(); });
  const wss = new WebSocketServer({ server: http, path: '/kurento' });
  const rpc = new RpcServer(wss, registry, sessions);

  await new Promise<void>((resolveListen, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolveListen());
  });
  const { port } = http.address() as AddressInfo;
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;

  let closing: Promise<void> | undefined;
  return {
    url: `ws://${hostForUrl}:${port}/kurento`,
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
