import { isAbsolute, resolve } from 'node:path';

/** Everything the api reads from its environment, validated once at boot. */
export interface Config {
  host: string;
  port: number;
  /** Public base URL printed at start (defaults to http://host:port). */
  publicUrl: string;
  /** PUBLIC_URL when set: the origin of the links the api hands out (else each request's own Host). */
  fixedPublicUrl?: string;
  dataDir: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'mysql'; url: string };
  /** Redis URL for pub/sub, sessions, presence and rate limits; undefined = in-process. */
  redisUrl?: string;
  /** Unique name of this api node (presence bookkeeping in scale-out). */
  nodeId: string;
  sessionTtlSeconds: number;
  login: { maxFailures: number; windowSeconds: number };
  /** New accounts one address may create per window (RATE_LIMITED beyond). */
  register: { max: number; windowSeconds: number };
  /** Folder of the built Angular app to serve, or undefined to serve none. */
  clientDist?: string;
  /** Kurento URL of an external media server; undefined = start the embedded one. */
  kmsUrl?: string;
  recordingsDir: string;
  recording: {
    /** The longest a recording goes without a key frame (the publisher is asked on a timer, so the file seeks at once). */
    keyframeIntervalMs: number;
  };
  playback: {
    /** HMAC key signing playback URLs; shared by every api node. Undefined = a secret kept in DATA_DIR. */
    secret?: string;
    urlTtlSeconds: number;
  };
  /** Every operation's limits (QUERY_TOO_COMPLEX beyond). */
  graphqlLimits: { maxDepth: number; maxAliases: number; maxCost: number };
  /** Introspection and "Did you mean …" hints in errors (both tell the schema to anyone): off unless asked for. */
  graphqlIntrospection: boolean;
  realtime: {
    /** Operations (subscriptions) running at once on one graphql-ws connection. */
    maxSubscriptions: number;
    /** Open realtime connections (tabs) per user, and per client address, on this api node. */
    maxConnectionsPerUser: number;
    maxConnectionsPerAddress: number;
  };
  /** Media sessions (browser peer connections) one account may hold open on this api node. */
  mediaSessionsPerUser: number;
  /** How long a live waits for its presenter to resume after their connection went away (0: it ends at once). */
  liveReconnectGraceMs: number;
  /** goLive and watchLive calls per account per minute. */
  liveRates: { goLive: number; watch: number };
  /** Bearer token that shows /healthz's details (database, pub/sub, media server); without it, status only. */
  healthzToken?: string;
  /** How long a client may take to send its request headers, and its whole request (then 408 and the connection closes). */
  http: { headersTimeoutMs: number; requestTimeoutMs: number };
  /** Requests one API key may make per window (RATE_LIMITED beyond). */
  apiKeys: { requests: number; windowSeconds: number };
  calls: {
    /** How long a call rings before it is missed. */
    ringTimeoutMs: number;
    /** How long both parties have, once a call is answered, to send their media. */
    mediaSetupTimeoutMs: number;
    /** Calls one account may start per minute, and to one person (RATE_LIMITED beyond). */
    dials: { any: number; samePerson: number };
  };
  /** How long a graceful stop may take (lives ended and filed) before the process exits anyway. */
  shutdownTimeoutMs: number;
  /** Addresses the embedded media server offers as host candidates (browsers must reach one). */
  mediaAddresses: string[];
  ice: { stunUrls: string[]; turnUrls: string[]; turnSecret?: string; turnTtlSeconds: number };
  /** Proxies whose X-Forwarded-For is trusted (express "trust proxy" value). */
  trustProxy: string[];
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}\nSee .env.example for every setting.`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  str(name: string, fallback: string): string;
  str(name: string): string | undefined;
  str(name: string, fallback?: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? fallback : value;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  url(name: string, protocols: string[]): string | undefined {
    const raw = this.str(name);
    if (raw === undefined) return undefined;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) {
        this.problems.push(`${name} must use ${protocols.join(' or ')} (got "${parsed.protocol}")`);
      }
    } catch {
      this.problems.push(`${name} is not a valid URL`);
    }
    return raw;
  }

  list(name: string, fallback: string[]): string[] {
    const raw = this.str(name);
    return raw === undefined ? fallback : raw.split(',').map((part) => part.trim()).filter(Boolean);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  }
}

const absolute = (path: string, base: string) => (isAbsolute(path) ? path : resolve(base, path));

/** Reads and validates the configuration; throws ConfigError listing every problem at once. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const r = new Reader(env);
  const host = r.str('HOST', '127.0.0.1');
  const port = r.int('PORT', 4000, 0, 65535);
  const dataDir = absolute(r.str('DATA_DIR', 'data'), cwd);

  const databaseUrl = r.url('DATABASE_URL', ['mysql:', 'sqlite:']);
  let database: Config['database'] = { kind: 'sqlite', file: resolve(dataDir, 'onair.db') };
  if (databaseUrl?.startsWith('mysql:')) database = { kind: 'mysql', url: databaseUrl };
  else if (databaseUrl?.startsWith('sqlite:')) {
    const file = databaseUrl.slice('sqlite:'.length).replace(/^\/\//, '');
    database = { kind: 'sqlite', file: file === ':memory:' ? file : absolute(file, cwd) };
  }

  const displayHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const config: Config = {
    host,
    port,
    publicUrl: r.str('PUBLIC_URL', `http://${displayHost}:${port}`),
    fixedPublicUrl: r.url('PUBLIC_URL', ['http:', 'https:']),
    dataDir,
    database,
    redisUrl: r.url('REDIS_URL', ['redis:', 'rediss:']),
    nodeId: r.str('NODE_ID', `api-${process.pid}-${Math.random().toString(36).slice(2, 8)}`),
    sessionTtlSeconds: r.int('SESSION_TTL_SECONDS', 7 * 24 * 3600, 1, 365 * 24 * 3600),
    login: {
      maxFailures: r.int('LOGIN_MAX_FAILURES', 5, 1, 1000),
      windowSeconds: r.int('LOGIN_WINDOW_SECONDS', 15 * 60, 1, 24 * 3600),
    },
    register: {
      max: r.int('REGISTER_RATE_LIMIT', 10, 1, 1_000_000),
      windowSeconds: r.int('REGISTER_RATE_WINDOW_SECONDS', 3600, 1, 7 * 24 * 3600),
    },
    clientDist: r.str('CLIENT_DIST') === 'none' ? undefined
      : absolute(r.str('CLIENT_DIST', resolve(__dirname, '../../../../client/dist/client/browser')), cwd),
    kmsUrl: r.url('KMS_URL', ['ws:', 'wss:']),
    recordingsDir: absolute(r.str('RECORDINGS_DIR', resolve(dataDir, 'recordings')), cwd),
    recording: { keyframeIntervalMs: r.int('RECORDING_KEYFRAME_INTERVAL_MS', 2000, 250, 60_000) },
    playback: {
      secret: r.str('PLAYBACK_SECRET'),
      urlTtlSeconds: r.int('PLAYBACK_URL_TTL_SECONDS', 6 * 3600, 60, 7 * 24 * 3600),
    },
    graphqlLimits: {
      maxDepth: r.int('GRAPHQL_MAX_DEPTH', 10, 2, 100),
      maxAliases: r.int('GRAPHQL_MAX_ALIASES', 15, 0, 1000),
      maxCost: r.int('GRAPHQL_MAX_COST', 20_000, 10, 10_000_000),
    },
    graphqlIntrospection: r.oneOf('GRAPHQL_INTROSPECTION', ['true', 'false'] as const, 'false') === 'true',
    healthzToken: r.str('HEALTHZ_TOKEN'),
    liveReconnectGraceMs: r.int('LIVE_RECONNECT_GRACE_SECONDS', 20, 0, 600) * 1000,
    mediaSessionsPerUser: r.int('MEDIA_SESSIONS_PER_USER', 10, 1, 10_000),
    liveRates: {
      goLive: r.int('GO_LIVE_RATE_LIMIT', 10, 1, 1_000_000),
      watch: r.int('WATCH_RATE_LIMIT', 60, 1, 1_000_000),
    },
    realtime: {
      maxSubscriptions: r.int('REALTIME_MAX_SUBSCRIPTIONS', 50, 1, 10_000),
      maxConnectionsPerUser: r.int('REALTIME_MAX_CONNECTIONS_PER_USER', 20, 1, 10_000),
      maxConnectionsPerAddress: r.int('REALTIME_MAX_CONNECTIONS_PER_ADDRESS', 200, 1, 1_000_000),
    },
    http: {
      headersTimeoutMs: r.int('HTTP_HEADERS_TIMEOUT_SECONDS', 10, 1, 600) * 1000,
      requestTimeoutMs: r.int('HTTP_REQUEST_TIMEOUT_SECONDS', 30, 1, 3600) * 1000,
    },
    apiKeys: { requests: r.int('API_KEY_RATE_LIMIT', 120, 1, 1_000_000), windowSeconds: r.int('API_KEY_RATE_WINDOW_SECONDS', 60, 1, 3600) },
    calls: {
      ringTimeoutMs: r.int('CALL_RING_TIMEOUT_SECONDS', 30, 1, 600) * 1000,
      mediaSetupTimeoutMs: r.int('CALL_MEDIA_TIMEOUT_SECONDS', 30, 1, 600) * 1000,
      dials: { any: r.int('CALL_RATE_LIMIT', 20, 1, 1_000_000), samePerson: r.int('CALL_SAME_PERSON_RATE_LIMIT', 5, 1, 1_000_000) },
    },
    shutdownTimeoutMs: r.int('SHUTDOWN_TIMEOUT_SECONDS', 15, 1, 600) * 1000,
    mediaAddresses: r.list('MEDIA_ADDRESSES', ['127.0.0.1']),
    ice: {
      stunUrls: r.list('STUN_URLS', []),
      turnUrls: r.list('TURN_URLS', []),
      turnSecret: r.str('TURN_SECRET'),
      turnTtlSeconds: r.int('TURN_TTL_SECONDS', 3600, 60, 7 * 24 * 3600),
    },
    trustProxy: r.list('TRUST_PROXY', []),
    logLevel: r.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
  };
  for (const url of [...config.ice.stunUrls, ...config.ice.turnUrls]) {
    if (!/^(stuns?|turns?):/.test(url)) r.problems.push(`STUN_URLS/TURN_URLS entries must start with stun:, stuns:, turn: or turns: (got "${url}")`);
  }
  if (config.playback.secret !== undefined && config.playback.secret.length < 32) {
    r.problems.push('PLAYBACK_SECRET must have at least 32 characters');
  }
  if (config.healthzToken !== undefined && config.healthzToken.length < 16) r.problems.push('HEALTHZ_TOKEN must have at least 16 characters');
  if (config.ice.turnUrls.length && !config.ice.turnSecret) r.problems.push('TURN_URLS needs TURN_SECRET (the coturn static-auth-secret)');
  if (config.http.headersTimeoutMs > config.http.requestTimeoutMs) r.problems.push('HTTP_HEADERS_TIMEOUT_SECONDS must not exceed HTTP_REQUEST_TIMEOUT_SECONDS');
  if (r.problems.length) throw new ConfigError(r.problems);
  return config;
}
