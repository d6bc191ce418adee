import type { Server as HttpServer } from 'node:http';
import { WebSocketServer, WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Session } from '../auth/session-store';
import type { Services } from '../app/services';
import { clientAddress, requestOrigin, TrustFn } from '../http/client-address';
import { Topic } from '../pubsub/topics';
import { ErrorCode } from '../shared/errors';
import type { Context } from './context';
import { formatError } from './errors';
import { controlCharacterErrors } from './control-characters';
import { limitRules } from './limits';

/** Close codes the browser app acts on. */
export enum RealtimeCloseCode {
  /** The token in connectionParams is unknown, revoked or expired: sign in again. */
  Unauthorized = 4401,
  /** This account or address has as many connections open as it may: close one (another tab). */
  TooManyConnections = 4429,
  GoingAway = 1001,
}

interface ConnectionState {
  session?: Session;
  ip: string;
  baseUrl: string;
  /** Settles once presence has counted this connection (so the close can't overtake it). */
  counted?: Promise<void>;
  expiryTimer?: NodeJS.Timeout;
  /** Counted in the per-user connection count (released on close). */
  userSlot?: string;
}

/** Open connections per key (user, address), each up to a maximum. */
class ConnectionCounts {
  private readonly counts = new Map<string, number>();
  constructor(private readonly max: number) {}

  /** Takes a slot; false when the key has none left. */
  take(key: string): boolean {
    const count = this.counts.get(key) ?? 0;
    if (count >= this.max) return false;
    this.counts.set(key, count + 1);
    return true;
  }

  release(key: string) {
    const count = (this.counts.get(key) ?? 1) - 1;
    if (count > 0) this.counts.set(key, count);
    else this.counts.delete(key);
  }
}

type Extra = { socket: WebSocket; request: import('node:http').IncomingMessage; state?: ConnectionState };

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * graphql-ws on the api's HTTP server (same port and path as HTTP GraphQL). Authenticates the
 * token in connectionParams, counts presence per connection, closes connections whose session is
 * revoked or expires, and gives each operation a fresh entity manager.
 */
export function attachRealtime(httpServer: HttpServer, schema: GraphQLSchema, services: Services, trust: TrustFn) {
  const { logger } = services;
  const limits = services.config.realtime;
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: 1024 * 1024 });
  const perAddress = new ConnectionCounts(limits.maxConnectionsPerAddress);
  const perUser = new ConnectionCounts(limits.maxConnectionsPerUser);
  // Before graphql-ws sees the socket: an address over its share is closed at once, signed in or not.
  wss.on('connection', (socket, request) => {
    const ip = clientAddress(request, trust);
    if (!perAddress.take(ip)) {
      socket.close(RealtimeCloseCode.TooManyConnections, 'Too many connections from this address');
      return;
    }
    socket.once('close', () => perAddress.release(ip));
  });
  const byToken = new Map<string, Set<WebSocket>>();
  const closing = new Set<Promise<void>>();
  const reformat = (error: GraphQLError) => {
    const formatted = formatError(error.toJSON(), error, logger, services.config.graphqlIntrospection);
    return new GraphQLError(formatted.message, { path: error.path, nodes: error.nodes, extensions: formatted.extensions });
  };

  const revoked = services.pubsub.subscribe(Topic.SessionRevoked);
  void (async () => {
    for await (const { tokenHash } of revoked) {
      for (const socket of byToken.get(tokenHash) ?? []) socket.close(RealtimeCloseCode.Unauthorized, 'Session revoked');
    }
  })();

  const untrack = (state: ConnectionState, socket: WebSocket) => {
    clearTimeout(state.expiryTimer);
    if (state.userSlot) perUser.release(state.userSlot);
    const set = state.session && byToken.get(state.session.tokenHash);
    set?.delete(socket);
    if (set?.size === 0) byToken.delete(state.session!.tokenHash);
  };

  const rules = [...specifiedRules, ...limitRules(services.config.graphqlLimits),
    ...(services.config.graphqlIntrospection ? [] : [NoSchemaIntrospectionCustomRule])];
  const disposer = useServer<Record<string, unknown>, Extra>({
    schema,
    validate: (s, document) => validate(s, document, rules),
    // No control characters in any text, as over HTTP (see httpOperationRules).
    onSubscribe: (ctx, _id, payload) => {
      // graphql-ws lists the operations running on this connection, this one included.
      if (Object.keys(ctx.subscriptions).length > limits.maxSubscriptions) {
        return [new GraphQLError(`At most ${limits.maxSubscriptions} operations may run at once on one connection`, {
          extensions: { code: ErrorCode.TooManySubscriptions },
        })];
      }
      let document;
      try {
        document = parse(payload.query);
      } catch {
        return undefined; // graphql-ws reports the syntax error itself
      }
      const errors = controlCharacterErrors(document, payload.variables);
      return errors.length ? errors.map(reformat) : undefined;
    },
    context: (ctx): Context => ({
      em: services.orm.em.fork(),
      session: ctx.extra.state?.session,
      ip: ctx.extra.state?.ip ?? 'unknown',
      baseUrl: ctx.extra.state?.baseUrl ?? services.config.publicUrl,
      services,
    }),
    onConnect: async (ctx) => {
      const { socket, request } = ctx.extra;
      const state: ConnectionState = {
        ip: clientAddress(request, trust), baseUrl: requestOrigin(request, trust, services.config.fixedPublicUrl),
      };
      ctx.extra.state = state;
      const token = ctx.connectionParams?.authToken;
      if (token === undefined || token === null || token === '') return true; // anonymous: public data only
      try {
        state.session = await services.auth.authenticate(String(token));
      } catch {
        socket.close(RealtimeCloseCode.Unauthorized, 'Invalid or expired session token');
        return false;
      }
      const { session } = state;
      if (!perUser.take(session.userId)) {
        socket.close(RealtimeCloseCode.TooManyConnections, 'Too many connections for this account');
        return false;
      }
      state.userSlot = session.userId;
      if (!byToken.has(session.tokenHash)) byToken.set(session.tokenHash, new Set());
      byToken.get(session.tokenHash)!.add(socket);
      state.expiryTimer = setTimeout(() => socket.close(RealtimeCloseCode.Unauthorized, 'Session expired'),
        Math.min(MAX_TIMER_MS, Math.max(0, session.expiresAt - Date.now())));
      // Acknowledge only once counted, so "connected" means "listed online".
      state.counted = services.presence.connected(session.userId)
        .catch((error) => logger.error('presence update failed', { error }));
      await state.counted;
      return true;
    },
    onClose: (ctx) => {
      const state = ctx.extra.state;
      if (!state) return;
      untrack(state, ctx.extra.socket);
      if (!state.session || !state.counted) return;
      const userId = state.session.userId;
      const done = state.counted
        .then(() => services.presence.disconnected(userId))
        .catch((error) => logger.error('presence update failed', { error }))
        .finally(() => closing.delete(done));
      closing.add(done);
      return done;
    },
    onNext: (_ctx, _id, _payload, _args, result) => {
      const { errors } = result as ExecutionResult;
      return errors?.length ? { ...result, errors: errors.map(reformat) } : result;
    },
    onError: (_ctx, _id, _payload, errors) => errors.map(reformat),
  }, wss, 15_000);

  return {
    /** Closes every connection (1001), waits for their presence updates, stops the server. */
    async close() {
      await revoked.return?.();
      for (const socket of wss.clients) socket.close(RealtimeCloseCode.GoingAway, 'Server shutting down');
      await disposer.dispose();
      await Promise.allSettled([...closing]);
    },
  };
}

