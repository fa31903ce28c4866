import { BSON, type Document } from 'bson';
import type { Storage, UndoEntry } from '../storage/storage';
import type { CommandResult, Handler } from './context';
import { CommandError } from './errors';

const noSuchTransaction = (txn: string) =>
  new CommandError(251, 'NoSuchTransaction', `Transaction with { txnNumber: ${txn} } has been aborted.`, { errorLabels: ['TransientTransactionError'] });

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
  /** The last committed transaction number per session: a repeated commit succeeds, an abort after it fails. */
  private readonly committed = new Map<string, string>();
  /** Retryable writes: the last write's transaction number per session and its reply, for a retry to get. */
  private readonly retryableWrites = new Map<string, { txn: bigint; reply: Promise<CommandResult> }>();

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
    // Only the first statement starts a transaction; a later one without an open transaction is refused.
    if (!cmd.startTransaction && (!entry || entry.txn !== txn) && !['commitTransaction', 'abortTransaction'].includes(Object.keys(cmd)[0])) throw noSuchTransaction(txn);
    if (cmd.startTransaction || !entry || entry.txn !== txn) {
      if (entry && entry.txn !== txn) this.rollback(entry.undo); // a newer transaction implicitly aborts the old one
      entry = { txn, undo: [] };
      this.open.set(key, entry);
    }
    return entry.undo;
  }

  commit(cmd: Document): void {
    const key = sessionKey(cmd.lsid);
    const txn = String(cmd.txnNumber);
    if (!key) return;
    if (this.open.get(key)?.txn === txn) {
      this.open.delete(key);
      this.committed.set(key, txn);
      return;
    }
    if (this.committed.get(key) !== txn) throw noSuchTransaction(txn); // retrying a commit that happened is fine
  }

  abort(cmd: Document): void {
    const key = sessionKey(cmd.lsid);
    const txn = String(cmd.txnNumber);
    const entry = key ? this.open.get(key) : undefined;
    if (!entry || entry.txn !== txn) {
      if (key && this.committed.get(key) === txn) throw new CommandError(256, 'TransactionCommitted', `Transaction with { txnNumber: ${txn} } has been committed.`);
      throw noSuchTransaction(txn);
    }
    this.open.delete(key!);
    this.rollback(entry.undo);
  }

  /**
   * A retryable write (txnNumber outside a transaction): run once per (session, txnNumber). A retry — the driver
   * resends after a lost reply — gets the first attempt's reply, waiting for it if it is still running; an older
   * txnNumber is refused. A failed attempt is forgotten, so its retry runs again.
   */
  retryable(cmd: Document, run: () => Promise<CommandResult>): Promise<CommandResult> {
    const key = sessionKey(cmd.lsid)!;
    const txn = BigInt(String(cmd.txnNumber));
    const last = this.retryableWrites.get(key);
    if (last && txn === last.txn) return last.reply;
    if (last && txn < last.txn) {
      return Promise.resolve({ ok: false, bytes: BSON.serialize(new CommandError(225, 'TransactionTooOld', `Retryable write with txnNumber ${txn} is prohibited on session because a newer retryable write with txnNumber ${last.txn} has already started on this session.`).toReply()) });
    }
    const reply = run().then((result) => {
      if (!result.ok && this.retryableWrites.get(key)?.reply === reply) this.retryableWrites.delete(key);
      return result;
    });
    this.retryableWrites.set(key, { txn, reply });
    return reply;
  }

  /** Ended sessions: an unfinished transaction is aborted, as MongoDB does. */
  end(ids: Document[]): void {
    for (const lsid of ids) {
      const key = sessionKey(lsid);
      if (key) {
        this.seen.delete(key);
        this.committed.delete(key);
        this.retryableWrites.delete(key);
      }
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
