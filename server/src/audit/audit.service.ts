import { Audit } from './audit.model';

export interface AuditEntry {
  action: string;
  actorId?: string;
  actorRole?: string;
  entity?: string;
  entityId?: string;
  ip?: string;
  details?: Record<string, unknown>;
}

/** Writes one audit record in the current SRO. Awaited by callers: an audited change is not done until logged. */
export async function audit(entry: AuditEntry): Promise<void> {
  await Audit.create({ ...entry, at: new Date() });
}
