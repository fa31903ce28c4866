import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/portal';
import { signIn } from '../support/http';
import { inSro } from './access-support';
import { Member } from '../../server/src/members/member.model';
import { Notification } from '../../server/src/notifications/notification.model';
import { runReminders } from '../../server/src/reminders/reminders';
import { ReportSection } from '../../server/src/reports/report-section.model';
import { DEFAULT_SECTIONS } from '../../server/src/reports/annual-report.settings';

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
    expect(first.body).toEqual({ sent: 2, digests: 0 }); // the insurance contract and the charge: the demo has no others
    // Two more runs at once (as two processes would) and one more later: nothing is sent again.
    const [a, b] = await Promise.all([runReminders(portal.ctx), runReminders(portal.ctx)]);
    expect(a.sent + b.sent).toBe(0);
    expect((await admin.post('/api/admin/reminders/run')).body.sent).toBe(0);

    const insuranceMails = portal.smtp.mails.filter((m) => m.subject?.includes('СТР-2026-77'));
    expect(insuranceMails).toHaveLength(1);
    expect(insuranceMails[0].subject).toContain(ends);
    const bells = await inSro(portal, () => Notification.find({ userId: company.user.id, kind: 'reminder' }).lean());
    expect(bells.filter((n) => n.title.includes('СТР-2026-77'))).toHaveLength(1);
    const copies = (await company.get('/api/messages?limit=100')).body.items.filter((m: { subject: string }) => m.subject.includes('СТР-2026-77'));
    expect(copies).toHaveLength(1);
    expect((await company.post('/api/admin/reminders/run')).status).toBe(403);
  });

  it('reminds, in February, each member that has not sent every section of last year\'s report — once', async () => {
    const company = await signIn(portal.url, 'member@example.org');
    const engineer = await signIn(portal.url, 'engineer@example.org');
    // The engineer sent every section of the 2026 report; the company only one.
    const keys = DEFAULT_SECTIONS.map((x) => x.key);
    await inSro(portal, () => ReportSection.insertMany([
      ...keys.map((key) => ({ memberId: engineer.user.memberId, year: 2026, key, status: 'sent' })),
      { memberId: company.user.memberId, year: 2026, key: keys[0], status: 'sent' },
    ]));
    const february = new Date('2027-02-10T09:00:00Z');
    await runReminders(portal.ctx, february);
    const of = (userId: string) => inSro(portal, () => Notification.find({ userId, title: { $regex: 'Отчёт о деятельности за 2026' } }).lean());
    const companyNotes = await of(company.user.id);
    expect(companyNotes).toHaveLength(1);
    expect(companyNotes[0]).toMatchObject({ body: `Не отправлено разделов: ${keys.length - 1} из ${keys.length}.`, link: '/reports/annual/2026' });
    expect(await of(engineer.user.id)).toHaveLength(0);
    await runReminders(portal.ctx, new Date('2027-02-20T09:00:00Z'));
    expect(await of(company.user.id)).toHaveLength(1);
  });
});
