import { Injectable, OnDestroy, inject, signal } from '@angular/core';
import { ApolloLink } from '@apollo/client/link';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { Client, CloseCode, createClient } from 'graphql-ws';
import { Observable, Subject, throwError } from 'rxjs';
import { TokenStore } from '../auth/token.store';
import { graphqlWsUrl } from './endpoints';

export type RealtimeState = 'offline' | 'connecting' | 'online';

const KEEP_ALIVE_MS = 10_000;
const PONG_TIMEOUT_MS = 5_000;
const MAX_BACKOFF_MS = 15_000;

/**
 * The signed-in user's graphql-ws connection. It is opened eagerly (`lazy: false`): holding it
 * open is what makes the user "online". It retries with exponential backoff and jitter, detects
 * dead sockets with ping/pong, and is replaced whenever the session token changes.
 */
@Injectable({ providedIn: 'root' })
export class RealtimeService implements OnDestroy {
  private readonly tokens = inject(TokenStore);
  private client: Client | null = null;
  private link: GraphQLWsLink | null = null;
  /** Identifies the current connection; events from replaced ones are ignored. */
  private generation = 0;

  readonly state = signal<RealtimeState>('offline');
  /** Emits after every acknowledged (re)connection; `wasRetry` is true after a drop. */
  readonly connected$ = new Subject<{ wasRetry: boolean }>();

  /** Opens a connection authenticated with `token`, replacing any previous one. */
  start(token: string): void {
    this.stop();
    this.state.set('connecting');
    const client = this.createClient(token, ++this.generation);
    this.client = client;
    this.link = new GraphQLWsLink(client);
  }

  stop(): void {
    const client = this.client;
    this.generation++;
    this.client = null;
    this.link = null;
    this.state.set('offline');
    void client?.dispose();
  }

  /** Terminating link body for subscriptions: goes through the current connection. */
  request(operation: ApolloLink.Operation): Observable<ApolloLink.Result> {
    if (!this.link) return throwError(() => new Error('Socket closed: not signed in'));
    return this.link.request(operation);
  }

  ngOnDestroy(): void {
    this.stop();
  }

  private createClient(token: string, generation: number): Client {
    let pongTimer: ReturnType<typeof setTimeout> | undefined;
    const isCurrent = () => this.generation === generation;
    // Events can fire while createClient() is still running (lazy: false connects at once).
    const client: Client = createClient({
      url: graphqlWsUrl(),
      connectionParams: { authToken: token },
      lazy: false,
      keepAlive: KEEP_ALIVE_MS,
      retryAttempts: Number.POSITIVE_INFINITY,
      shouldRetry: () => true,
      retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, backoffMs(retries))),
      onNonLazyError: (error) => {
        if (isCurrent() && !isUnauthorized(error)) console.warn('OnAir realtime connection failed', error);
      },
      on: {
        connecting: () => { if (isCurrent()) this.state.set('connecting'); },
        connected: (_socket, _payload, wasRetry) => {
          if (!isCurrent()) return;
          this.state.set('online');
          this.connected$.next({ wasRetry });
        },
        ping: (received) => {
          if (received) return;
          pongTimer = setTimeout(() => { if (isCurrent()) this.client?.terminate(); }, PONG_TIMEOUT_MS);
        },
        pong: (received) => { if (received) clearTimeout(pongTimer); },
        closed: (event) => {
          clearTimeout(pongTimer);
          if (!isCurrent()) return;
          this.state.set('connecting');
          if (isUnauthorized(event)) {
            this.stop();
            this.tokens.invalidate();
          }
        },
      },
    });
    return client;
  }
}

function backoffMs(retries: number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, 500 * 2 ** retries);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function isUnauthorized(event: unknown): boolean {
  return typeof event === 'object' && event !== null && 'code' in event && event.code === CloseCode.Unauthorized;
}
