import { describe, expect, it } from 'vitest';
import mongoose from 'mongoose';
import { usePortalWithSockets } from '../support/session';
import { emitWithAck } from '../support/sockets';

const env = usePortalWithSockets();
describe('ops', () => {
  it('counts', async () => {
    const member = await env.connected('member@example.org');
    const expert = await env.connected('expert@example.org');
    const list = await member.api.get('/api/threads?limit=1');
    const thread = list.body.items[0];
    const ops: string[] = [];
    await emitWithAck(member.socket, 'message:send', { threadId: thread.id, body: 'warm', clientMsgId: 'ops-warm-00001' });
    await env.quiet();
    mongoose.set('debug', (coll: string, method: string, query: unknown) => ops.push(`${coll}.${method} ${JSON.stringify(query).slice(0, 120)}`));
    await emitWithAck(member.socket, 'message:send', { threadId: thread.id, body: 'member send', clientMsgId: 'ops-member-0001' });
    await env.quiet();
    console.log('MEMBER SEND\n' + ops.join('\n'));
    ops.length = 0;
    await emitWithAck(expert.socket, 'message:send', { threadId: thread.id, body: 'expert send', clientMsgId: 'ops-expert-0001' });
    await env.quiet();
    console.log('EXPERT SEND\n' + ops.join('\n'));
    mongoose.set('debug', false);
    expect(ops.length).toBeGreaterThan(0);
  });
});
