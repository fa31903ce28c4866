import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/portal';
import { signIn } from '../support/http';
import { inSro } from './access-support';
import { Member } from '../../server/src/members/member.model';
import { Notification } from '../../server/src/notifications/notification.model';
import { runReminders } from '../../server/src/reminders/reminders';

// Reminders (issue 12, API.md "Reminders"): each one exactly once — bell, e-mail and the copy in "Messages" —
// whichever run or process sends it.

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => portal.stop());

const day = (offset: number) => new Date(Date.now() + 3 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);

describe('reminders', () => {
  it('reminds of an insurance contract ending within 30 days once, however often and wherever it runs', async () => {
    const admin = await signIn(portal.url, 'admin@example.org');
    const company = await signIn(portal.url, 'member@example.org');
    const ends = day(20);
    await inSro(portal, () => Member.updateOne({ _id: company.user.memberId }, { $set: { insurance: [{ number: 'СТР-2026-77', insurer: 'АО «Страховщик»', sum: 1_000_000_000, from: day(-345), to: ends }] } }));
    expect((await admin.post(`/api/admin/members/${company.user.memberId}/charges`, { type: 'membership_fee', amount: 100_000, dueDate: day(3) })).status).toBe(201);

    const first = await admin.post('/api/admin/reminders/run');
    expect(first.status).toBe(200);
    expect(first.body.sent).toBeGreaterThanOrEqual(2);
    // Two more runs at once (as two processes would) and one more later: nothing is sent again.
    const [a, b] = await Promise.all([runReminders(portal.ctx), runReminders(portal.ctx)]);
    expect(a + b).toBe(0);
    expect((await admin.post('/api/admin/reminders/run')).body.sent).toBe(0);

    await new Promise((r) => setTimeout(r, 100));
    const insuranceMails = portal.smtp.mails.filter((m) => m.subject?.includes('СТР-2026-77'));
    expect(insuranceMails).toHaveLength(1);
    expect(insuranceMails[0].subject).toContain(ends);
    const bells = await inSro(portal, () => Notification.find({ userId: company.user.id, kind: 'reminder' }).lean());
    expect(bells.filter((n) => n.title.includes('СТР-2026-77'))).toHaveLength(1);
    const copies = (await company.get('/api/messages?limit=100')).body.items.filter((m: { subject: string }) => m.subject.includes('СТР-2026-77'));
    expect(copies).toHaveLength(1);
    expect((await company.post('/api/admin/reminders/run')).status).toBe(403);
  });
});
