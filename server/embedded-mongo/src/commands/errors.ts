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

/** mingo throws plain Errors for unknown operators; MongoDB answers BadValue (2) or a parse error. */
export function fromMingoError(err: unknown): CommandError {
  if (err instanceof CommandError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return badValue(message);
}
