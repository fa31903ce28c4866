import type { Document } from 'bson';
import type { Storage, UndoEntry } from '../storage/storage';
import type { Handler } from './context';

// Sessions and transactions. A transaction's writes apply at once (other clients see them before commit: no
// isolation) and are journaled as they happen; each one is recorded in an undo log per (lsid, txnNumber), so
// abortTransaction — or the driver aborting withTransaction — puts every touched document back.
// Not provided: isolation, write-conflict detection, atomicity across a crash in the middle of a transaction.

const sessionKey = (lsid: Document | undefined): string | null => {
  const id = lsid?.id;
  if (!id) return null;
  return typeof id.toString === 'function' && id.buffer ? Buffer.from(id.buffer).toString('hex') : JSON.stringify(id);
};

export class Sessions {
  /** Open transactions: session key → its transaction number and undo log. */
  private readonly open = new Map<string, { txn: string; undo: UndoEntry[] }>();

  /** Sessions seen (by lsid) and when last used: $listLocalSessions. */
  private readonly seen = new Map<string, Document>();

  constructor(private readonly storage: Storage) {}

  touch(lsid: Document | undefined): void {
    const key = sessionKey(lsid);
    if (key) this.seen.set(key, { _id: { id: lsid!.id }, lastUse: new Date() });
  }

  listLocal(): Document[] {
    return [...this.seen.values()];
  }

  /** The undo log the command's writes go to, when it runs inside a transaction. */
  undoFor(cmd: Document): UndoEntry[] | null {
    if (cmd.autocommit !== false || cmd.txnNumber === undefined) return null;
    const key = sessionKey(cmd.lsid);
    if (!key) return null;
    const txn = String(cmd.txnNumber);
    let entry = this.open.get(key);
    if (cmd.startTransaction || !entry || entry.txn !== txn) {
      if (entry && entry.txn !== txn) this.rollback(entry.undo); // a newer transaction implicitly aborts the old one
      entry = { txn, undo: [] };
      this.open.set(key, entry);
    }
    return entry.undo;
  }

  commit(cmd: Document): void {
    const key = sessionKey(cmd.lsid);
    if (key && this.open.get(key)?.txn === String(cmd.txnNumber)) this.open.delete(key);
  }

  abort(cmd: Document): void {
    const key = sessionKey(cmd.lsid);
    const entry = key ? this.open.get(key) : undefined;
    if (!entry || entry.txn !== String(cmd.txnNumber)) return;
    this.open.delete(key!);
    this.rollback(entry.undo);
  }

  /** Ended sessions: an unfinished transaction is aborted, as MongoDB does. */
  end(ids: Document[]): void {
    for (const lsid of ids) {
      const key = sessionKey(lsid);
      if (key) this.seen.delete(key);
      const entry = key ? this.open.get(key) : undefined;
      if (!entry) continue;
      this.open.delete(key!);
      this.rollback(entry.undo);
    }
  }

  private rollback(undo: UndoEntry[]): void {
    for (let i = undo.length - 1; i >= 0; i--) this.storage.restore(undo[i]);
  }
}

export const sessionHandlers: Record<string, Handler> = {
  commitTransaction: async (cmd, ctx) => {
    ctx.sessions.commit(cmd);
    await ctx.storage.commit();
    return { ok: 1 };
  },
  abortTransaction: async (cmd, ctx) => {
    ctx.sessions.abort(cmd);
    await ctx.storage.commit();
    return { ok: 1 };
  },
  endSessions: async (cmd, ctx) => {
    ctx.sessions.end(Array.isArray(cmd.endSessions) ? cmd.endSessions : []);
    await ctx.storage.commit();
    return { ok: 1 };
  },
  killSessions: () => ({ ok: 1 }),
};
