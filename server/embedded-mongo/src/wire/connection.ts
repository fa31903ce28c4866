import type net from 'node:net';
import { BSON } from 'bson';
import { isRetryableWrite, runCommand, type CommandContext } from '../commands/index';
import { MAX_MESSAGE_BYTES, OP_MSG, encodeOpMsg, encodeOpReply, parseMessage } from './messages';

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
  const fault = ctx.failPoints.faultFor(message.command, ctx.appName, isRetryableWrite(message.command, ctx));
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
