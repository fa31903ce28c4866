import fs from 'node:fs';
import path from 'node:path';
import type { Document } from 'bson';
import { Collection } from './collection';
import type { IndexSpec } from './indexes';
import { Journal, readRecords, writeSnapshot } from './journal';
import { idKey } from './values';

// All databases in memory, and (unless ephemeral) their durable form: snapshot + journal under dbPath.
// Journal records: c (create collection), x (drop collection), X (drop database), i (create index),
// di (drop index), p (put a whole document), d (delete by _id). Replaying them in order rebuilds the state.

const COMPACT_AT_BYTES = 256 * 1024 * 1024;

export class Storage {
  readonly dbs = new Map<string, Map<string, Collection>>();
  private journal?: Journal;
  private readonly snapshotFile?: string;

  constructor(readonly dbPath?: string) {
    if (!dbPath) return;
    fs.mkdirSync(dbPath, { recursive: true });
    this.snapshotFile = path.join(dbPath, 'snapshot.bin');
    const journalFile = path.join(dbPath, 'journal.bin');
    readRecords(this.snapshotFile, (r) => this.apply(r));
    const intact = readRecords(journalFile, (r) => this.apply(r));
    if (fs.existsSync(journalFile) && fs.statSync(journalFile).size > intact) fs.truncateSync(journalFile, intact);
    this.journal = new Journal(journalFile);
    if (this.journal.size > 0) this.compact();
  }

  get durable(): boolean {
    return !!this.journal;
  }

  /** Waits until every change made so far is on disk (no-op when ephemeral). */
  commit(): Promise<void> {
    const done = this.journal?.commit() ?? Promise.resolve();
    if (this.journal && this.journal.size > COMPACT_AT_BYTES) return done.then(() => this.compact());
    return done;
  }

  collection(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** The collection, created (and journaled) on first use as MongoDB does implicitly. */
  ensureCollection(db: string, name: string): Collection {
    return this.collection(db, name) ?? this.change({ op: 'c', db, c: name }) as Collection;
  }

  createCollection(db: string, name: string): Collection {
    return this.change({ op: 'c', db, c: name }) as Collection;
  }

  dropCollection(db: string, name: string): void {
    this.change({ op: 'x', db, c: name });
  }

  dropDatabase(db: string): void {
    this.change({ op: 'X', db });
  }

  createIndex(db: string, name: string, spec: IndexSpec): void {
    // Build first: a unique index over duplicate data must fail without leaving a trace in the journal.
    this.collection(db, name)!.addIndex(spec);
    this.journal?.append({ op: 'i', db, c: name, spec });
  }

  dropIndex(db: string, name: string, indexName: string): void {
    this.change({ op: 'di', db, c: name, name: indexName });
  }

  put(coll: Collection, doc: Document): void {
    coll.put(doc);
    this.journal?.append({ op: 'p', db: coll.db, c: coll.name, d: doc });
  }

  remove(coll: Collection, id: unknown): void {
    coll.remove(idKey(id));
    this.journal?.append({ op: 'd', db: coll.db, c: coll.name, id });
  }

  private change(record: Document): unknown {
    const result = this.apply(record);
    this.journal?.append(record);
    return result;
  }

  /** Applies one record to memory; used live and during replay (replay never re-checks uniqueness). */
  private apply(r: Document): unknown {
    const colls = this.dbs.get(r.db) ?? new Map<string, Collection>();
    if (!this.dbs.has(r.db)) this.dbs.set(r.db, colls);
    switch (r.op) {
      case 'c': {
        const existing = colls.get(r.c);
        if (existing) return existing;
        const coll = new Collection(r.db, r.c);
        colls.set(r.c, coll);
        return coll;
      }
      case 'x':
        colls.delete(r.c);
        return undefined;
      case 'X':
        this.dbs.delete(r.db);
        return undefined;
      case 'i': {
        const coll = (this.apply({ op: 'c', db: r.db, c: r.c }) as Collection);
        if (!coll.indexes.has(r.spec.name)) coll.addIndex(r.spec, false);
        return undefined;
      }
      case 'di':
        colls.get(r.c)?.indexes.delete(r.name);
        return undefined;
      case 'p':
        (this.apply({ op: 'c', db: r.db, c: r.c }) as Collection).put(r.d);
        return undefined;
      case 'd':
        colls.get(r.c)?.remove(idKey(r.id));
        return undefined;
      default:
        throw new Error(`unknown journal record ${r.op}`);
    }
  }

  /** Writes the whole state as a snapshot, then empties the journal. */
  compact(): void {
    if (!this.journal || !this.snapshotFile) return;
    this.journal.flush();
    writeSnapshot(this.snapshotFile, this.stateRecords());
    this.journal.truncate();
  }

  private *stateRecords(): Generator<Document> {
    for (const [db, colls] of this.dbs) {
      for (const [name, coll] of colls) {
        yield { op: 'c', db, c: name };
        for (const index of coll.indexes.values()) if (index.spec.name !== '_id_') yield { op: 'i', db, c: name, spec: index.spec };
        for (const doc of coll.docs.values()) yield { op: 'p', db, c: name, d: doc };
      }
    }
  }

  close(): void {
    this.journal?.close();
  }
}
