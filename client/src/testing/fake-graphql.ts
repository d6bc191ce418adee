import { ApolloLink } from '@apollo/client/link';
import { InMemoryCache } from '@apollo/client';
import { provideApollo } from 'apollo-angular';
import { Observable, Subscriber } from 'rxjs';

/** One operation the app sent, as the fake server sees it. */
export interface FakeOperation {
  readonly name: string;
  readonly variables: Record<string, unknown>;
  /** True once the app stopped listening (unsubscribed, or the operation finished). */
  readonly closed: boolean;
  /** Sends a result (subscriptions: one event); the operation stays open. */
  next(data: unknown): void;
  /** Answers a query or mutation: one result, then done. */
  reply(data: unknown): void;
  /** Answers with GraphQL errors carrying `extensions.code`. */
  fail(code: string, message?: string): void;
  /** A transport error. */
  error(error: Error): void;
  complete(): void;
}

/**
 * A stand-in for the api at the Apollo boundary: the app's generated `XxxGQL` services and a real
 * Apollo client (with its cache) run unchanged; only the terminating link is this fake, which
 * records every operation and lets a test answer it (or push subscription events) when it wants.
 */
export class FakeGraphQL {
  private readonly all: FakeOperation[] = [];
  private readonly taken = new Set<FakeOperation>();

  readonly link = new ApolloLink((operation) => new Observable((observer: Subscriber<ApolloLink.Result>) => {
    let closed = false;
    const op: FakeOperation = {
      name: operation.operationName ?? '',
      variables: operation.variables,
      get closed() { return closed || observer.closed; },
      next: (data) => observer.next({ data } as ApolloLink.Result),
      reply: (data) => { observer.next({ data } as ApolloLink.Result); observer.complete(); },
      fail: (code, message = code) => {
        observer.next({ errors: [{ message, extensions: { code } }] } as ApolloLink.Result);
        observer.complete();
      },
      error: (error) => observer.error(error),
      complete: () => observer.complete(),
    };
    this.all.push(op);
    return () => { closed = true; };
  }));

  /** Providers for TestBed: Apollo over this fake. */
  providers() {
    return [provideApollo(() => ({ link: this.link, cache: new InMemoryCache() }))];
  }

  /** Every operation named `name` sent so far, oldest first. */
  sent(name: string): FakeOperation[] {
    return this.all.filter((op) => op.name === name);
  }

  /** The oldest operation named `name` not handed out yet; fails when there is none. */
  take(name: string): FakeOperation {
    const op = this.all.find((o) => o.name === name && !this.taken.has(o));
    if (!op) throw new Error(`No pending ${name} operation (sent: ${this.all.map((o) => o.name).join(', ') || 'none'})`);
    this.taken.add(op);
    return op;
  }
}

/** Lets promises, Apollo's delivery and zero-delay timers run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
