import { requireSroId } from '../core/tenancy';

// The message path's few operations go to the driver directly (`Model.collection`), skipping mongoose's query
// casting, middleware and hydration: measured at about half of an operation's client-side CPU, on the path every
// message takes (issue 16). What the tenancy plugin does for every mongoose query is written out
// here instead: the current SRO in every filter and on every new or upserted document. Values must already be
// of their stored types (ObjectId, Date): nothing casts them on this path.

/** A filter limited to the current SRO, as the tenancy plugin limits every mongoose query. */
export function inTenant<F extends object>(filter: F): F & { sroId: string } {
  return { ...filter, sroId: requireSroId('direct query') };
}

/**
 * The fields of `doc` that have a value. The driver stores an undefined field as null; mongoose leaves it out,
 * and readers tell "absent" from null (an optional status or assignment).
 */
export function definedFields<T extends object>(doc: T): T {
  return Object.fromEntries(Object.entries(doc).filter(([, value]) => value !== undefined)) as T;
}
