import { startServer } from './server';

// `npm run mongo -- --port N [--dbpath DIR | --ephemeral]`: the embedded server alone, for any MongoDB tool.
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const ephemeral = process.argv.includes('--ephemeral');
const dbPath = ephemeral ? undefined : (arg('--dbpath') ?? './data/db');
const server = await startServer({ port: Number(arg('--port') ?? 27017), host: arg('--host') ?? '127.0.0.1', dbPath });
console.log(`mongodb://127.0.0.1:${server.port}/`);
console.error(ephemeral ? 'embedded mongo: in memory (ephemeral)' : `embedded mongo: data in ${dbPath}`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    await server.close();
    process.exit(0);
  });
}
