import { BSON, Binary, Long, type Document } from 'bson';
import { DuplicateKeyError } from '../indexes/index';
import { Aggregator } from 'mingo';
import { CommandError, commandNotFound, fromMingoError } from './errors';
import { dupError, writeHandlers } from './writes';
import { readHandlers } from './reads';
import { aggregateHandlers } from './aggregate';
import { ddlHandlers } from './ddl';
import { helloHandlers } from './hello';
import { sessionHandlers } from './sessions';
import { explainHandlers } from './explain';
import { failPointHandlers } from './failpoints';
import type { CommandContext, CommandResult, Handler, Reply } from './context';

export type { CommandContext } from './context';

const handlers: Record<string, Handler> = {
  ...helloHandlers,
  ...sessionHandlers,
  ...writeHandlers,
  ...readHandlers,
  ...aggregateHandlers,
  ...ddlHandlers,
  ...explainHandlers,
  ...failPointHandlers,
};

/** A command's `let` values are expressions ({$literal: '$x'}, {$rand: {}}), evaluated once before it runs. */
function evaluateLet(vars: unknown): Document {
  if (!vars || typeof vars !== 'object' || Array.isArray(vars)) throw new CommandError(14, 'TypeMismatch', "BSON field 'let' is the wrong type, expected type 'object'");
  if (!Object.keys(vars).length) return {};
  try {
    return (new Aggregator([{ $replaceRoot: { newRoot: vars } }], {}).run([{}]) as Document[])[0] ?? {};
  } catch (err) {
    throw fromMingoError(err);
  }
}

function errorReply(err: unknown): Document {
  if (err instanceof CommandError) return err.toReply();
  if (err instanceof DuplicateKeyError) return { ok: 0, codeName: 'DuplicateKey', ...dupError(err) };
  return { ok: 0, code: 1, codeName: 'InternalError', errmsg: err instanceof Error ? err.message : String(err) };
}

/** The writes a driver retries (txnNumber outside a transaction) and MongoDB runs once per session and number. */
const RETRYABLE_WRITES = new Set(['insert', 'update', 'delete', 'findAndModify', 'findandmodify']);
/** Commands MongoDB refuses inside a multi-document transaction (263). */
const NOT_IN_TRANSACTION = new Set(['count', 'createIndexes', 'drop', 'dropDatabase', 'create', 'collMod', 'listCollections', 'listIndexes']);

export const isRetryableWrite = (cmd: Document, ctx: CommandContext) =>
  !!ctx.settings.replicaSet && RETRYABLE_WRITES.has(Object.keys(cmd)[0]) && cmd.txnNumber !== undefined && cmd.autocommit === undefined && !!cmd.lsid;

/** Runs one command and returns its reply as BSON; any failure becomes MongoDB's error reply, never a crash. */
export async function runCommand(cmd: Document, ctx: CommandContext): Promise<Uint8Array> {
  const result = isRetryableWrite(cmd, ctx) ? await ctx.sessions.retryable(cmd, () => execute(cmd, ctx)) : await execute(cmd, ctx);
  return ctx.settings.replicaSet ? withClusterTime(result.bytes, ctx) : result.bytes;
}

/** The unsigned signature a server without keys sends; the driver gossips $clusterTime back without checking it. */
const UNSIGNED = { hash: new Binary(Buffer.alloc(20), 0), keyId: Long.fromNumber(0) };

/**
 * A replica-set member's reply carries `operationTime` and `$clusterTime`, the logical clock the driver gossips
 * and uses for causally consistent sessions. Appended to the reply's BSON as it is (cursor replies are built raw).
 */
function withClusterTime(reply: Uint8Array, ctx: CommandContext): Uint8Array {
  const now = ctx.storage.clusterTime();
  const extra = BSON.serialize({ operationTime: now, $clusterTime: { clusterTime: now, signature: UNSIGNED } });
  const out = Buffer.allocUnsafe(reply.length + extra.length - 5);
  out.set(reply.subarray(0, reply.length - 1), 0);
  out.set(extra.subarray(4), reply.length - 1);
  out.writeInt32LE(out.length, 0);
  return out;
}

async function execute(cmd: Document, ctx: CommandContext): Promise<CommandResult> {
  const name = Object.keys(cmd)[0];
  const db = typeof cmd.$db === 'string' ? cmd.$db : 'admin';
  const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
  try {
    if (!handler) throw commandNotFound(name);
    if (cmd.autocommit === false && NOT_IN_TRANSACTION.has(name)) throw new CommandError(263, 'OperationNotSupportedInTransaction', `Cannot run '${name}' in a multi-document transaction.`);
    ctx.sessions.touch(cmd.lsid);
    if (cmd.let !== undefined) cmd.let = evaluateLet(cmd.let);
    const reply = await runIsolated(cmd, ctx, db, handler);
    if (reply instanceof Uint8Array) return { bytes: reply, ok: true };
    return { bytes: BSON.serialize(reply), ok: reply.ok === 1 && !reply.writeErrors };
  } catch (err) {
    return { bytes: BSON.serialize(errorReply(err)), ok: false };
  }
}

/**
 * Runs the handler as a statement of its transaction, if any. Writes change memory synchronously, before the
 * handler's first await (the journal commit), so a write conflict is known when the handler returns: a
 * transaction's statement then fails and aborts it; a plain write is undone, waits for a transaction to end, and
 * runs again.
 */
async function runIsolated(cmd: Document, ctx: CommandContext, db: string, handler: Handler): Promise<Reply> {
  for (;;) {
    const { storage } = ctx;
    const txn = ctx.sessions.transactionFor(cmd);
    storage.txn = txn;
    storage.undo = txn?.undo ?? (storage.hasPending ? [] : null);
    storage.bypassValidation = cmd.bypassDocumentValidation === true;
    storage.conflict = null;
    const undo = storage.undo;
    let pending: ReturnType<Handler> | undefined;
    let thrown: unknown;
    try {
      pending = handler(cmd, ctx, db);
    } catch (err) {
      thrown = err;
    } finally {
      storage.txn = storage.undo = null;
      storage.bypassValidation = false;
    }
    const conflict = storage.conflict;
    storage.conflict = null;
    if (!conflict) {
      if (thrown) throw thrown;
      return pending!;
    }
    Promise.resolve(pending).catch(() => {}); // its journal commit carries on; its reply is not the answer
    if (txn) {
      ctx.sessions.abortOnConflict(cmd);
      throw conflict;
    }
    storage.rollback(undo!);
    await storage.whenReleased();
  }
}
