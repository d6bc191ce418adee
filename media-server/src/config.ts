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
  /** Where relative recorder URIs and `file://` paths are allowed. Default ./recordings. */
  recordingsDir?: string;
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
