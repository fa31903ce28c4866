import { AsyncLocalStorage } from 'node:async_hooks';
import type { Aggregate, Query, Schema } from 'mongoose';

/**
 * Tenancy (DESIGN.md §8): every document carries its SRO. The current SRO travels with the request in
 * AsyncLocalStorage; the mongoose plugin below stamps it on new documents and adds it to every query.
 * A query that has neither an explicit `sroId` nor a current SRO is refused: that is the data-layer guard.
 */

export interface TenantContext {
  sroId: string;
}

const storage = new AsyncLocalStorage<TenantContext>();

export class UnscopedQueryError extends Error {
  constructor(what: string) {
    super(`Unscoped query refused: ${what} has no sroId and no current SRO`);
    this.name = 'UnscopedQueryError';
  }
}

export function runWithTenant<T>(sroId: string, fn: () => T): T {
  return storage.run({ sroId }, fn);
}

export function currentSroId(): string | undefined {
  return storage.getStore()?.sroId;
}

export function requireSroId(what = 'operation'): string {
  const sroId = currentSroId();
  if (!sroId) throw new UnscopedQueryError(what);
  return sroId;
}

const QUERY_OPS = [
  'find',
  'findOne',
  'countDocuments',
  'updateOne',
  'updateMany',
  'deleteOne',
  'deleteMany',
  'findOneAndUpdate',
  'findOneAndDelete',
  'findOneAndReplace',
  'replaceOne',
  'distinct',
] as const;

function scopeQuery(query: Query<unknown, unknown>): void {
  const filter = query.getFilter() as { sroId?: unknown };
  const sroId = currentSroId();
  if (filter.sroId === undefined) {
    if (!sroId) throw new UnscopedQueryError(`${query.model.modelName}.${(query as unknown as { op: string }).op}`);
    query.where({ sroId });
  } else if (sroId && filter.sroId !== sroId) {
    // An explicit other SRO inside a request of this SRO is a bug, never a feature.
    throw new UnscopedQueryError(`${query.model.modelName}.${(query as unknown as { op: string }).op} names another SRO`);
  }
  // Upserts must create documents in the same SRO.
  const update = query.getUpdate() as Record<string, Record<string, unknown>> | null;
  if (update && query.getOptions().upsert && !Array.isArray(update)) {
    update.$setOnInsert = { ...(update.$setOnInsert ?? {}), sroId: (query.getFilter() as { sroId: string }).sroId };
  }
}

function scopeAggregate(aggregate: Aggregate<unknown>): void {
  const first = aggregate.pipeline()[0] as { $match?: { sroId?: unknown } } | undefined;
  if (first?.$match?.sroId !== undefined) return;
  const sroId = currentSroId();
  if (!sroId) throw new UnscopedQueryError('aggregate');
  aggregate.pipeline().unshift({ $match: { sroId } });
}

export function tenancyPlugin(schema: Schema): void {
  schema.add({ sroId: { type: String, required: true, immutable: true, index: true } });

  schema.pre('validate', function stampSro(this: { sroId?: string }) {
    if (!this.sroId) this.sroId = requireSroId('new document');
  });
  schema.pre('insertMany', function stampMany(this: unknown, ...args: unknown[]) {
    const docs = args.find(Array.isArray) as { sroId?: string }[] | undefined;
    for (const doc of docs ?? []) doc.sroId ??= requireSroId('insertMany');
  });
  for (const op of QUERY_OPS) {
    schema.pre(op, function scope(this: Query<unknown, unknown>) {
      scopeQuery(this);
    });
  }
  schema.pre('aggregate', function scope(this: Aggregate<unknown>) {
    scopeAggregate(this);
  });
}
