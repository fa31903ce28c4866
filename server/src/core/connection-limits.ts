import type { Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';

// Idle and piled-up TCP connections: a connection that sends no complete request headers within
// `headersTimeoutMs` is closed (Node checks every second), and one address holds at most
// `maxPerAddress` connections at a time (0 = no cap: behind a proxy every connection comes from the proxy,
// so nginx limits per client instead — deploy/nginx.conf).

export interface ConnectionLimits {
  headersTimeoutMs: number;
  maxPerAddress: number;
}

/** Options for http.createServer: only these can be set at creation (the checking interval). */
export const serverTimeouts = (limits: ConnectionLimits) => ({
  headersTimeout: limits.headersTimeoutMs,
  // Uploads of ten 25 MB scans over a slow office line still fit.
  requestTimeout: 10 * 60_000,
  keepAliveTimeout: 5_000,
  connectionsCheckingInterval: 1_000,
});

/**
 * Node's headersTimeout covers a request that has begun; a connection that never sends a byte is closed here.
 * The timer stops at the first byte, so keep-alive, long polling and WebSockets are untouched.
 */
export function closeSilentConnections(server: HttpServer, timeoutMs: number): void {
  server.on('connection', (socket: Socket) => {
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    timer.unref();
    const stop = () => clearTimeout(timer);
    socket.once('data', stop);
    socket.once('close', stop);
  });
}

export function capConnectionsPerAddress(server: HttpServer, maxPerAddress: number): void {
  if (!maxPerAddress) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const count = (open.get(address) ?? 0) + 1;
    if (count > maxPerAddress) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
