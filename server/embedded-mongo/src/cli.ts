import { startServer } from './server';

// `npm run mongo -- --port N [--dbpath DIR | --ephemeral] [--repair]`: the embedded server alone, for any MongoDB
// tool. `--repair` starts on damaged files: it keeps a copy of each and recovers every readable record.
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const ephemeral = process.argv.includes('--ephemeral');
const dbPath = ephemeral ? undefined : (arg('--dbpath') ?? './data/db');
let server: Awaited<ReturnType<typeof startServer>>;
try {
  server = await startServer({ port: Number(arg('--port') ?? 27017), host: arg('--host') ?? '127.0.0.1', dbPath, repair: process.argv.includes('--repair'), replicaSet: arg('--replSet') });
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
console.log(`mongodb://127.0.0.1:${server.port}/`);
console.error(ephemeral ? 'embedded mongo: in memory (ephemeral)' : `embedded mongo: data in ${dbPath}`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    await server.close();
    process.exit(0);
  });
}
