import { Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from '../core/logger';
import { shareSessionEnds, type PortalServer } from './io';

/** With REDIS_URL, several portal processes share Socket.IO rooms through Redis pub/sub. */
export async function attachRedisAdapter(io: PortalServer, redisUrl: string, logger: Logger): Promise<() => Promise<void>> {
  const pub = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const sub = pub.duplicate();
  for (const client of [pub, sub]) client.on('error', (err) => logger.warn({ err }, 'redis error'));
  io.adapter(createAdapter(pub, sub));
  shareSessionEnds(io);
  logger.info('socket.io redis adapter attached');
  return async () => {
    await Promise.allSettled([pub.quit(), sub.quit()]);
  };
}
