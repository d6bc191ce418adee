import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { startApi } from './app/server';
import { createLogger } from './shared/logger';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger('api', config.logLevel);
  const api = await startApi(config, logger);
  const shown = config.publicUrl.replace(`:${config.port}`, `:${api.port}`);
  console.log(`OnAir listening on ${shown}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting anyway', { timeoutMs: config.shutdownTimeoutMs });
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    api.close().then(() => {
      logger.info('stopped');
      process.exit(0);
    }, (error) => {
      logger.error('shutdown failed', { error });
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error) => {
  console.error('OnAir failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
