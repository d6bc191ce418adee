/** An ICE server as RTCPeerConnection takes it (STUN/TURN). */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface MediaServerOptions {
  /** Address the WebSocket listens on. Default 127.0.0.1. */
  host?: string;
  /** Port the WebSocket listens on; 0 picks a free one. Default 8888 (the KMS port). */
  port?: number;
  /**
   * The folder RecorderEndpoints write to and PlayerEndpoints read from: `file://` URIs must name a
   * file inside it (after resolving `..` and symbolic links); `file:name.webm` is relative to it.
   * Default ./recordings.
   */
  recordingsDir?: string;
  /** More folders PlayerEndpoints may read from (never written to). Default none. */
  playerDirs?: string[];
  /**
   * When set, a client must present it to open the WebSocket, as the `access_token` query parameter
   * (`ws://host:port/kurento?access_token=…`, which kurento-client's `access_token` option also
   * adds); otherwise the upgrade is refused with HTTP 401. The server's `url` then includes it.
   * Default none: any client that reaches the port may drive the server.
   */
  secret?: string;
  /** STUN/TURN servers for the server's peer connections. Default none. */
  iceServers?: IceServer[];
  /**
   * The only addresses announced as host candidates (e.g. ['127.0.0.1'] or a LAN address).
   * Default: every local IPv4 interface plus 127.0.0.1.
   */
  announcedAddresses?: string[];
  /** How long a session's objects survive after its WebSocket closed without reconnecting. Default 120 s. */
  sessionGcMs?: number;
  /**
   * The longest gap between video key frames a RecorderEndpoint lets into its file: while recording
   * it asks its source for a key frame when none has come for 75% of this. Default 2000; 0 = never asks
   * (the file then has the key frames the source sends on its own or for other sinks).
   */
  recordingKeyframeIntervalMs?: number;
}

export interface ServerConfig {
  host: string;
  port: number;
  recordingsDir: string;
  playerDirs: string[];
  secret?: string;
  iceServers: IceServer[];
  announcedAddresses?: string[];
  sessionGcMs: number;
  recordingKeyframeIntervalMs: number;
}

export function resolveConfig(options: MediaServerOptions): ServerConfig {
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 8888,
    recordingsDir: options.recordingsDir ?? 'recordings',
    playerDirs: options.playerDirs ?? [],
    secret: secretOf(options.secret),
    iceServers: options.iceServers ?? [],
    announcedAddresses: options.announcedAddresses?.length ? options.announcedAddresses : undefined,
    sessionGcMs: options.sessionGcMs ?? 120_000,
    recordingKeyframeIntervalMs: nonNegative('recordingKeyframeIntervalMs', options.recordingKeyframeIntervalMs ?? 2000),
  };
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a number of milliseconds ≥ 0 (got ${value})`);
  return value;
}

function secretOf(secret: string | undefined): string | undefined {
  if (secret === undefined) return undefined;
  if (typeof secret !== 'string' || secret.length === 0) throw new RangeError('secret must be a non-empty string (or left out)');
  return secret;
}
