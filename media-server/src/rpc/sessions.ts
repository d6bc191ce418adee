import { randomUUID } from 'node:crypto';
import { MediaObject } from '../objects/mediaObject';
import { ObjectRegistry } from '../objects/registry';
import { SERVER_MANAGER_ID } from '../objects/serverManager';

/** The transport side of a session: one WebSocket. */
export interface Connection {
  readonly label: string;
  send(message: object): void;
}

interface Subscription {
  objectId: string;
  dispose(): void;
}

/**
 * A client session (Kurento's `sessionId`): the objects it holds, its event subscriptions, and
 * the WebSocket its events go to. It outlives a dropped socket for `gcMs`, so a client that
 * reconnects with `connect {sessionId}` resumes; after that its objects are released.
 */
export class Session {
  connection?: Connection;
  readonly refs = new Set<string>();
  readonly subscriptions = new Map<string, Subscription>();
  gcTimer?: NodeJS.Timeout;

  constructor(readonly id: string) {}
}

export class SessionManager {
  private readonly sessions = new Map<string, Session>();
  private readonly byConnection = new Map<Connection, Set<Session>>();

  constructor(private readonly registry: ObjectRegistry, private readonly gcMs: number) {}

  ids(): string[] {
    return [...this.sessions.keys()];
  }

  find(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  /** The session a request runs in: its own sessionId (known or not, as KMS), else the socket's. */
  resolve(connection: Connection, sessionId: unknown): Session {
    if (typeof sessionId === 'string' && sessionId) return this.bind(connection, this.ensure(sessionId));
    const current = this.byConnection.get(connection);
    if (current && current.size) return [...current][current.size - 1];
    return this.bind(connection, this.ensure(randomUUID()));
  }

  ensure(id: string): Session {
    let session = this.sessions.get(id);
    if (!session) {
      session = new Session(id);
      this.sessions.set(id, session);
    }
    return session;
  }

  /** Makes `connection` the one the session's events go to, and stops its GC countdown. */
  bind(connection: Connection, session: Session): Session {
    if (session.connection !== connection) {
      if (session.connection) this.byConnection.get(session.connection)?.delete(session);
      session.connection = connection;
      let set = this.byConnection.get(connection);
      if (!set) this.byConnection.set(connection, (set = new Set()));
      set.add(session);
    }
    if (session.gcTimer) clearTimeout(session.gcTimer);
    session.gcTimer = undefined;
    return session;
  }

  /** The socket is gone: its sessions wait `gcMs` for a reconnect, then are closed. */
  connectionClosed(connection: Connection): void {
    const sessions = this.byConnection.get(connection) ?? new Set<Session>();
    this.byConnection.delete(connection);
    for (const session of sessions) {
      if (session.connection !== connection) continue;
      session.connection = undefined;
      session.gcTimer = setTimeout(() => void this.close(session, true), this.gcMs);
      session.gcTimer.unref();
    }
  }

  ref(session: Session, object: MediaObject): void {
    if (object.id !== SERVER_MANAGER_ID) session.refs.add(object.id);
  }

  unref(session: Session, objectId: string): void {
    session.refs.delete(objectId);
  }

  subscribe(session: Session, object: MediaObject, type: string): string {
    const id = randomUUID();
    const listener = (eventType: string, data: Record<string, unknown>) => {
      if (eventType !== type) return;
      session.connection?.send({ jsonrpc: '2.0', method: 'onEvent',
        params: { value: { data, object: object.id, type } } });
    };
    object.bus.on('event', listener);
    session.subscriptions.set(id, { objectId: object.id, dispose: () => object.bus.off('event', listener) });
    return id;
  }

  unsubscribe(session: Session, subscriptionId: string): void {
    session.subscriptions.get(subscriptionId)?.dispose();
    session.subscriptions.delete(subscriptionId);
  }

  /**
   * Ends a session: drops its subscriptions and releases the objects no other session holds
   * (with `release`, every object it holds).
   */
  async close(session: Session, releaseUnshared: boolean, releaseAll = false): Promise<void> {
    if (session.gcTimer) clearTimeout(session.gcTimer);
    for (const sub of session.subscriptions.values()) sub.dispose();
    session.subscriptions.clear();
    this.sessions.delete(session.id);
    if (session.connection) this.byConnection.get(session.connection)?.delete(session);
    const held = [...session.refs];
    session.refs.clear();
    if (!releaseUnshared && !releaseAll) return;
    const others = new Set<string>();
    if (!releaseAll) for (const s of this.sessions.values()) for (const id of s.refs) others.add(id);
    // Pipelines first: releasing one takes its elements with it.
    held.sort((a, b) => a.length - b.length);
    for (const id of held) {
      if (others.has(id) || !this.registry.has(id)) continue;
      await this.registry.lookup(id).release().catch(() => undefined);
    }
  }

  async closeAll(): Promise<void> {
    for (const session of [...this.sessions.values()]) await this.close(session, false);
  }
}
