import type { Document } from 'bson';

/** A MongoDB error reply: {ok: 0, errmsg, code, codeName}. */
export class CommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    readonly extra: Document = {},
  ) {
    super(message);
  }

  toReply(): Document {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }
}

export const badValue = (msg: string) => new CommandError(2, 'BadValue', msg);
export const failedToParse = (msg: string) => new CommandError(9, 'FailedToParse', msg);
export const namespaceNotFound = (ns: string) => new CommandError(26, 'NamespaceNotFound', `ns not found: ${ns}`);
export const namespaceExists = (ns: string) => new CommandError(48, 'NamespaceExists', `Collection ${ns} already exists.`);
export const commandNotFound = (name: string) => new CommandError(59, 'CommandNotFound', `no such command: '${name}'`);
export const cursorNotFound = (id: string) => new CommandError(43, 'CursorNotFound', `cursor id ${id} not found`);
export const immutableField = () =>
  new CommandError(66, 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
export const indexNotFound = (name: string) => new CommandError(27, 'IndexNotFound', `index not found with name [${name}]`);
export const indexOptionsConflict = (name: string) =>
  new CommandError(85, 'IndexOptionsConflict', `An existing index has the same name as the requested index: ${name}`);

/** mingo's messages for what it does not know, and the code MongoDB answers each with. */
const MINGO_ERRORS: [RegExp, number, string, (name: string) => string][] = [
  [/pipeline operator (\$\w+)/, 40324, 'Location40324', (n) => `Unrecognized pipeline stage name: '${n}'`],
  [/accumulator '?(\$\w+)/, 15952, 'Location15952', (n) => `unknown group operator '${n}'`],
  [/expression operator '?(\$\w+)/, 168, 'InvalidPipelineOperator', (n) => `Unrecognized expression '${n}'`],
  [/top level operator:? (\$\w+)/, 2, 'BadValue', (n) => `unknown top level operator: ${n}`],
  [/query operator (\$\w+)/, 2, 'BadValue', (n) => `unknown operator: ${n}`],
];

/** mingo throws plain Errors; MongoDB answers with a specific code (BadValue when nothing more specific fits). */
export function fromMingoError(err: unknown): CommandError {
  if (err instanceof CommandError) return err;
  const message = err instanceof Error ? err.message : String(err);
  for (const [pattern, code, codeName, text] of MINGO_ERRORS) {
    const m = pattern.exec(message);
    if (m) return new CommandError(code, codeName, text(m[1]));
  }
  return badValue(message);
}

/**
 * The journal failed (a full disk, an fdatasync error): this write and every later one is refused until restart.
 * A full disk is MongoDB's OutOfDiskSpace (14031); any other I/O failure an InternalError.
 */
export function journalFailed(err: Error): CommandError {
  const cause = (err as { cause?: NodeJS.ErrnoException }).cause ?? (err as NodeJS.ErrnoException);
  return cause.code === 'ENOSPC'
    ? new CommandError(14031, 'OutOfDiskSpace', err.message)
    : new CommandError(1, 'InternalError', err.message);
}

/**
 * A write met a document another open transaction has changed. Inside a transaction it is MongoDB's WriteConflict,
 * labelled so the driver's withTransaction retries the whole transaction; outside one the server waits and retries.
 */
export const writeConflict = (inTransaction: boolean) =>
  new CommandError(112, 'WriteConflict', 'Write conflict during plan execution and yielding is disabled. :: Please retry your operation or multi-document transaction.', inTransaction ? { errorLabels: ['TransientTransactionError'] } : {});
