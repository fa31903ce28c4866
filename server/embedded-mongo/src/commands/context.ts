import type { Document } from 'bson';
import type { Storage } from '../storage/storage';
import type { Collection } from '../storage/collection';
import type { Cursors } from './cursors';
import type { Sessions } from './sessions';
import { badValue } from './errors';

export interface CommandContext {
  storage: Storage;
  cursors: Cursors;
  sessions: Sessions;
  connectionId: number;
}

/** A handler answers with a document, or with ready BSON (cursor replies built from raw documents). */
export type Reply = Document | Uint8Array;
export type Handler = (cmd: Document, ctx: CommandContext, db: string) => Reply | Promise<Reply>;

export function collName(cmd: Document, name: string): string {
  const coll = cmd[name];
  if (typeof coll !== 'string' || !coll) throw badValue(`collection name has invalid type ${typeof coll}`);
  return coll;
}

/** A stored document as an object (the matcher may already have deserialised it). */
export const docOf = (coll: Collection, m: { rid: number; doc?: Document }): Document => m.doc ?? coll.getDoc(m.rid);
