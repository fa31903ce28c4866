import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/portal';
import { signIn } from '../support/http';
import { WorkCalendar, defaultProductionYear } from '../../server/src/calendar/production-calendar';

// The calendar (issue 12, API.md "Calendar"): every dated thing of the member in one list, SRO events for all,
// and a secret iCal feed that rotates.

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => portal.stop());

describe('calendar', () => {
  it('shows the member its fee due dates, inspections, violation deadlines, the report deadline and SRO events — only its own', async () => {
    const admin = await signIn(portal.url, 'admin@example.org');
    const company = await signIn(portal.url, 'member@example.org');
    const engineer = await signIn(portal.url, 'engineer@example.org');
    const id = company.user.memberId!;
    expect((await admin.post(`/api/admin/members/${id}/charges`, { type: 'membership_fee', amount: 1_500_000, dueDate: '2027-01-31', purpose: 'Членский взнос за I квартал' })).status).toBe(201);
    expect((await admin.post(`/api/admin/members/${id}/inspections`, { type: 'planned', startDate: '2027-02-10', violations: [{ description: 'Нет страховки', deadline: '2027-02-20' }] })).status).toBe(201);
    const event = await admin.post('/api/admin/events', { title: 'Общее собрание членов СРО', date: '2027-02-15', time: '11:00', place: 'Москва, ул. Строителей, 1' });
    expect(event.status).toBe(201);

    const cal = await company.get('/api/calendar?from=2027-01-01&to=2027-03-31');
    expect(cal.status).toBe(200);
    // The due dates of the member's open requests (the demo data has some) are there too, each linking to it.
    const requests = cal.body.items.filter((i: { kind: string }) => i.kind === 'request_due');
    expect(requests.every((i: { link: string }) => /^\/threads\/[0-9a-f]{24}$/.test(i.link))).toBe(true);
    expect(cal.body.items.filter((i: { kind: string }) => i.kind !== 'request_due').map((i: { kind: string; date: string }) => [i.kind, i.date])).toEqual([
      ['fee_due', '2027-01-31'], ['inspection', '2027-02-10'], ['event', '2027-02-15'], ['violation_deadline', '2027-02-20'], ['report_deadline', '2027-03-01'],
    ]);
    expect(cal.body.items.find((i: { kind: string }) => i.kind === 'fee_due')).toMatchObject({ link: '/payments', title: expect.stringContaining('15 000,00') });
    const other = await engineer.get('/api/calendar?from=2027-01-01&to=2027-03-31');
    expect(other.body.items.filter((i: { kind: string }) => i.kind !== 'request_due').map((i: { kind: string }) => i.kind)).toEqual(['event', 'report_deadline']);
    expect((await company.post('/api/admin/events', { title: 'Чужое', date: '2027-01-01' })).status).toBe(403);
    expect((await admin.post('/api/admin/events', { title: 'Без даты' })).body.error.fields.date).toBeTruthy();
  });

  it('gives a secret iCal URL that works without login and dies when rotated', async () => {
    const company = await signIn(portal.url, 'member@example.org');
    const { url } = (await company.get('/api/calendar/feed')).body;
    expect(url).toMatch(new RegExp(`^${portal.config.appUrl}/api/calendar/ical/[\\w-]{20,}$`));
    expect((await company.get('/api/calendar/feed')).body.url).toBe(url);
    const local = url.replace(portal.config.appUrl, portal.url);
    const feed = await fetch(local);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    const text = await feed.text();
    expect(text).toContain('BEGIN:VCALENDAR');
    expect(text).toContain('SUMMARY:Общее собрание членов СРО');
    expect(text).toContain('DTSTART;TZID=Europe/Moscow:20270215T110000');
    expect(text).toContain('LOCATION:Москва\\, ул. Строителей\\, 1');
    const rotated = (await company.post('/api/calendar/feed/rotate')).body.url;
    expect(rotated).not.toBe(url);
    expect((await fetch(local)).status).toBe(404);
    expect((await fetch(rotated.replace(portal.config.appUrl, portal.url))).status).toBe(200);
  });

  it('keeps the production calendar per year: the default from the Labour Code, the admin\'s transfers, used for due dates', async () => {
    const admin = await signIn(portal.url, 'admin@example.org');
    const company = await signIn(portal.url, 'member@example.org');
    const expert = await signIn(portal.url, 'expert@example.org');
    // 2027 has no decree in this version: holidays on a weekend move to the next working day (ТК ст. 112 ч. 2).
    const y2027 = await company.get('/api/calendar/production/2027');
    expect(y2027.status).toBe(200);
    expect(y2027.body).toMatchObject({ year: 2027, custom: false, workingDays: [] });
    expect(y2027.body.daysOff).toEqual(expect.arrayContaining(['2027-01-01', '2027-01-08', '2027-02-23', '2027-03-08', '2027-05-03', '2027-05-10', '2027-06-14', '2027-11-04']));
    expect(y2027.body.holidays).toContainEqual({ date: '2027-06-12', name: 'День России' });
    expect((await company.put('/api/admin/calendar/production/2027', { daysOff: [], workingDays: [] })).status).toBe(403);
    const wrongYear = await admin.put('/api/admin/calendar/production/2027', { daysOff: ['2026-12-31'], workingDays: [] });
    expect(wrongYear.status).toBe(400);
    expect(wrongYear.body.error.fields.daysOff).toBe('Дата 2026-12-31 не относится к 2027 году');
    expect((await admin.put('/api/admin/calendar/production/2027', { daysOff: ['2027-02-30'], workingDays: [] })).body.error.fields['daysOff.0']).toBe('Нет такой даты');
    const both = await admin.put('/api/admin/calendar/production/2027', { daysOff: ['2027-12-25'], workingDays: ['2027-12-25'] });
    expect(both.body.error.fields.workingDays).toContain('и выходным, и рабочим');
    expect((await admin.get('/api/calendar/production/1999')).status).toBe(400);

    // The admin makes the next working day a day off (a decree): a request registered today is due a day later.
    const today = new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10);
    const defaults = new WorkCalendar();
    let dayOff = today;
    do dayOff = new Date(Date.parse(`${dayOff}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10); while (!defaults.isWorkingDay(dayOff));
    const year = Number(dayOff.slice(0, 4));
    const lists = { daysOff: [...defaultProductionYear(year).daysOff, dayOff], workingDays: defaultProductionYear(year).workingDays };
    const saved = await admin.put(`/api/admin/calendar/production/${year}`, lists);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ year, custom: true, daysOff: [...lists.daysOff].sort() });
    expect((await company.get(`/api/calendar/production/${year}`)).body.daysOff).toContain(dayOff);
    const id = (await company.post('/api/threads', { kind: 'registry_extract', form: { copies: 1, delivery: 'electronic' } })).body.id;
    const taken = (await expert.patch(`/api/threads/${id}`, { status: 'in_progress' })).body;
    const custom = new WorkCalendar([{ year, ...lists }]);
    expect(taken.dueAt).toBe(custom.addWorkingDays(new Date(taken.regDate), 3).toISOString());
    expect(taken.dueAt).not.toBe(defaults.addWorkingDays(new Date(taken.regDate), 3).toISOString());

    const reset = await admin.delete(`/api/admin/calendar/production/${year}`);
    expect(reset.body).toMatchObject({ custom: false });
    expect(reset.body.daysOff).not.toContain(dayOff);
  });
});
