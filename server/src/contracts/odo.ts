import { DEFAULT_ODO_LIMITS, type OdoSummaryDto } from '@sro/shared';
import type { ContractFields } from './contract.model';

/** Below this share of the ceiling left, the member is warned before taking a new contract. */
const LOW_HEADROOM = 0.1;

/**
 * The КФ ОДО summary: obligations are what is left to perform of active contracts (price − completed); the
 * headroom is the level's ceiling minus them (ГрК ст. 55.16 ч. 13). Level 5 and "no level" have no ceiling.
 */
export function odoSummary(level: number | null | undefined, contracts: Pick<ContractFields, 'status' | 'price' | 'completedAmount'>[], limits = DEFAULT_ODO_LIMITS): OdoSummaryDto {
  const obligations = contracts.filter((c) => c.status === 'active').reduce((sum, c) => sum + Math.max(0, c.price - (c.completedAmount ?? 0)), 0);
  const limit = level ? (limits[level] ?? null) : null;
  const headroom = limit === null ? null : limit - obligations;
  return { level: level ?? null, limit, obligations, headroom, lowHeadroom: limit !== null && headroom! < limit * LOW_HEADROOM };
}
