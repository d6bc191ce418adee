import { IncomingMessage } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { Params } from '../objects/mediaObject';
import { ObjectRegistry } from '../objects/registry';
import { ErrorCode, toKurentoError } from './errors';
import { parseFrame } from './framing';
import { KeyedQueue } from './keyedQueue';
import { createHandlers, RpcHandler } from './methods';
import { Connection, SessionManager } from './sessions';

interface Request {
  jsonrpc?: string;
  id?: string | number | null;
  method?: unknown;
  params?: Params | null;
}

/** The object a request is about, so requests on one object run in order. */
function orderingKey(method: string, params: Params): string | undefined {
  if (method === 'create') {
    const pipeline = (params.constructorParams as Params | undefined)?.mediaPipeline;
    return typeof pipeline === 'string' ? pipeline : undefined;
  }
  return typeof params.object === 'string' ? params.object : undefined;
}

/**
 * JSON-RPC 2.0 over WebSocket at /kurento: parses each frame as one request (or several glued
 * together), dispatches each to the handler map, answers by id. Requests on the same object are
 * serialized.
 */
export class RpcServer {
  private readonly handlers: Record<string, RpcHandler>;
  private readonly queue = new KeyedQueue();
  private readonly sockets = new Set<WebSocket>();

  constructor(readonly wss: WebSocketServer, registry: ObjectRegistry, private readonly sessions: SessionManager) {
    this.handlers = createHandlers(registry, sessions);
    wss.on('connection', (socket, request) => this.accept(socket, request));
  }

  private accept(socket: WebSocket, request: IncomingMessage): void {
    this.sockets.add(socket);
    const connection: Connection = {
      label: `${request.socket.remoteAddress}:${request.socket.remotePort}`,
      send: (message) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
      },
    };
    socket.on('message', (data) => this.onMessage(connection, data.toString()));
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.sessions.connectionClosed(connection);
    });
    socket.on('error', () => socket.terminate());
  }

  /** One frame: one request, or several glued together (`{…}{…}`), each dispatched in order. */
  private onMessage(connection: Connection, text: string): void {
    const requests = parseFrame(text);
    if (!requests) {
      connection.send({ jsonrpc: '2.0', id: null,
        error: { code: ErrorCode.PARSE_ERROR, message: 'Parse error.', data: { type: 'PARSE_ERROR' } } });
      return;
    }
    for (const request of requests) void this.dispatch(connection, request as Request);
  }

  private async dispatch(connection: Connection, request: Request): Promise<void> {
    const id = request.id;
    const reply = (body: object) => { if (id !== undefined && id !== null) connection.send({ jsonrpc: '2.0', id, ...body }); };
    const method = typeof request.method === 'string' ? request.method : '';
    const handler = Object.prototype.hasOwnProperty.call(this.handlers, method) ? this.handlers[method] : undefined;
    if (!handler) {
      reply({ error: { code: ErrorCode.METHOD_NOT_FOUND, message: `Method '${method}' not found`,
        data: { type: 'METHOD_NOT_FOUND' } } });
      return;
    }
    const params = (request.params ?? {}) as Params;
    try {
      const result = await this.queue.run(orderingKey(method, params), () => handler({ connection, params }));
      reply({ result });
    } catch (error) {
      reply({ error: toKurentoError(error).toJson() });
    }
  }

  /** Closes every client socket (going-away), cutting those that do not finish closing in time. */
  async closeClients(graceMs = 1000): Promise<void> {
    const closing = [...this.sockets].map((socket) => new Promise<void>((resolve) => {
      if (socket.readyState === WebSocket.CLOSED) return resolve();
      const timer = setTimeout(() => { socket.terminate(); resolve(); }, graceMs);
      socket.once('close', () => { clearTimeout(timer); resolve(); });
      socket.close(1001, 'media server shutting down');
    }));
    await Promise.all(closing);
  }
}
