import { BSON, type Document } from 'bson';
import type { Storage, TransactionState } from '../storage/storage';
import type { CommandResult, Handler, ServerSettings } from './context';
import { CommandError } from './errors';

const noSuchTransaction = (txn: string) =>
  new CommandError(251, 'NoSuchTransaction', `Transaction with { txnNumber: ${txn} } has been aborted.`, { errorLabels: ['TransientTransactionError'] });

// Sessions and transactions. A transaction's writes apply at once and are journaled as they happen; each one is
// recorded in an undo log per (lsid, txnNumber), so abortTransaction — or the driver aborting withTransaction —
// puts every touched document back. Isolation (storage.ts): until the transaction ends, other readers see the
// documents it changed as they were, and other writers meet a write conflict. A transaction left open longer than
// transactionLifetimeLimitSeconds is aborted, so an abandoned one cannot hold documents forever.
// Not provided: a snapshot (a transaction reads what others committed after it began), atomicity across a crash
// in the middle of a transaction.

const ENDING = new Set(['commitTransaction', 'abortTransaction']);

/** An open transaction: its number, what storage keeps of it, the timer that aborts it when it lives too long. */
interface OpenTransaction {
  txn: string;
  state: TransactionState;
  expiry: NodeJS.Timeout;
}

const sessionKey = (lsid: Document | undefined): string | null => {
  const id = lsid?.id;
  if (!id) return null;
  return typeof id.toString === 'function' && id.buffer ? Buffer.from(id.buffer).toString('hex') : JSON.stringify(id);
};

export class Sessions {
  /** Open transactions: session key → its transaction number and undo log. */
  private readonly open = new Map<string, OpenTransaction>();

  /** Sessions seen (by lsid) and when last used: $listLocalSessions. */
  private readonly seen = new Map<string, Document>();
  /** The last committed transaction number per session: a repeated commit succeeds, an abort after it fails. */
  private readonly committed = new Map<string, string>();
  /** Retryable writes: the last write's transaction number per session and its reply, for a retry to get. */
  private readonly retryableWrites = new Map<string, { txn: bigint; reply: Promise<CommandResult> }>();

  constructor(
    private readonly storage: Storage,
    private readonly settings: Pick<ServerSettings, 'transactionLifetimeLimitSeconds'>,
  ) {}

  touch(lsid: Document | undefined): void {
    const key = sessionKey(lsid);
    if (key) this.seen.set(key, { _id: { id: lsid!.id }, lastUse: new Date() });
  }

  listLocal(): Document[] {
    return [...this.seen.values()];
  }

  /** The transaction the command is a statement of (started by it when it says so), or null outside one. */
  transactionFor(cmd: Document): TransactionState | null {
    if (cmd.autocommit !== false || cmd.txnNumber === undefined) return null;
    const key = sessionKey(cmd.lsid);
    if (!key) return null;
    const txn = String(cmd.txnNumber);
    let entry = this.open.get(key);
    // commitTransaction and abortTransaction end a transaction (or answer for one that ended): they start none.
    if (ENDING.has(Object.keys(cmd)[0])) return entry?.txn === txn ? entry.state : null;
    // Only the first statement starts a transaction; a later one without an open transaction is refused.
    if (!cmd.startTransaction && (!entry || entry.txn !== txn)) throw noSuchTransaction(txn);
    if (cmd.startTransaction || !entry || entry.txn !== txn) {
      if (entry) this.finish(key, entry, true); // a newer transaction implicitly aborts the old one
      const expiry = setTimeout(() => this.abortIfOpen(key, txn), this.settings.transactionLifetimeLimitSeconds * 1000).unref();
      entry = { txn, state: this.storage.beginTransaction(), expiry };
      this.open.set(key, entry);
    }
    return entry.state;
  }

  commit(cmd: Document): void {
    const key = sessionKey(cmd.lsid);
    const txn = String(cmd.txnNumber);
    if (!key) return;
    const entry = this.open.get(key);
    if (entry?.txn === txn) {
      this.finish(key, entry, false);
      this.committed.set(key, txn);
      return;
    }
    if (this.committed.get(key) !== txn) throw noSuchTransaction(txn); // retrying a commit that happened is fine
  }

  /** A write conflict aborts the statement's transaction, as in MongoDB: the driver retries it from the start. */
  abortOnConflict(cmd: Document): void {
    const key = sessionKey(cmd.lsid);
    if (key) this.abortIfOpen(key, String(cmd.txnNumber));
  }

  abort(cmd: Document): void {
    const key = sessionKey(cmd.lsid);
    const txn = String(cmd.txnNumber);
    const entry = key ? this.open.get(key) : undefined;
    if (!entry || entry.txn !== txn) {
      if (key && this.committed.get(key) === txn) throw new CommandError(256, 'TransactionCommitted', `Transaction with { txnNumber: ${txn} } has been committed.`);
      throw noSuchTransaction(txn);
    }
    this.finish(key!, entry, true);
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
      if (entry) this.finish(key!, entry, true);
    }
  }

  /** Aborts the session's transaction if it is still this one (a conflict; the lifetime limit, as MongoDB's reaper). */
  private abortIfOpen(key: string, txn: string): void {
    const entry = this.open.get(key);
    if (entry?.txn === txn) this.finish(key, entry, true);
  }

  /** Ends a transaction: rolled back (every touched document put back) or kept; its documents are released. */
  private finish(key: string, entry: OpenTransaction, rollback: boolean): void {
    this.open.delete(key);
    clearTimeout(entry.expiry);
    if (rollback) this.storage.rollback(entry.state.undo);
    this.storage.release(entry.state, !rollback);
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
