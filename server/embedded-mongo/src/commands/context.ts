import type { Document, ObjectId } from 'bson';
import type { Storage } from '../storage/storage';
import type { Collection } from '../storage/collection';
import type { Cursors } from './cursors';
import type { Sessions } from './sessions';
import { badValue } from './errors';
import type { FailPoints } from './failpoints';

/** Runtime parameters (setParameter / getParameter). */
export interface ServerSettings {
  /** Seconds between TTL sweeps (MongoDB's ttlMonitorSleepSecs, default 60). */
  ttlMonitorSleepSecs: number;
  /** A transaction still open after this many seconds is aborted, freeing its documents (MongoDB's default 60). */
  transactionLifetimeLimitSeconds: number;
  /**
   * A one-member replica set: its name and this member's address (hello's setName, hosts, primary, me), so the
   * driver uses retryable writes and transactions; null presents a standalone.
   */
  replicaSet: { name: string; me: string; processId: ObjectId } | null;
}

export interface CommandContext {
  settings: ServerSettings;
  storage: Storage;
  cursors: Cursors;
  sessions: Sessions;
  failPoints: FailPoints;
  /** Shared by all connections: open now and opened since start (serverStatus.connections). */
  connections: { current: number; totalCreated: number };
  connectionId: number;
  /** The client's application name from its handshake (`client.application.name`): fail points can target it. */
  appName?: string;
}

/** A command's reply as sent, and whether it succeeded (a retryable write remembers only successes). */
export interface CommandResult {
  bytes: Uint8Array;
  ok: boolean;
}

/** A handler answers with a document, or with ready BSON (cursor replies built from raw documents). */
export type Reply = Document | Uint8Array;
export type Handler = (cmd: Document, ctx: CommandContext, db: string) => Reply | Promise<Reply>;

export function collName(cmd: Document, name: string): string {
  const coll = cmd[name];
  if (typeof coll !== 'string' || !coll) throw badValue(`collection name has invalid type ${typeof coll}`);
  return coll;
}

/** A matched document exactly as stored (for updates, projections, replies). */
export const docOf = (coll: Collection, m: { rid: number; doc?: Document }): Document => m.doc ?? coll.getDoc(m.rid);

/** A matched document as mingo sees it (aggregation input): reuses the matcher's view. */
export const viewOf = (coll: Collection, m: { rid: number; view?: Document }): Document => m.view ?? coll.getView(m.rid);

/** Every document of `coll` a reader sees (views, $lookup): without other open transactions' changes. */
export const visibleViews = (ctx: CommandContext, coll: Collection): Document[] =>
  coll.find({}, { hidden: ctx.storage.hiddenFrom(coll) }).map((m) => viewOf(coll, m));
