import { createLogger } from './core/logger';
import { loadConfig } from './core/config';
import { startPortal } from './portal';

// `npm start`: config from the environment, embedded database under DATA_DIR unless MONGODB_URI is set.
const config = loadConfig();
const logger = createLogger(config.logLevel);

try {
  const portal = await startPortal({ logger });
  const shown = config.appUrl.includes(`:${portal.port}`) ? config.appUrl : `http://localhost:${portal.port}`;
  logger.info({ url: shown, embeddedDatabase: portal.db.embedded, dataDir: config.dataDir }, 'portal started');
  console.log(`Портал СРО запущен: ${shown}`);
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await portal.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
} catch (err) {
  logger.fatal({ err }, 'portal failed to start');
  // The reason in plain words too (a damaged database says how to repair it).
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
