import { parentPort, workerData } from 'node:worker_threads';
import { startServer, type ServerOptions } from './server';

// Runs the server inside a worker thread so its work (queries, fsync) stays off the portal's event loop.
const server = await startServer(workerData as ServerOptions);
parentPort!.postMessage({ type: 'ready', port: server.port });
parentPort!.on('message', async (msg: { type: string }) => {
  if (msg.type !== 'stop') return;
  await server.close();
  parentPort!.postMessage({ type: 'stopped' });
});
