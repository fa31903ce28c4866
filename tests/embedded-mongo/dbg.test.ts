import { it } from 'vitest';
import { MongoClient } from 'mongodb';
import { mkdtempSync } from 'node:fs';
import { startEmbeddedMongo } from '../../server/embedded-mongo/src/index';
it('dbg', async () => {
  const dir = mkdtempSync('/tmp/dbgrs-');
  let mongo = await startEmbeddedMongo({ dbPath: dir, replicaSet: 'rs0' });
  const client = new MongoClient(mongo.uri, { serverSelectionTimeoutMS: 2500 });
  const t0 = Date.now();
  client.on('serverDescriptionChanged', (e) => console.log('SDC', Date.now() - t0, e.address, e.previousDescription.type, '->', e.newDescription.type, String(e.newDescription.error ?? '')));
  client.on('topologyDescriptionChanged', (e) => console.log('TDC', Date.now() - t0, e.newDescription.type, [...e.newDescription.servers.keys()].join(',')));
  client.on('serverHeartbeatFailed', (e) => console.log('HBF', Date.now() - t0, String(e.failure).slice(0, 80)));
  await client.connect();
  const c = client.db('x').collection('y');
  await c.insertOne({ a: 1 });
  await mongo.stop();
  console.log('stopped', Date.now() - t0);
  await c.insertOne({ a: 2 }).catch((e) => console.log('fail', Date.now() - t0, e.name));
  mongo = await startEmbeddedMongo({ dbPath: dir, port: mongo.port, replicaSet: 'rs0' });
  console.log('restarted', Date.now() - t0);
  for (let i = 0; i < 8; i++) {
    const ok = await c.insertOne({ a: 3 }).then(() => true, (e) => e.name);
    console.log('try', i, Date.now() - t0, ok);
    if (ok === true) break;
  }
  await client.close(); await mongo.stop();
}, 60000);
