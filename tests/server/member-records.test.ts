import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { startTestPortal, type TestPortal } from '../support/portal';
import { signIn } from '../support/http';
import { inSro, letterTo } from './access-support';
import { Member } from '../../server/src/members/member.model';

// The information modules (issue 11, API.md "Money, dates, filters" … "Complaints"): staff record, the member
// reads only its own; debt, headroom and bank import computed exactly.

let portal: TestPortal;
let admin: Awaited<ReturnType<typeof signIn>>;
let company: Awaited<ReturnType<typeof signIn>>;
let engineer: Awaited<ReturnType<typeof signIn>>;
beforeAll(async () => {
  portal = await startTestPortal();
  [admin, company, engineer] = await Promise.all([signIn(portal.url, 'admin@example.org'), signIn(portal.url, 'member@example.org'), signIn(portal.url, 'engineer@example.org')]);
});
afterAll(async () => portal.stop());

const companyId = () => company.user.memberId!;
const daysFromToday = (n: number) => new Date(Date.now() + 3 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);

describe('payments and debts', () => {
  it('computes the debt across charges, partial and unconfirmed payments; filters are exact; others see none', async () => {
    const charge = (amount: number, dueDate: string, type = 'membership_fee') => admin.post(`/api/admin/members/${companyId()}/charges`, { type, amount, dueDate, purpose: 'Членский взнос' });
    expect((await charge(1_500_000, daysFromToday(-40))).status).toBe(201); // 15 000 ₽, 40 days overdue
    expect((await charge(500_000, daysFromToday(-5), 'compensation_fund_vv')).status).toBe(201); // 5 000 ₽, 5 days overdue
    expect((await charge(900_000, daysFromToday(30))).status).toBe(201); // not due yet: not debt
    const pay = (amount: number, paidAt: string, confirmed: boolean, type = 'membership_fee') => admin.post(`/api/admin/members/${companyId()}/payments`, { type, amount, paidAt, confirmed });
    expect((await pay(1_000_000, '2026-03-10', true)).status).toBe(201); // 10 000 ₽ confirmed
    expect((await pay(300_000, '2026-04-02', false)).status).toBe(201); // unconfirmed: does not count
    expect((await pay(250_000, '2025-12-20', true, 'compensation_fund_vv')).status).toBe(201);

    const all = await company.get('/api/payments');
    expect(all.status).toBe(200);
    // Due: 15 000 + 5 000 = 20 000; confirmed 10 000 + 2 500 = 12 500 → debt 7 500,00 ₽.
    expect(all.body.balance.debt).toBe(750_000);
    expect(all.body.balance.charges).toMatchObject([
      { amount: 1_500_000, paid: 1_250_000, overdueDays: 40 },
      { amount: 500_000, paid: 0, overdueDays: 5, type: 'compensation_fund_vv' },
    ]);
    expect(all.body.items.map((p: { amount: number }) => p.amount)).toEqual([300_000, 1_000_000, 250_000]);
    expect((await company.get('/api/payments?year=2026&month=3')).body.items.map((p: { amount: number }) => p.amount)).toEqual([1_000_000]);
    expect((await company.get('/api/payments?confirmed=false')).body.items.map((p: { amount: number }) => p.amount)).toEqual([300_000]);
    expect((await company.get('/api/payments?type=compensation_fund_vv')).body.items.map((p: { amount: number }) => p.amount)).toEqual([250_000]);
    expect((await company.get('/api/payments?year=2025')).body.balance.debt).toBe(750_000); // filters never change the balance

    const other = await engineer.get('/api/payments');
    expect(other.body).toEqual({ items: [], balance: { debt: 0, charges: [] }, nextCursor: null, typeNames: {} });
    // Pages by cursor: two at a time, newest first, the same three in all; a forged cursor is a 400.
    const first = await company.get('/api/payments?limit=2');
    expect(first.body.items.map((p: { amount: number }) => p.amount)).toEqual([300_000, 1_000_000]);
    const second = await company.get(`/api/payments?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toMatchObject({ items: [{ amount: 250_000 }], nextCursor: null, balance: { debt: 750_000 } });
    expect((await company.get('/api/payments?cursor=garbage')).body.error.fields.cursor).toBeTruthy();
    expect((await company.get(`/api/admin/members/${companyId()}/payments`)).status).toBe(403);
    // The charge reached the member: bell and e-mail.
    expect((await letterTo(portal, 'member@example.org', 'Начислено к оплате')).text).toContain('15');
  });

  it('refuses bad amounts with the contract error body', async () => {
    for (const amount of [-1, 12.5, '100', 0]) {
      const res = await admin.post(`/api/admin/members/${companyId()}/charges`, { type: 'membership_fee', amount, dueDate: '2026-01-01' });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'validation_failed', fields: { amount: expect.any(String) } });
    }
    expect((await admin.post(`/api/admin/members/${companyId()}/charges`, { type: 'tip', amount: 100, dueDate: '2026-02-30' })).body.error.fields).toMatchObject({ type: expect.any(String), dueDate: expect.any(String) });
  });

  it('imports a 1C bank statement in Windows-1251: matched, unmatched and duplicates exactly, and nothing the second time', async () => {
    const lines = ['1CClientBankExchange', 'ВерсияФормата=1.03', 'Кодировка=Windows', 'ДатаНачала=01.01.2026'];
    const doc = (n: number, inn: string, amount: string, purpose: string) =>
      lines.push('СекцияДокумент=Платежное поручение', `Номер=${n}`, 'Дата=15.01.2026', `Сумма=${amount}`, `ПлательщикИНН=${inn}`, 'Плательщик=ООО «Плательщик»', `НазначениеПлатежа=${purpose}`, 'КонецДокумента');
    for (let i = 0; i < 1990; i++) doc(i + 1, i % 2 ? '7701234560' : '500100732259', '1000.50', 'Членский взнос за январь 2026');
    for (let i = 0; i < 7; i++) doc(5000 + i, '7728168971', '99.00', 'Оплата по счёту'); // not a member
    doc(7, '500100732259', '1000.50', 'Членский взнос за январь 2026'); // a duplicate of document 7
    doc(7, '500100732259', '1000.50', 'Членский взнос за январь 2026'); // and again
    doc(9000, '7701234560', '5000,00', 'Взнос в компенсационный фонд ОДО');
    lines.push('КонецФайла');
    const body = iconv.encode(lines.join('\r\n'), 'win1251');
    const post = (dryRun: string) => fetch(`${portal.url}/api/admin/payments/import?dryRun=${dryRun}`, { method: 'POST', headers: { authorization: `Bearer ${admin.accessToken}`, 'content-type': 'text/plain' }, body: new Uint8Array(body) }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

    const dry = await post('1');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ documents: 2000, matched: 1991, created: 0, duplicates: 2, encoding: 'windows-1251' });
    expect(dry.body.unmatched).toHaveLength(7);
    expect(dry.body.unmatched[0]).toMatchObject({ payerInn: '7728168971', amount: 9900, reason: 'Плательщик не найден в реестре', row: expect.any(Number) });
    const before = (await engineer.get('/api/payments')).body.items.length;
    expect(before).toBe(0);

    const applied = await post('0');
    expect(applied.body).toMatchObject({ matched: 1991, created: 1991 });
    // Every page of the member's payments, 500 at a time.
    const allPayments = async () => {
      const items: any[] = [];
      for (let cursor = ''; ; ) {
        const page = (await engineer.get(`/api/payments?limit=500${cursor ? `&cursor=${cursor}` : ''}`)).body;
        items.push(...page.items);
        if (!page.nextCursor) return items;
        cursor = page.nextCursor;
      }
    };
    const mine = await allPayments();
    expect(mine).toHaveLength(995);
    expect(mine[0]).toMatchObject({ amount: 100_050, confirmed: true, paidAt: '2026-01-15', type: 'membership_fee' });
    expect((await company.get('/api/payments?type=compensation_fund_odo')).body.items.map((p: { amount: number }) => p.amount)).toEqual([500_000]);

    const again = await post('0');
    expect(again.body).toMatchObject({ matched: 1991, created: 0, duplicates: 1993 });
    expect(await allPayments()).toHaveLength(995);
    expect((await company.post('/api/admin/payments/import?dryRun=1', 'x')).status).toBe(403);
  });
});

describe('staff lists across members', () => {
  it('lists debtors largest first with the oldest overdue charge, as JSON and as CSV for Excel', async () => {
    const created = await admin.post('/api/admin/members', { kind: 'legal_entity', name: 'ООО «Должник»', inn: '7707083893' });
    expect(created.status).toBe(201);
    expect((await admin.post(`/api/admin/members/${created.body.id}/charges`, { type: 'membership_fee', amount: 100_000, dueDate: daysFromToday(-10) })).status).toBe(201);
    const res = await admin.get('/api/admin/debtors');
    expect(res.status).toBe(200);
    expect(res.body.items.find((r: { memberId: string }) => r.memberId === created.body.id)).toMatchObject({ inn: '7707083893', debt: 100_000, overdueDays: 10 });
    expect(res.body.items.every((r: { debt: number }) => r.debt > 0)).toBe(true);
    const csv = await fetch(`${portal.url}/api/admin/debtors?format=csv`, { headers: { authorization: `Bearer ${admin.accessToken}` } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM: Excel reads the file as UTF-8
    const text = bytes.toString('utf8');
    expect(text).toContain('ИНН;Наименование;Задолженность, ₽');
    expect(text).toContain('7707083893;ООО «Должник»;1000,00;');
    expect((await company.get('/api/admin/debtors')).status).toBe(403);
  });
});


describe('inspections', () => {
  it('keeps the plan and results; filters by year, type and status; the member is told of the plan', async () => {
    const planned = await admin.post(`/api/admin/members/${companyId()}/inspections`, { type: 'planned', startDate: '2026-05-12', subject: 'Соблюдение стандартов СРО' });
    expect(planned.status).toBe(201);
    expect(planned.body).toMatchObject({ type: 'planned', status: 'planned', startDate: '2026-05-12', violations: [] });
    const past = await admin.post(`/api/admin/members/${companyId()}/inspections`, {
      type: 'unplanned', status: 'completed', startDate: '2025-09-01', endDate: '2025-09-05', result: 'Выявлены нарушения',
      violations: [{ description: 'Нет договора страхования', deadline: '2025-10-01', resolvedAt: '2025-09-20' }, { description: 'Нет специалиста НРС', deadline: '2025-12-01' }],
      recommendations: 'Включить специалиста в НРС',
    });
    expect(past.status).toBe(201);
    const list = await company.get('/api/inspections');
    expect(list.body.items.map((i: { startDate: string }) => i.startDate)).toEqual(['2026-05-12', '2025-09-01']);
    expect(list.body.items[1].violations.map((v: { resolved: boolean }) => v.resolved)).toEqual([true, false]);
    expect((await company.get('/api/inspections?year=2025')).body.items).toHaveLength(1);
    expect((await company.get('/api/inspections?status=planned')).body.items.map((i: { id: string }) => i.id)).toEqual([planned.body.id]);
    expect((await company.get('/api/inspections?type=unplanned&year=2026')).body.items).toEqual([]);
    expect((await engineer.get('/api/inspections')).body.items).toEqual([]);
    expect((await letterTo(portal, 'member@example.org', 'план проверок')).text).toContain('2026-05-12');

    const plan = await admin.get('/api/admin/inspections?year=2026&status=planned');
    expect(plan.body.items.map((i: { id: string; memberName: string }) => [i.id, i.memberName])).toEqual([[planned.body.id, expect.stringContaining('СтройМонтаж')]]);
    const planCsv = await (await fetch(`${portal.url}/api/admin/inspections?year=2026&format=csv`, { headers: { authorization: `Bearer ${admin.accessToken}` } })).text();
    expect(planCsv.split('\r\n')[1]).toContain('2026-05-12;;7701234560;');
    const done = await admin.patch(`/api/admin/inspections/${planned.body.id}`, { status: 'completed', endDate: '2026-05-14', result: 'Нарушений нет' });
    expect(done.body).toMatchObject({ status: 'completed', endDate: '2026-05-14', result: 'Нарушений нет', subject: 'Соблюдение стандартов СРО' });
  });
  it('a question about an inspection is an inspection request linked to it, and only to the member\'s own', async () => {
    const inspection = (await admin.post(`/api/admin/members/${companyId()}/inspections`, { type: 'unplanned', startDate: '2026-10-01', subject: 'По жалобе' })).body;
    const asked = await company.post('/api/threads', { kind: 'inspection', form: { inspectionId: inspection.id, about: 'Внеплановая 01.10.2026' }, body: 'Какие документы подготовить?' });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ kind: 'inspection', subject: 'Вопрос о проверке: Внеплановая 01.10.2026', form: { inspectionId: inspection.id } });
    const foreign = await engineer.post('/api/threads', { kind: 'inspection', form: { inspectionId: inspection.id }, body: 'Чужая' });
    expect(foreign.body.error.fields['form.inspectionId']).toMatch(/не найдена/);
  });
});

describe('contracts and the КФ ОДО headroom', () => {
  it('counts obligations of active contracts and the headroom at every level, the last without a ceiling', async () => {
    const add = (number: string, price: number, status: string, completedAmount = 0) =>
      admin.post(`/api/admin/members/${companyId()}/contracts`, { number, customer: 'ГБУ «Заказчик»', price, signedAt: '2026-02-01', status, completedAmount });
    expect((await add('1-2026', 40_000_000_00, 'active', 5_000_000_00)).status).toBe(201); // 35 млн left
    expect((await add('2-2026', 20_000_000_00, 'active')).status).toBe(201); // 20 млн
    expect((await add('3-2025', 90_000_000_00, 'completed', 90_000_000_00)).status).toBe(201); // not counted
    expect((await add('4-2026', 100, 'active', 200)).body.error.fields.completedAmount).toBeTruthy();
    const expected: Record<number, { limit: number | null; headroom: number | null; lowHeadroom: boolean }> = {
      1: { limit: 60_000_000_00, headroom: 5_000_000_00, lowHeadroom: true },
      2: { limit: 500_000_000_00, headroom: 445_000_000_00, lowHeadroom: false },
      3: { limit: 3_000_000_000_00, headroom: 2_945_000_000_00, lowHeadroom: false },
      4: { limit: 10_000_000_000_00, headroom: 9_945_000_000_00, lowHeadroom: false },
      5: { limit: null, headroom: null, lowHeadroom: false },
    };
    for (const level of [1, 2, 3, 4, 5]) {
      await inSro(portal, () => Member.updateOne({ _id: companyId() }, { $set: { 'responsibility.levelOdo': level } }));
      const res = await company.get('/api/contracts');
      expect(res.body.odo).toEqual({ level, obligations: 55_000_000_00, ...expected[level] });
    }
    expect((await company.get('/api/contracts')).body.items).toHaveLength(3);
    // An SRO whose rules set other ceilings: the admin changes them, the headroom follows.
    const settings = (await admin.get('/api/admin/settings/finance')).body;
    expect(settings.odoLimits).toMatchObject({ 1: 60_000_000_00, 5: null });
    const expert = await signIn(portal.url, 'expert@example.org');
    expect((await expert.put('/api/admin/settings/finance', settings)).status).toBe(403);
    expect((await admin.put('/api/admin/settings/finance', { ...settings, odoLimits: { ...settings.odoLimits, 1: -5 } })).status).toBe(400);
    expect((await admin.put('/api/admin/settings/finance', { odoLimits: { ...settings.odoLimits, 1: 100_000_000_00 }, paymentTypeNames: { targeted: 'Целевой взнос на НОСТРОЙ' } })).status).toBe(200);
    await inSro(portal, () => Member.updateOne({ _id: companyId() }, { $set: { 'responsibility.levelOdo': 1 } }));
    expect((await company.get('/api/contracts')).body.odo).toMatchObject({ limit: 100_000_000_00, headroom: 45_000_000_00, lowHeadroom: false });
    expect((await engineer.get('/api/contracts')).body).toEqual({ items: [], odo: { level: null, limit: null, obligations: 0, headroom: null, lowHeadroom: false } });
  });
  it('applies a member\'s ОДО report in one action: a new contract joins the obligations, a completion frees them', async () => {
    const expert = await signIn(portal.url, 'expert@example.org');
    const before = (await company.get('/api/contracts')).body.odo.obligations;
    const report = await company.post('/api/threads', { kind: 'odo_control', form: { report: 'new_contract', number: 'ОДО-77', customer: 'ГКУ «Дирекция»', price: 12_000_000_00, signedAt: '2026-11-20' }, body: 'Новый договор по 44-ФЗ' });
    expect(report.status).toBe(201);
    const incomplete = await company.post('/api/threads', { kind: 'odo_control', form: { report: 'new_contract', number: 'X' } });
    expect(incomplete.body.error.fields).toMatchObject({ 'form.customer': expect.any(String), 'form.price': expect.any(String), 'form.signedAt': expect.any(String) });
    expect((await company.post(`/api/odo-control/${report.body.id}/apply`)).status).toBe(403);

    const applied = await expert.post(`/api/odo-control/${report.body.id}/apply`);
    expect(applied.status).toBe(200);
    expect(applied.body.thread.status).toBe('resolved');
    expect(applied.body.contract).toMatchObject({ number: 'ОДО-77', status: 'active', price: 12_000_000_00 });
    expect((await company.get('/api/contracts')).body.odo.obligations).toBe(before + 12_000_000_00);
    expect((await expert.post(`/api/odo-control/${report.body.id}/apply`)).status).toBe(409);

    const done = await company.post('/api/threads', { kind: 'odo_control', form: { report: 'completion', number: 'ОДО-77', outcome: 'completed' } });
    expect((await expert.post(`/api/odo-control/${done.body.id}/apply`)).body.contract).toMatchObject({ status: 'completed', completedAmount: 12_000_000_00 });
    expect((await company.get('/api/contracts')).body.odo.obligations).toBe(before);
    const unknown = await company.post('/api/threads', { kind: 'odo_control', form: { report: 'completion', number: 'НЕТ-1' } });
    expect((await expert.post(`/api/odo-control/${unknown.body.id}/apply`)).body.error.fields['form.number']).toMatch(/нет среди договоров/);
    const messages = (await company.get(`/api/threads/${report.body.id}/messages`)).body.items;
    expect(messages.some((m: { body: string }) => m.body.includes('Договор № ОДО-77'))).toBe(true);
  });
});

describe('НРС specialists', () => {
  it('lists the member\'s specialists and flags a НОК older than five years', async () => {
    expect((await admin.post(`/api/admin/members/${companyId()}/specialists`, { fullName: 'Петров Пётр Петрович', nrsNumber: 'С-77-123456', position: 'ГИП', nokDate: '2019-03-01' })).status).toBe(201);
    expect((await admin.post(`/api/admin/members/${companyId()}/specialists`, { fullName: 'Иванова Анна Сергеевна', nrsNumber: 'С-77-654321', nokDate: daysFromToday(-365) })).status).toBe(201);
    const list = await company.get('/api/specialists');
    expect(list.body.items.map((s: { fullName: string; nokExpired: boolean }) => [s.fullName, s.nokExpired])).toEqual([['Иванова Анна Сергеевна', false], ['Петров Пётр Петрович', true]]);
    expect((await engineer.get('/api/specialists')).body.items).toEqual([]);
  });
});

describe('complaints', () => {
  it('the member writes in a complaint but cannot close it; staff close and reopen; filters by year and open', async () => {
    const complaint = await admin.post('/api/threads', { kind: 'complaint', memberId: companyId(), subject: 'Жалоба заказчика на сроки', body: 'Поступила жалоба' });
    expect(complaint.status).toBe(201);
    const id = complaint.body.id;
    expect((await company.post(`/api/threads/${id}/messages`, { body: 'Даём пояснения', clientMsgId: 'complaint-answer-1' })).status).toBe(201);
    const close = await company.patch(`/api/threads/${id}`, { status: 'closed' });
    expect(close.status).toBe(409);
    expect(close.body.error.code).toBe('invalid_transition');
    const year = new Date().getUTCFullYear();
    expect((await company.get(`/api/threads?kind=complaint&year=${year}&open=true`)).body.items.map((t: { id: string }) => t.id)).toContain(id);
    // Staff close only what was resolved (or rejected): never straight from work.
    expect((await admin.patch(`/api/threads/${id}`, { status: 'closed' })).status).toBe(409);
    expect((await admin.patch(`/api/threads/${id}`, { status: 'resolved' })).status).toBe(200);
    expect((await admin.patch(`/api/threads/${id}`, { status: 'closed' })).status).toBe(200);
    expect((await company.get(`/api/threads?kind=complaint&open=true`)).body.items.map((t: { id: string }) => t.id)).not.toContain(id);
    expect((await company.get(`/api/threads?kind=complaint&open=false`)).body.items.map((t: { id: string }) => t.id)).toContain(id);
    expect((await company.get(`/api/threads?kind=complaint&year=${year - 1}`)).body.items).toEqual([]);
    const reopened = await admin.patch(`/api/threads/${id}`, { status: 'in_progress' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).toBe('in_progress');
  });

  it('refuses an empty general request, and titles one by its topic', async () => {
    const empty = await company.post('/api/threads', { kind: 'general', form: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields.body).toBeTruthy();
    const titled = await company.post('/api/threads', { kind: 'general', form: { topic: 'Вопрос о взносах за 2027 год' } });
    expect(titled.status).toBe(201);
    expect(titled.body.subject).toBe('Вопрос о взносах за 2027 год');
    const found = await admin.get(`/api/threads?q=${encodeURIComponent('взносах')}`);
    expect(found.body.items.map((t: { id: string }) => t.id)).toContain(titled.body.id);
    expect((await admin.get('/api/threads?assignee=mine')).status).toBe(200);
  });

  it('staff reopen a request the member withdrew', async () => {
    const request = await company.post('/api/threads', { kind: 'general', subject: 'Вопрос', body: 'Текст' });
    expect((await company.patch(`/api/threads/${request.body.id}`, { status: 'closed' })).status).toBe(200);
    expect((await admin.patch(`/api/threads/${request.body.id}`, { status: 'in_progress' })).body.status).toBe('in_progress');
  });
});
