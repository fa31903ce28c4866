import type { Logger } from '../core/logger';

/**
 * Demo data (API.md "Running"): staff, a member company, an individual member, threads of each kind.
 * Idempotent: running it on every start changes nothing once the data is there.
 * Each domain adds its part here.
 */
export async function seedDemo(logger: Logger): Promise<void> {
  logger.debug('demo seed: nothing yet');
}
