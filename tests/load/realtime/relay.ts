// A bare Socket.IO relay: the yardstick of bench-realtime. The same fan-out as the portal's message path (the
// sender's member room and every expert) and an ack, with nothing else: no database, no auth, no unread badges.
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { answerGcPauses } from './gc-meter';

const http = createServer();
const io = new Server(http, { serveClient: false, transports: ['websocket'] });
io.on('connection', (socket) => {
  const { room, staff } = socket.handshake.auth as { room?: string; staff?: boolean };
  if (staff) void socket.join('staff');
  if (room) void socket.join(room);
  socket.on('send', (payload: { room: string; body: string }, ack?: (res: unknown) => void) => {
    io.to(payload.room).to('staff').emit('msg', payload);
    ack?.({ ok: true });
  });
});
// The harness measures memory after a full collection ({gc: true}; the process runs with --expose-gc).
process.on('message', (m: { gc?: boolean; gcPauses?: 'reset' | 'read' }) => {
  if (answerGcPauses(m) || !m.gc) return;
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  process.send?.({ heapAndExternal: usage.heapUsed + usage.external });
});
http.listen(0, '127.0.0.1', () => {
  const address = http.address() as { port: number };
  process.send?.({ url: `http://127.0.0.1:${address.port}` });
});
