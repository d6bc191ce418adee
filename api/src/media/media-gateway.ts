import { EventEmitter } from 'node:events';
import kurento, { KurentoClient, ServerManager } from 'kurento-client';
import { AppError, ErrorCode } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { invoke, PipelineHandle } from './elements';
import { probeSocket } from './probe';

export interface MediaHealth {
  kind: 'embedded' | 'external';
  url: string;
  ok: boolean;
  version?: string;
  error?: string;
  /** Embedded server only: media objects alive now (pipelines and elements). */
  objects?: number;
}

/**
 * kurento-jsonrpc keeps answered ids for 20 s to drop duplicates, in timers that hold the process
 * open that long after close; a few seconds is plenty on one WebSocket.
 */
const DEDUP = { response_timeout: 3000, duplicates_timeout: 3000 };

/**
 * The api's only door to the media server (Kurento Media Server or the embedded one): the one
 * module that imports kurento-client. Later steps add pipelines and endpoints here.
 */
export class MediaGateway {
  private client?: Promise<KurentoClient>;
  /** kurento-client's reconnecting socket: stopped explicitly on close (its own close waits for pending calls). */
  private socket?: NonNullable<KurentoClient['_re']>;
  /** False between a lost connection and its reconnection. */
  private linked = false;
  private lostTimer?: NodeJS.Timeout;
  private readonly events = new EventEmitter();

  /** The URL without credentials (query, user info): what logs and /healthz show. */
  readonly publicUrl: string;

  constructor(
    readonly kind: MediaHealth['kind'],
    /** What kurento-client connects to; may carry a secret (the embedded server's access_token). */
    private readonly url: string,
    private readonly logger: Logger,
    private readonly timeoutMs = 5000,
    /** How long a dropped connection may take to resume its session before its media counts as lost. */
    private readonly lostAfterMs = 3000,
  ) {
    this.publicUrl = withoutCredentials(url);
  }

  /**
   * Called when the media objects made so far are gone: the media server restarted (the session
   * could not be resumed) or stayed unreachable for lostAfterMs.
   */
  onMediaLost(listener: () => void): void {
    this.events.on('lost', listener);
  }

  /**
   * Calls `listener` once if the media object `id` is released by anyone but this gateway's own
   * release (another client of the media server, an operator); returns what stops watching.
   */
  onReleasedElsewhere(id: string, listener: () => void): () => void {
    const event = `destroyed:${id}`;
    this.events.once(event, listener);
    return () => this.events.off(event, listener);
  }

  private mediaLost(why: string) {
    clearTimeout(this.lostTimer);
    this.lostTimer = undefined;
    this.logger.warn('media objects lost', { url: this.publicUrl, why });
    this.events.emit('lost');
  }

  /** A new media pipeline; MEDIA_UNAVAILABLE while the media server cannot be reached. */
  async createPipeline(): Promise<PipelineHandle> {
    let client: KurentoClient;
    try {
      client = await this.connection();
    } catch (error) {
      throw new AppError(ErrorCode.MediaUnavailable, `The media server is unavailable: ${(error as Error).message}`);
    }
    if (!this.linked) throw new AppError(ErrorCode.MediaUnavailable, 'The media server connection is being restored; try again');
    return new PipelineHandle(await invoke('create a media pipeline', (cb) => client.create('MediaPipeline', cb)));
  }

  /** Connects on first use (and again after a failed attempt). */
  private connection(): Promise<KurentoClient> {
    const gateway = this;
    this.client ??= (async () => {
      // kurento-client neither reports nor times out a refused connection: probe first.
      if (!(await probeSocket(this.url, this.timeoutMs))) throw new Error(`nothing answers at ${this.publicUrl}`);
      const client = await invoke<KurentoClient>('connect', (cb) =>
        kurento(this.url, { socket: { objectMode: true }, failAfter: Infinity, enableTransactions: false, ...DEDUP }, function (this: KurentoClient, error, result) {
          // Each failed reconnect attempt emits 'error' on the socket, which is reachable only
          // through the callback's `this`; unhandled, it would crash the api.
          gateway.socket = this?._re;
          gateway.socket?.on('error', (e) => gateway.logger.debug('media server reconnect attempt failed', { error: e.message }));
          gateway.socket?.on('disconnect', () => {
            if (!gateway.linked) return;
            gateway.logger.warn('media server connection lost; reconnecting', { url: gateway.publicUrl });
            gateway.linked = false;
            gateway.lostTimer ??= setTimeout(() => gateway.mediaLost('unreachable'), gateway.lostAfterMs);
          });
          gateway.socket?.on('connect', () => { gateway.linked = true; });
          cb(error, result);
        }), this.timeoutMs);
      this.linked = true;
      await this.watchDestroyed(client);
      client.on('reconnected', (sameSession) => {
        this.logger.info('media server connection restored', { url: this.publicUrl, sameSession });
        if (!sameSession) {
          this.mediaLost('new session');
          void this.watchDestroyed(client).catch((error) => this.logger.warn('media object events not followed', { error: error.message }));
        }
        else if (this.lostTimer) {
          clearTimeout(this.lostTimer);
          this.lostTimer = undefined;
        }
      });
      return client;
    })();
    this.client.catch(() => { this.client = undefined; });
    return this.client;
  }

  /** Follows the server manager's ObjectDestroyed events (owners of a pipeline watch theirs: onReleasedElsewhere). */
  private async watchDestroyed(client: KurentoClient): Promise<void> {
    const manager = await invoke<ServerManager>('get its server manager', (cb) => client.getServerManager(cb), this.timeoutMs);
    manager.on('ObjectDestroyed', (event) => {
      if (typeof event.objectId === 'string') this.events.emit(`destroyed:${event.objectId}`);
    });
  }

  async health(): Promise<MediaHealth> {
    const base = { kind: this.kind, url: this.publicUrl };
    try {
      const client = await this.connection();
      if (!this.linked) throw new Error('connection lost; reconnecting');
      const manager = await invoke<ServerManager>('get its server manager', (cb) => client.getServerManager(cb), this.timeoutMs);
      const info = await invoke<{ version: string }>('describe itself', (cb) => manager.getInfo(cb), this.timeoutMs);
      return { ...base, ok: true, version: info.version };
    } catch (error) {
      return { ...base, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  async close(): Promise<void> {
    this.linked = false; // the disconnect that follows is ours, not a lost connection
    clearTimeout(this.lostTimer);
    this.events.removeAllListeners();
    const client = this.client;
    this.client = undefined;
    if (client) (await client.catch(() => undefined))?.close();
    this.socket?.disconnect();
    this.socket = undefined;
  }
}

/** `scheme://host:port/path` of a media server URL: no query (an access_token), no user or password. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(unparsable media server URL)';
  }
}
