import type { Document } from 'bson';
import type { Handler } from './context';
import { CommandError, badValue } from './errors';

// Fail points, as MongoDB's `configureFailPoint` test command sets them: the driver's specification tests and the
// portal's own tests inject faults through them instead of through a mocked database.
//   failCommand          data: { failCommands, errorCode, errorLabels, closeConnection, blockConnection,
//                                blockTimeMS, writeConcernError, appName }
//   journalSyncFailure   data: { errno: 'EIO' | 'ENOSPC' } — the journal's next fdatasyncs fail (embedded only)
// Modes: 'alwaysOn', 'off', { times: n }, { skip: n }.

export interface CommandFault {
  errorReply?: Document;
  closeConnection?: boolean;
  blockTimeMS?: number;
  writeConcernError?: Document;
}

interface ArmedFailCommand {
  data: Document;
  /** Remaining activations (Infinity for alwaysOn). */
  times: number;
  /** Matching commands to let through before the first activation. */
  skip: number;
}

export class FailPoints {
  private failCommand: ArmedFailCommand | null = null;
  private activations = 0;

  configure(mode: unknown, data: Document): number {
    const count = this.activations;
    if (mode === 'off') {
      this.failCommand = null;
      return count;
    }
    const armed = { data, times: Infinity, skip: 0 };
    if (mode === 'alwaysOn') armed.times = Infinity;
    else if (mode && typeof mode === 'object' && 'times' in mode) armed.times = Number((mode as Document).times);
    else if (mode && typeof mode === 'object' && 'skip' in mode) armed.skip = Number((mode as Document).skip);
    else throw badValue(`unknown fail point mode: ${JSON.stringify(mode)}`);
    if (!Array.isArray(data.failCommands)) throw badValue("failCommand requires 'failCommands'");
    this.failCommand = armed;
    this.activations = 0;
    return count;
  }

  /**
   * The fault to inject into this command, if the armed fail point matches it (and counts the activation).
   * `topologyVersion`: the member's, which a state-change error carries.
   */
  faultFor(cmd: Document, appName: string | undefined, retryableWrite = false, topologyVersion?: Document): CommandFault | null {
    const armed = this.failCommand;
    if (!armed) return null;
    const name = Object.keys(cmd)[0];
    if (name === 'configureFailPoint' || !armed.data.failCommands.includes(name)) return null;
    if (armed.data.appName !== undefined && armed.data.appName !== appName) return null;
    if (armed.skip > 0) {
      armed.skip--;
      return null;
    }
    if (armed.times <= 0) return null;
    armed.times--;
    this.activations++;
    if (armed.times <= 0) this.failCommand = null;
    return toFault(armed.data, retryableWrite, topologyVersion);
  }
}

/** Codes a 4.4+ server labels RetryableWriteError on a retryable write (the driver then retries once). */
const RETRYABLE_CODES = new Set([6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);

/**
 * "Not primary" and "node is recovering" codes: a 4.4+ member puts its topologyVersion in such an error, and the
 * driver then judges it against what it knows. Without it the driver takes the error as news, marks the server
 * unknown and waits for its monitor — whose awaitable hello answers only after maxAwaitTimeMS — before a retry
 * can select it (the retryable-write test then failed now and then on server selection).
 */
const STATE_CHANGE_CODES = new Set([91, 189, 10058, 10107, 11600, 11602, 13435, 13436]);

function toFault(data: Document, retryableWrite: boolean, topologyVersion?: Document): CommandFault {
  const fault: CommandFault = {};
  if (data.blockConnection) fault.blockTimeMS = Number(data.blockTimeMS ?? 0);
  if (data.closeConnection) fault.closeConnection = true;
  if (data.errorCode !== undefined) {
    const code = Number(data.errorCode);
    const labels = data.errorLabels ?? (retryableWrite && RETRYABLE_CODES.has(code) ? ['RetryableWriteError'] : undefined);
    fault.errorReply = {
      ok: 0, code, errmsg: "Failing command via 'failCommand' failpoint",
      ...(labels ? { errorLabels: labels } : {}),
      ...(topologyVersion && STATE_CHANGE_CODES.has(code) ? { topologyVersion } : {}),
    };
  }
  if (data.writeConcernError) fault.writeConcernError = data.writeConcernError;
  return fault;
}

export const failPointHandlers: Record<string, Handler> = {
  configureFailPoint: (cmd, ctx) => {
    const data = (cmd.data ?? {}) as Document;
    switch (cmd.configureFailPoint) {
      case 'failCommand':
        return { count: ctx.failPoints.configure(cmd.mode, data), ok: 1 };
      case 'journalSyncFailure': {
        const times = cmd.mode === 'off' ? 0 : cmd.mode === 'alwaysOn' ? Infinity : Number(cmd.mode?.times ?? 1);
        ctx.storage.injectSyncFailures(times, typeof data.errno === 'string' ? data.errno : 'EIO');
        return { count: 0, ok: 1 };
      }
      default:
        throw new CommandError(2, 'BadValue', `Cannot find failpoint: ${cmd.configureFailPoint}`);
    }
  },
};
