import fs from 'node:fs';
import path from 'node:path';
import { BSON, Timestamp, type Document } from 'bson';
import { Collection, type Hidden } from './collection';
import type { IndexSpec } from '../indexes/index';
import { Journal, writeSnapshot } from '../journal/journal';
import { encodeRecord } from '../journal/records';
import { recover, type RecoveryReport } from '../journal/recovery';
import { journalFailed, writeConflict, type CommandError } from '../commands/errors';
import { checkValidator, refuseView } from './validation';
import { SpillFile } from './spill-file';

// All databases in memory and (unless ephemeral) their durable form under dbPath: snapshot.bin + journal.bin.
// Journal records: c (create collection), x (drop collection), X (drop database), i (create index),
// di (drop index), m (collMod: options changed), p (put a whole document, raw BSON), d (delete by _id). Replaying them in order, each
// idempotent, rebuilds the state; so a crash between writing a snapshot and emptying the journal is harmless.

const COMPACT_AT_BYTES = 256 * 1024 * 1024;

/** What a write did, so a transaction can undo it. */
export type UndoEntry =
  | { op: 'insert'; coll: Collection; id: unknown }
  | { op: 'replace' | 'remove'; coll: Collection; before: Document };

/** An open transaction as the storage sees it: its undo log, the documents it has changed (claimed), its start. */
export interface TransactionState {
  undo: UndoEntry[];
  claimed: [Collection, string][];
  /** The change counter when it began: a document changed by anyone after that is a write conflict for it. */
  startedAt: number;
}

/** A committed change made while transactions were open: when (the change counter), and the document before it. */
interface HistoryEntry {
  counter: number;
  id: unknown;
  before: Document | null;
}

/** A document changed by an open transaction: by which, its _id, and how it was before (null: inserted by it). */
interface PendingChange {
  owner: TransactionState;
  id: unknown;
  before: Document | null;
}

export class Storage {
  readonly dbs = new Map<string, Map<string, Collection>>();
  private journal?: Journal;
  private readonly snapshotFile?: string;
  /** The undo log of the transaction whose operation is running (set around each command). */
  undo: UndoEntry[] | null = null;
  /** The transaction the running command belongs to (set around each command, like `undo`). */
  txn: TransactionState | null = null;
  /** Set when a write of the running command met a document another open transaction has changed. */
  conflict: CommandError | null = null;
  /**
   * Isolation: per collection, the documents open transactions have changed (by _id key). Their writes are applied
   * in place (and undone on abort); readers outside see the documents as they were, and a write to one of them
   * from outside is a write conflict: a transaction's fails (112), a plain write waits for the transaction to end.
   */
  private readonly pending = new Map<Collection, Map<string, PendingChange>>();
  private releaseWaiters: (() => void)[] = [];
  private readonly openTransactions = new Set<TransactionState>();
  /**
   * First committer wins: while transactions are open, each document changed outside them (a plain write, a
   * commit) is stamped with a counter; a transaction that then writes a document stamped after it began would
   * overwrite a change it did not see (a lost update), so it fails with a write conflict and is retried.
   */
  private changeCounter = 0;
  private readonly stamps = new Map<Collection, Map<string, number>>();
  /**
   * Snapshot reads: while transactions are open, each document changed outside them (a plain write, a commit)
   * keeps how it was before, with the counter of the change. A transaction reads a document changed after it
   * began as it was then — the image before the first such change (none: inserted since) — so it sees one
   * snapshot from its start to its end, its own writes on top. Dropped when no transaction is open.
   */
  private readonly history = new Map<Collection, Map<string, HistoryEntry[]>>();
  /** The running command's bypassDocumentValidation (set around each command, like `undo`). */
  bypassValidation = false;
  /** What start-up found on disk (null when ephemeral). */
  readonly recovery: RecoveryReport | null = null;

  /** Large documents, on disk (doc-store.ts): in dbPath, or the system's temporary folder when ephemeral. */
  readonly spill: SpillFile;

  /** Throws CorruptDataError when the files on disk are damaged, unless `repair`. */
  constructor(readonly dbPath?: string, opts: { repair?: boolean } = {}) {
    if (dbPath) fs.mkdirSync(dbPath, { recursive: true });
    this.spill = new SpillFile(dbPath);
    if (!dbPath) return;
    this.snapshotFile = path.join(dbPath, 'snapshot.bin');
    const journalFile = path.join(dbPath, 'journal.bin');
    try {
      this.recovery = recover(this.snapshotFile, journalFile, (r) => this.apply(r), opts);
    } catch (err) {
      this.spill.close();
      throw err;
    }
    this.journal = new Journal(journalFile);
    if (this.journal.size > 0) this.compact();
  }

  private clockSeconds = 0;
  private clockTicks = 0;

  /** A logical clock (seconds, counter) for the replica set's optimes: it only moves forward. */
  clusterTime(): Timestamp {
    const now = Math.floor(Date.now() / 1000);
    if (now > this.clockSeconds) {
      this.clockSeconds = now;
      this.clockTicks = 0;
    }
    return new Timestamp({ t: this.clockSeconds, i: ++this.clockTicks });
  }

  /** The fault that stopped the journal, if any: every write is refused after it (reads go on). */
  get journalFailure(): Error | null {
    return this.journal?.failure ?? null;
  }

  /** Called before any change to memory: a failed journal refuses the write before it is half-applied. */
  private assertWritable(): void {
    if (this.journal?.failure) throw journalFailed(this.journal.failure);
  }

  /** The journal's fail point (tests): makes the next fdatasyncs fail with `code`. */
  injectSyncFailures(times: number, code = 'EIO'): void {
    if (!this.journal) return;
    let left = times;
    this.journal.injectSyncError = () => {
      if (left <= 0) return null;
      left--;
      return Object.assign(new Error(`${code}: injected fdatasync failure`), { code });
    };
  }

  /** Waits until every change made so far is on disk (no-op when ephemeral). */
  async commit(): Promise<void> {
    if (!this.journal) return;
    try {
      await this.journal.commit();
    } catch (err) {
      throw journalFailed(err as Error);
    }
    if (this.journal.size > COMPACT_AT_BYTES) this.compact();
  }

  collection(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** The collection, created (and journaled) on first use, as MongoDB does implicitly. */
  ensureCollection(db: string, name: string): Collection {
    return this.collection(db, name) ?? this.createCollection(db, name);
  }

  createCollection(db: string, name: string, options: Document = {}): Collection {
    return this.change({ op: 'c', db, c: name, o: options }) as Collection;
  }

  dropCollection(db: string, name: string): void {
    this.change({ op: 'x', db, c: name });
  }

  dropDatabase(db: string): void {
    this.change({ op: 'X', db });
  }

  createIndex(db: string, name: string, spec: IndexSpec): void {
    this.assertWritable();
    // Build first: a unique index over duplicate data must fail without leaving a trace in the journal.
    this.collection(db, name)!.addIndex(spec);
    this.journal?.append({ op: 'i', db, c: name, spec });
  }

  /** collMod: changes a collection's options (validator, validationLevel, validationAction, a view's pipeline). */
  modifyCollection(db: string, name: string, changes: Document): void {
    this.change({ op: 'm', db, c: name, o: changes });
  }

  dropIndex(db: string, name: string, indexName: string): void {
    this.change({ op: 'di', db, c: name, name: indexName });
  }

  /** Whether any open transaction holds a document (a plain write then keeps an undo log, to retry after it). */
  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  /**
   * Before a write to document `id`: refuses it when another open transaction has changed the document, and
   * records the running transaction's first change of it (`before` gives how it was; null when inserting).
   */
  private claim(coll: Collection, id: unknown, before: () => Document | null): void {
    if (!this.txn && !this.openTransactions.size) return;
    const key = coll.idIndex.encode([id]);
    const changes = this.pending.get(coll);
    const held = changes?.get(key);
    if (held && held.owner !== this.txn) throw (this.conflict = writeConflict(!!this.txn));
    if (!this.txn) {
      const counter = ++this.changeCounter;
      this.stamp(coll, key, counter);
      return this.remember(coll, key, { counter, id, before: before() });
    }
    if (held) return;
    if ((this.stamps.get(coll)?.get(key) ?? 0) > this.txn.startedAt) throw (this.conflict = writeConflict(true));
    const map = changes ?? new Map<string, PendingChange>();
    if (!changes) this.pending.set(coll, map);
    map.set(key, { owner: this.txn, id, before: before() });
    this.txn.claimed.push([coll, key]);
  }

  /** Before a write that may change `doc` (an update that may turn out to change nothing): a conflict check. */
  willWrite(coll: Collection, doc: Document): void {
    this.claim(coll, doc._id, () => doc);
  }

  private remember(coll: Collection, key: string, entry: HistoryEntry): void {
    let changes = this.history.get(coll);
    if (!changes) this.history.set(coll, (changes = new Map()));
    const entries = changes.get(key);
    if (entries) entries.push(entry);
    else changes.set(key, [entry]);
  }

  private stamp(coll: Collection, key: string, counter: number): void {
    let stamps = this.stamps.get(coll);
    if (!stamps) this.stamps.set(coll, (stamps = new Map()));
    stamps.set(key, counter);
  }

  /** A transaction begins: it may write what nobody changes from now on. */
  beginTransaction(): TransactionState {
    const txn: TransactionState = { undo: [], claimed: [], startedAt: this.changeCounter };
    this.openTransactions.add(txn);
    return txn;
  }

  /** A transaction ended (committed, or rolled back): its documents are free, and the writes waiting on them go on. */
  release(txn: TransactionState, committed: boolean): void {
    const counter = ++this.changeCounter;
    this.openTransactions.delete(txn);
    for (const [coll, key] of txn.claimed) {
      const changes = this.pending.get(coll);
      const change = changes?.get(key);
      if (!changes || change?.owner !== txn) continue;
      changes.delete(key);
      if (!changes.size) this.pending.delete(coll);
      if (!committed) continue;
      this.stamp(coll, key, counter);
      // Transactions still open began before this commit: they go on reading the document as it was.
      if (this.openTransactions.size) this.remember(coll, key, { counter, id: change.id, before: change.before });
    }
    txn.claimed = [];
    if (!this.openTransactions.size) {
      this.stamps.clear(); // only open transactions compare against stamps
      this.history.clear(); // and only they read the past
    }
    const waiters = this.releaseWaiters;
    this.releaseWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves when the next transaction ends. */
  whenReleased(): Promise<void> {
    return new Promise((resolve) => this.releaseWaiters.push(resolve));
  }

  /**
   * What the running command, when it reads `coll`, must see differently: other open transactions' changes (as
   * the documents were before them) and, inside a transaction, what was committed after it began (as it was then).
   */
  hiddenFrom(coll: Collection | undefined): Hidden | undefined {
    if (!coll) return undefined;
    const changes = this.pending.get(coll);
    const past = this.txn ? this.history.get(coll) : undefined;
    if (!changes && !past) return undefined;
    let hidden: Hidden | undefined;
    const showAsBefore = (id: unknown, before: Document | null) => {
      hidden ??= { rids: new Set(), before: [] };
      const rid = coll.ridOf(id);
      if (rid !== undefined) hidden.rids.add(rid);
      if (before) hidden.before.push(before);
    };
    const fromPast = new Set<string>();
    for (const [key, entries] of past ?? []) {
      const first = entries.find((e) => e.counter > this.txn!.startedAt);
      if (!first || changes?.get(key)?.owner === this.txn) continue;
      fromPast.add(key);
      showAsBefore(first.id, first.before);
    }
    for (const [key, change] of changes ?? []) {
      if (change.owner !== this.txn && !fromPast.has(key)) showAsBefore(change.id, change.before);
    }
    return hidden;
  }

  insert(coll: Collection, doc: Document): void {
    this.assertWritable();
    refuseView(coll);
    this.claim(coll, doc._id, () => null);
    if (!this.bypassValidation) checkValidator(coll, doc);
    const bson = BSON.serialize(doc);
    coll.insert(doc, bson);
    this.undo?.push({ op: 'insert', coll, id: doc._id });
    this.journalPut(coll, bson);
  }

  replace(coll: Collection, rid: number, doc: Document, before?: Document, bson: Uint8Array = BSON.serialize(doc)): void {
    this.assertWritable();
    refuseView(coll);
    // The stored document, read (deserialised) at most once, and only when something needs it.
    let old = before;
    const stored = () => (old ??= coll.getDoc(rid));
    this.claim(coll, doc._id, stored);
    if (!this.bypassValidation && coll.options.validator) checkValidator(coll, doc, stored());
    if (this.undo) this.undo.push({ op: 'replace', coll, before: stored() });
    coll.replace(rid, doc, bson, true, stored());
    this.journalPut(coll, bson);
  }

  remove(coll: Collection, rid: number): Document {
    this.assertWritable();
    refuseView(coll);
    if (this.txn || this.openTransactions.size) {
      const doc = coll.getDoc(rid);
      this.claim(coll, doc._id, () => doc);
    }
    const old = coll.remove(rid);
    this.undo?.push({ op: 'remove', coll, before: old });
    this.journal?.append({ op: 'd', db: coll.db, c: coll.name, id: old._id });
    return old;
  }

  /** Undoes writes, the last first: a transaction's on abort, a plain write's that met a conflict halfway. */
  rollback(undo: UndoEntry[]): void {
    for (let i = undo.length - 1; i >= 0; i--) this.restore(undo[i]);
  }

  /** Puts a document back as it was (transaction rollback): by _id, no uniqueness check. */
  restore(entry: UndoEntry): void {
    const { coll } = entry;
    if (this.collection(coll.db, coll.name) !== coll) return; // dropped meanwhile
    if (entry.op === 'insert') {
      const rid = coll.ridOf(entry.id);
      if (rid !== undefined) {
        coll.remove(rid);
        this.journal?.append({ op: 'd', db: coll.db, c: coll.name, id: entry.id });
      }
      return;
    }
    const bson = BSON.serialize(entry.before);
    coll.put(entry.before, bson);
    this.journalPut(coll, bson);
  }

  private journalPut(coll: Collection, bson: Uint8Array): void {
    this.journal?.append(encodeRecord({ op: 'p', db: coll.db, c: coll.name }, { name: 'd', bson }));
  }

  private change(record: Document): unknown {
    this.assertWritable();
    const result = this.apply(record);
    this.journal?.append(record);
    return result;
  }

  private colls(db: string): Map<string, Collection> {
    let colls = this.dbs.get(db);
    if (!colls) this.dbs.set(db, (colls = new Map()));
    return colls;
  }

  /** Applies one record to memory; used live and during replay (replay never re-checks uniqueness). */
  private apply(r: Document): unknown {
    switch (r.op) {
      case 'c': {
        const colls = this.colls(r.db);
        const existing = colls.get(r.c);
        if (existing) return existing;
        const coll = new Collection(r.db, r.c, r.o ?? {}, this.spill);
        colls.set(r.c, coll);
        return coll;
      }
      case 'x':
        this.dbs.get(r.db)?.delete(r.c);
        return undefined;
      case 'X':
        this.dbs.delete(r.db);
        return undefined;
      case 'i': {
        const coll = this.apply({ op: 'c', db: r.db, c: r.c }) as Collection;
        if (!coll.indexes.has(r.spec.name)) coll.addIndex(r.spec, false);
        return undefined;
      }
      case 'm': {
        const coll = this.dbs.get(r.db)?.get(r.c);
        if (coll) Object.assign(coll.options, r.o);
        return undefined;
      }
      case 'di':
        this.dbs.get(r.db)?.get(r.c)?.indexes.delete(r.name);
        return undefined;
      case 'snapshot':
      case 'end':
        return undefined; // a snapshot's frame (journal/journal.ts)
      case 'p':
        (this.apply({ op: 'c', db: r.db, c: r.c }) as Collection).put(r.d);
        return undefined;
      case 'd': {
        const coll = this.dbs.get(r.db)?.get(r.c);
        const rid = coll?.ridOf(r.id);
        if (rid !== undefined) coll!.remove(rid);
        return undefined;
      }
      default:
        throw new Error(`unknown journal record ${r.op}`);
    }
  }

  /** Writes the whole state as a snapshot, then empties the journal. */
  compact(): void {
    if (!this.journal || !this.snapshotFile || this.journal.failure) return;
    this.journal.flush();
    writeSnapshot(this.snapshotFile, this.stateRecords());
    this.journal.truncate();
  }

  private *stateRecords(): Generator<Buffer> {
    for (const [db, colls] of this.dbs) {
      for (const [name, coll] of colls) {
        yield encodeRecord({ op: 'c', db, c: name, o: coll.options });
        for (const index of coll.indexes.values()) if (index.spec.name !== '_id_') yield encodeRecord({ op: 'i', db, c: name, spec: index.spec });
        for (const rid of coll.docs.rids()) yield encodeRecord({ op: 'p', db, c: name }, { name: 'd', bson: coll.docs.get(rid) });
      }
    }
  }

  close(): void {
    this.journal?.close();
    this.spill.close();
  }
}
