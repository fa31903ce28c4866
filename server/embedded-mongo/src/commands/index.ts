import { BSON, type Document } from 'bson';
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
import type { CommandContext, Handler } from './context';

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

/** Runs one command and returns its reply as BSON; any failure becomes MongoDB's error reply, never a crash. */
export async function runCommand(cmd: Document, ctx: CommandContext): Promise<Uint8Array> {
  const name = Object.keys(cmd)[0];
  const db = typeof cmd.$db === 'string' ? cmd.$db : 'admin';
  const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
  try {
    if (!handler) throw commandNotFound(name);
    // Writes record their undo entries synchronously, before the handler's first await (the journal commit).
    ctx.sessions.touch(cmd.lsid);
    if (cmd.let !== undefined) cmd.let = evaluateLet(cmd.let);
    ctx.storage.undo = ctx.sessions.undoFor(cmd);
    ctx.storage.bypassValidation = cmd.bypassDocumentValidation === true;
    let pending: ReturnType<Handler>;
    try {
      pending = handler(cmd, ctx, db);
    } finally {
      ctx.storage.undo = null;
      ctx.storage.bypassValidation = false;
    }
    const reply = await pending;
    return reply instanceof Uint8Array ? reply : BSON.serialize(reply);
  } catch (err) {
    return BSON.serialize(errorReply(err));
  }
}
