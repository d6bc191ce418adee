import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError } from 'graphql';
import type { Config } from '../config/config';
import { API_KEY_PREFIX } from '../apikeys/api-keys.service';
import { catalogOnlyForApiKeys } from '../apikeys/catalog-access';
import type { Context } from '../graphql/context';
import { formatError } from '../graphql/errors';
import { httpOperationRules } from '../graphql/http-operations';
import { limitRules } from '../graphql/limits';
import { attachRealtime } from '../graphql/realtime';
import { createSchema } from '../graphql/schema';
import { requestOrigin } from '../http/client-address';
import { AppError, ErrorCode } from '../shared/errors';
import { createLogger, Logger } from '../shared/logger';
import { playbackHandler } from '../vod/playback';
import { createServices, Services } from './services';

export interface RunningApi {
  /** http://host:port as reachable from this machine. */
  url: string;
  port: number;
  services: Services;
  /** Graceful shutdown: stop accepting, drain HTTP and WebSocket connections, close stores. */
  close(): Promise<void>;
}

/** Time for events published through Redis to reach this node's subscribers before their sockets close. */
const EVENT_FLUSH_MS = 250;

/** A credential refused before the operation runs: its own HTTP status (never a 500 for a client's mistake). */
function withHttpStatus(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  const status = error.code === ErrorCode.RateLimited ? 429 : 401;
  return new GraphQLError(error.message, { originalError: error, extensions: { http: { status } } });
}

/**
 * Errors express itself meets (a body that is not JSON, too large, cut off): a JSON answer with a
 * stable code and no internals, whatever NODE_ENV is. Anything else is a 500, logged.
 */
function jsonErrors(logger: Logger): express.ErrorRequestHandler {
  return (error: { status?: number; statusCode?: number; type?: string }, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = error.status ?? error.statusCode ?? 500;
    const message = status >= 500 ? 'Internal server error'
      : error.type === 'entity.parse.failed' ? 'The request body is not valid JSON'
        : error.type === 'entity.too.large' ? 'The request body is too large'
          : 'The request is not valid';
    if (status >= 500) logger.error('unexpected error in a request', { error });
    res.status(status).json({ errors: [{ message, extensions: { code: status >= 500 ? ErrorCode.Internal : 'BAD_REQUEST' } }] });
  };
}

const bearer = (header: string | undefined) => header?.match(/^Bearer\s+(\S+)$/i)?.[1];

/** Compares in constant time (digests: equal lengths whatever was sent). */
function sameSecret(given: string | undefined, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return given !== undefined && timingSafeEqual(digest(given), digest(expected));
}

function serveClient(app: express.Express, dist: string | undefined, logger: Logger) {
  if (!dist) return; // CLIENT_DIST=none: an api without the web app
  if (!existsSync(join(dist, 'index.html'))) {
    logger.warn('no built client to serve (run `npm run build -w client`)', { dist });
    return;
  }
  app.use(express.static(dist, { index: false, maxAge: '1h' }));
  app.get(/^(?!\/graphql|\/healthz|\/media\/).*/, (_req, res) => res.sendFile(join(dist, 'index.html')));
}

export async function startApi(config: Config, logger = createLogger('api', config.logLevel)): Promise<RunningApi> {
  const services = await createServices(config, logger);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy.length ? config.trustProxy : false);
  const trust = app.get('trust proxy fn');
  const media = playbackHandler(services.playback, services.orm, config.recordingsDir, logger);
  // A client that never finishes its headers or its body is cut off (408) instead of holding a connection.
  const httpServer: Server = createServer({
    headersTimeout: config.http.headersTimeoutMs, requestTimeout: config.http.requestTimeoutMs, connectionsCheckingInterval: 1000,
  }, (req, res) => { if (!media(req, res)) app(req, res); });
  const schema = await createSchema(services.pubsub);
  const realtime = attachRealtime(httpServer, schema, services, trust);

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.graphqlIntrospection,
    hideSchemaDetailsFromClientErrors: !config.graphqlIntrospection,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, logger, config.graphqlIntrospection),
    validationRules: limitRules(config.graphqlLimits),
    // No cache hints are used: Apollo's default cache-control plugin would still wrap every field resolver.
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginCacheControlDisabled(), catalogOnlyForApiKeys(), httpOperationRules(),
    ],
    // main.ts owns SIGINT/SIGTERM: Apollo's own handlers would stop it outside close() and re-raise the signal
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  // Status for anyone; what is behind it (addresses, versions, object counts) only with HEALTHZ_TOKEN.
  app.get('/healthz', async (req, res) => {
    const health = await services.health();
    const detailed = config.healthzToken !== undefined && sameSecret(bearer(req.headers.authorization), config.healthzToken);
    res.status(health.status === 'ok' ? 200 : 503).json(detailed ? health : { status: health.status });
  });
  app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(apollo, {
    context: async ({ req }): Promise<Context> => {
      const token = bearer(req.headers.authorization);
      let session: Context['session'];
      let apiKey: Context['apiKey'];
      let refusedToken = false;
      try {
        if (token?.startsWith(API_KEY_PREFIX)) apiKey = await services.apiKeys.authenticate(token);
        else if (token) session = await services.auth.authenticate(token).catch((error) => {
          if (!(error instanceof AppError) || error.code !== ErrorCode.Unauthenticated) throw error;
          refusedToken = true; // signed out: it may still sign in (see httpOperationRules)
          return undefined;
        });
      } catch (error) {
        throw withHttpStatus(error);
      }
      return {
        em: services.orm.em.fork(),
        session,
        apiKey,
        refusedToken,
        ip: (req.ip ?? 'unknown').replace(/^::ffff:/, ''),
        baseUrl: requestOrigin(req, trust, config.fixedPublicUrl),
        services,
      };
    },
  }));
  serveClient(app, config.clientDist, logger);
  app.use(jsonErrors(logger));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    services,
    close() {
      closed ??= (async () => {
        // Lives end first, as if each presenter pressed Stop: presenters and viewers get LIVE_ENDED
        // (server-shutdown) while their connections are still open, and every recording is filed.
        const [ended, calls] = await Promise.all([services.live.endAll('server-shutdown'), services.calls.endAll('server-shutdown')]);
        if (ended.lives) logger.info('lives ended for shutdown', ended);
        if (calls) logger.info('calls ended for shutdown', { calls });
        if (config.redisUrl) await new Promise((resolve) => setTimeout(resolve, EVENT_FLUSH_MS)); // events cross Redis
        await realtime.close();
        await apollo.stop();
        await services.close();
      })();
      return closed;
    },
  };
}
