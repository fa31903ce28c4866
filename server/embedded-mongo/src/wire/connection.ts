import type net from 'node:net';
import { BSON, type Document } from 'bson';
import { isRetryableWrite, runCommand, type CommandContext } from '../commands/index';
import { topologyVersionOf } from '../commands/hello';
import { MAX_MESSAGE_BYTES, OP_MSG, encodeOpMsg, encodeOpReply, parseMessage, type IncomingMessage } from './messages';

// One client connection: frames messages, runs them in order, answers in the request's protocol.
// Malformed or oversized input closes this connection only.

const EMPTY = Buffer.alloc(0);

export function serveConnection(socket: net.Socket, ctx: CommandContext): void {
  let buffered = Buffer.alloc(0);
  let queue = Promise.resolve();
  socket.setNoDelay(true);
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    while (buffered.length >= 4) {
      const length = buffered.readInt32LE(0);
      if (length < 16 || length > MAX_MESSAGE_BYTES) {
        socket.destroy();
        return;
      }
      if (buffered.length < length) break;
      const message = buffered.subarray(0, length);
      // Never keep a view of a consumed chunk: an idle connection would pin its last (maybe large) read.
      buffered = buffered.length === length ? EMPTY : Buffer.from(buffered.subarray(length));
      queue = queue.then(() => handleMessage(socket, message, ctx));
    }
  });
}

async function handleMessage(socket: net.Socket, raw: Buffer, ctx: CommandContext): Promise<void> {
  if (socket.destroyed) return;
  let message;
  try {
    message = parseMessage(raw);
  } catch {
    socket.destroy();
    return;
  }
  if (isAwaitableHello(message.command, ctx)) return streamHello(socket, message, ctx);
  const fault = ctx.failPoints.faultFor(message.command, ctx.appName, isRetryableWrite(message.command, ctx), topologyVersionOf(ctx));
  if (fault?.blockTimeMS) await new Promise((resolve) => setTimeout(resolve, fault.blockTimeMS));
  if (fault?.closeConnection) {
    socket.destroy();
    return;
  }
  let reply = fault?.errorReply ? BSON.serialize(fault.errorReply) : await runCommand(message.command, ctx);
  if (fault?.writeConcernError) reply = BSON.serialize({ ...BSON.deserialize(reply), writeConcernError: fault.writeConcernError });
  // moreToCome: the client expects no answer (endSessions, unacknowledged writes).
  if (message.moreToCome || socket.destroyed) return;
  socket.write(message.opCode === OP_MSG ? encodeOpMsg(message.requestId, reply) : encodeOpReply(message.requestId, reply));
}

/** The driver's monitor asks a replica-set member to answer when its state changes, or after maxAwaitTimeMS. */
const isAwaitableHello = (cmd: Document, ctx: CommandContext) =>
  !!ctx.settings.replicaSet && (cmd.hello !== undefined || cmd.isMaster !== undefined || cmd.ismaster !== undefined) && cmd.topologyVersion !== undefined && cmd.maxAwaitTimeMS !== undefined;

/**
 * Awaitable hello (the driver's streaming monitor): a single member never changes state, so each answer comes
 * after maxAwaitTimeMS — at once when the client's topologyVersion is another process's — and with exhaustAllowed
 * the answers go on, each flagged moreToCome, until the connection closes. The driver resets such a monitor on a
 * network error, which a polled monitor cannot be: a poll caught in a closing connection hung it for good.
 */
async function streamHello(socket: net.Socket, message: IncomingMessage, ctx: CommandContext): Promise<void> {
  const wait = Math.max(0, Math.min(Number(message.command.maxAwaitTimeMS) || 0, 600_000));
  const known = String(message.command.topologyVersion?.processId) === String(ctx.settings.replicaSet?.processId);
  let responseTo = message.requestId;
  for (let first = true; ; first = false) {
    if (!first || known) await untilTimeOrClose(socket, wait);
    if (socket.destroyed) return;
    const frame = encodeOpMsg(responseTo, await runCommand(message.command, ctx), message.exhaustAllowed);
    socket.write(frame);
    if (!message.exhaustAllowed) return;
    responseTo = frame.readInt32LE(4);
  }
}

function untilTimeOrClose(socket: net.Socket, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    const done = () => {
      clearTimeout(timer);
      socket.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    socket.once('close', done);
  });
}
