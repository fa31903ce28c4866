import type { Storage } from './storage';
import { valuesAtPath } from '../bson/values';

// The TTL monitor: documents whose indexed date (the earliest, for an array) is older than
// expireAfterSeconds are deleted, as MongoDB's TTL monitor does. The index finds them by range.

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
          if (dates.length && Math.min(...dates.map((d) => d.getTime())) <= cutoff.getTime()) storage.remove(coll, m.rid);
        }
      }
    }
  }
  await storage.commit();
}
