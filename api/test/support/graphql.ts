import { createClient, Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GqlError {
  message: string;
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GqlResult<T = Record<string, any>> {
  data?: T | null;
  errors?: GqlError[];
}

/** POSTs an operation to /graphql like the browser app does. */
export async function gql<T = Record<string, any>>(
  baseUrl: string, query: string, variables: Record<string, unknown> = {}, token?: string, headers: Record<string, string> = {},
): Promise<GqlResult<T>> {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  return (await response.json()) as GqlResult<T>;
}

/** The single error code of a failed result (fails loudly when there is none). */
export function errorCode(result: GqlResult): string | undefined {
  if (!result.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(result.data)}`);
  return result.errors[0].extensions?.code;
}

export interface Realtime {
  client: Client;
  /** Resolves when the socket closes, with its close code. */
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves once the server acknowledged the connection (rejects if it closes first). */
  connected: Promise<void>;
  dispose(): Promise<void>;
  /** Kills the TCP connection without a close frame, as a crashed tab or a lost network does. */
  terminate(): void;
}

/** A graphql-ws connection that authenticates with connectionParams.authToken and never retries. */
export function realtime(baseUrl: string, token?: string): Realtime {
  let onClosed!: (value: { code: number; reason: string }) => void;
  let onConnected!: () => void;
  let onFailed!: (error: Error) => void;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => { onClosed = resolve; });
  const connected = new Promise<void>((resolve, reject) => { onConnected = resolve; onFailed = reject; });
  connected.catch(() => undefined);
  const sockets: WebSocket[] = [];
  class TrackedWebSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      sockets.push(this);
    }
  }
  const client = createClient({
    url: baseUrl.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: TrackedWebSocket,
    connectionParams: token ? { authToken: token } : {},
    lazy: false,
    retryAttempts: 0,
    on: {
      connected: () => onConnected(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        onFailed(new Error(`socket closed before acknowledgement: ${code} ${reason}`));
        onClosed({ code, reason: String(reason) });
      },
    },
    onNonLazyError: () => undefined,
  });
  return {
    client, closed, connected,
    dispose: () => client.dispose() as Promise<void>,
    terminate: () => sockets.forEach((socket) => socket.terminate()),
  };
}

/** Collects the events of one subscription; `next` waits (bounded) for one matching a predicate. */
export function subscribe<T = any>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const events: T[] = [];
  const errors: unknown[] = [];
  const waiters: { predicate: (event: T) => boolean; resolve: (event: T) => void }[] = [];
  let cursor = 0;
  const unsubscribe = client.subscribe<T>({ query, variables }, {
    next: (value) => {
      if (value.errors) errors.push(value.errors);
      if (!value.data) return;
      events.push(value.data as T);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(value.data as T)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(value.data as T);
        }
      }
    },
    error: (error) => errors.push(error),
    complete: () => undefined,
  });
  return {
    events,
    errors,
    unsubscribe,
    /** The first event after earlier `next` results that matches, within timeoutMs. */
    next(predicate: (event: T) => boolean = () => true, timeoutMs = 5000): Promise<T> {
      const index = events.slice(cursor).findIndex(predicate);
      if (index >= 0) {
        cursor += index + 1;
        return Promise.resolve(events[cursor - 1]);
      }
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events)}; errors ${JSON.stringify(errors)}`)), timeoutMs);
        waiters.push({ predicate, resolve: (event) => { clearTimeout(timer); cursor = events.length; resolve(event); } });
      });
    },
  };
}
