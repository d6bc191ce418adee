import { randomUUID } from 'node:crypto';
import { Params } from '../objects/mediaObject';
import { ObjectRegistry } from '../objects/registry';
import { KurentoError } from './errors';
import { Connection, SessionManager } from './sessions';

export interface RequestContext {
  connection: Connection;
  params: Params;
}

export type Result = Record<string, unknown>;
export type RpcHandler = (ctx: RequestContext) => Promise<Result>;

const SERVER_ID = randomUUID();

function objectIdOf(params: Params): string {
  if (typeof params.object !== 'string') {
    throw new KurentoError('INVALID_PARAMS', "Parameter 'object' is required");
  }
  return params.object;
}

/** The Kurento protocol methods, one handler each (kms ServerMethods). */
export function createHandlers(registry: ObjectRegistry, sessions: SessionManager): Record<string, RpcHandler> {
  const session = (ctx: RequestContext) => sessions.resolve(ctx.connection, ctx.params.sessionId);

  const handlers: Record<string, RpcHandler> = {
    async ping(ctx) {
      const sessionId = ctx.params.sessionId;
      return typeof sessionId === 'string' ? { value: 'pong', sessionId } : { value: 'pong' };
    },

    async connect(ctx) {
      const sessionId = ctx.params.sessionId;
      if (typeof sessionId === 'string' && sessionId) {
        const known = sessions.find(sessionId);
        if (!known) throw new KurentoError('INVALID_SESSION', `Invalid session '${sessionId}'`);
        sessions.bind(ctx.connection, known);
        return { sessionId, serverId: SERVER_ID };
      }
      const fresh = sessions.resolve(ctx.connection, randomUUID());
      return { sessionId: fresh.id, serverId: SERVER_ID };
    },

    async keepAlive(ctx) {
      const sessionId = String(ctx.params.sessionId ?? '');
      const known = sessions.find(sessionId);
      if (!known) throw new KurentoError('INVALID_SESSION', `Invalid session '${sessionId}'`);
      sessions.bind(ctx.connection, known);
      return { sessionId };
    },

    async describe(ctx) {
      const s = session(ctx);
      const object = registry.lookup(objectIdOf(ctx.params));
      sessions.ref(s, object);
      return { sessionId: s.id, type: object.type, qualifiedType: `kurento.${object.type}`,
        hierarchy: object.info.hierarchy };
    },

    async create(ctx) {
      const s = session(ctx);
      if (typeof ctx.params.type !== 'string') throw new KurentoError('INVALID_PARAMS', "Parameter 'type' is required");
      const constructorParams = (ctx.params.constructorParams ?? {}) as Params;
      const object = await registry.create(ctx.params.type, constructorParams);
      sessions.ref(s, object);
      return { value: object.id, sessionId: s.id };
    },

    async invoke(ctx) {
      const s = session(ctx);
      if (typeof ctx.params.operation !== 'string') {
        throw new KurentoError('INVALID_PARAMS', "Parameter 'operation' is required");
      }
      const object = registry.lookup(objectIdOf(ctx.params));
      const value = await object.invoke(ctx.params.operation, (ctx.params.operationParams ?? {}) as Params);
      return value === undefined ? { sessionId: s.id } : { value, sessionId: s.id };
    },

    async subscribe(ctx) {
      const s = session(ctx);
      const type = String(ctx.params.type ?? '');
      const object = registry.lookup(objectIdOf(ctx.params));
      if (!object.supportsEvent(type)) {
        throw new KurentoError('MEDIA_OBJECT_EVENT_NOT_SUPPORTED', `Event '${type}' not supported`);
      }
      return { value: sessions.subscribe(s, object, type), sessionId: s.id };
    },

    async unsubscribe(ctx) {
      const s = session(ctx);
      sessions.unsubscribe(s, String(ctx.params.subscription ?? ''));
      return { sessionId: s.id };
    },

    async release(ctx) {
      const s = session(ctx);
      const object = registry.lookup(objectIdOf(ctx.params));
      if (object === registry.serverManager) {
        throw new KurentoError('MEDIA_OBJECT_OPERATION_NOT_SUPPORTED', 'The ServerManager cannot be released');
      }
      await object.release();
      sessions.unref(s, object.id);
      return { sessionId: s.id };
    },

    async ref(ctx) {
      const s = session(ctx);
      sessions.ref(s, registry.lookup(objectIdOf(ctx.params)));
      return { sessionId: s.id };
    },

    async unref(ctx) {
      const s = session(ctx);
      const id = objectIdOf(ctx.params);
      registry.lookup(id);
      sessions.unref(s, id);
      return { sessionId: s.id };
    },

    async closeSession(ctx) {
      const sessionId = String(ctx.params.sessionId ?? '');
      const known = sessions.find(sessionId);
      if (!known) throw new KurentoError('INVALID_SESSION', `Invalid session '${sessionId}'`);
      await sessions.close(known, true, ctx.params.release === true);
      return { sessionId };
    },

    async transaction(ctx) {
      const s = session(ctx);
      const operations = ctx.params.operations;
      if (!Array.isArray(operations)) throw new KurentoError('MALFORMED_TRANSACTION', "'operations' must be an array");
      const responses: object[] = [];
      for (const [index, op] of operations.entries()) {
        const method = String(op?.method ?? '');
        const handler = method === 'transaction' ? undefined : handlers[method];
        try {
          const params = injectRefs({ ...(op?.params ?? {}), sessionId: s.id }, responses) as Params;
          if (!handler) throw new KurentoError('MALFORMED_TRANSACTION', `Method '${method}' not allowed in a transaction`);
          responses.push({ jsonrpc: '2.0', id: op?.id ?? index, result: await handler({ connection: ctx.connection, params }) });
        } catch (error) {
          const e = error instanceof KurentoError ? error : new KurentoError('UNEXPECTED_ERROR', String(error));
          responses.push({ jsonrpc: '2.0', id: op?.id ?? index, error: e.toJson() });
        }
      }
      return { value: responses, sessionId: s.id };
    },
  };
  return handlers;
}

/** Replaces `newref:N` strings with the value returned by operation N of the same transaction. */
function injectRefs(value: unknown, responses: object[]): unknown {
  if (typeof value === 'string' && value.startsWith('newref:')) {
    const response = responses[Number(value.slice('newref:'.length))] as { result?: { value?: unknown } } | undefined;
    if (!response?.result) throw new KurentoError('MALFORMED_TRANSACTION', `Result not found on request ${value}`);
    return response.result.value;
  }
  if (Array.isArray(value)) return value.map((v) => injectRefs(v, responses));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, injectRefs(v, responses)]));
  }
  return value;
}
