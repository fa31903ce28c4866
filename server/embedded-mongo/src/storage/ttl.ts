import type { Storage } from './storage';
import type { Collection } from './collection';
import { valuesAtPath } from '../bson/values';

// The TTL monitor: documents whose indexed date (the earliest, for an array) is older than
// expireAfterSeconds are deleted, as MongoDB's TTL monitor does. The index finds them by range.

/** A document an open transaction has changed is left for the next sweep (a write conflict, storage.ts). */
function removeUnlessHeld(storage: Storage, coll: Collection, rid: number): void {
  try {
    storage.remove(coll, rid);
  } catch (err) {
    if (err !== storage.conflict) throw err;
    storage.conflict = null;
  }
}

export async function sweepTtl(storage: Storage): Promise<void> {
  const now = Date.now();
  for (const colls of storage.dbs.values()) {
    for (const coll of colls.values()) {
      for (const index of coll.indexes.values()) {
        const ttl = index.spec.expireAfterSeconds;
        if (typeof ttl !== 'number' || index.fields.length !== 1) continue;
        const field = index.fields[0];
        const cutoff = new Date(now - ttl * 1000);
        for (const m of coll.find({ [field]: { $lte: cutoff } })) {
          const dates = valuesAtPath(m.view ?? coll.getView(m.rid), field).filter((v): v is Date => v instanceof Date);
          if (dates.length && Math.min(...dates.map((d) => d.getTime())) <= cutoff.getTime()) removeUnlessHeld(storage, coll, m.rid);
        }
      }
    }
  }
  await storage.commit();
}
