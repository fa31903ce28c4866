import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/portal';
import { apiClient, signIn, type ApiResponse } from '../support/http';
import { runWithTenant } from '../../server/src/core/tenancy';
import { Member } from '../../server/src/members/member.model';
import { memberSearchText, searchTerms } from '../../server/src/members/member.search';
import { innFrom } from './registry-support';

let portal: TestPortal;
let engineerId: string;
beforeAll(async () => {
  portal = await startTestPortal();
  // A unique place of birth, so a leak of it cannot hide behind the company's Moscow address.
  const admin = await signIn(portal.url, 'admin@example.org');
  const engineer = (await admin.get('/api/registry?q=500100732259')).body.items[0];
  engineerId = engineer.id;
  const edit = await admin.patch(`/api/admin/members/${engineerId}`, { changes: [{ field: 'closed.birthPlace', newValue: 'с. Верхние Пупки Тверской обл.' }] });
  expect(edit.status).toBe(200);
  // 60 more members, to page through.
  await runWithTenant(portal.defaultSroId, () => Member.insertMany(Array.from({ length: 60 }, (_, i) => {
    const fields = { kind: 'legal_entity', name: `ООО «Пейджинг ${i}»`, inn: innFrom(500 + i), regNumber: `П-${i}`, status: i % 10 === 0 ? 'excluded' : 'member' };
    const searchText = memberSearchText(fields);
    return { ...fields, searchText, searchTerms: searchTerms(searchText) };
  })));
});
afterAll(async () => {
  await portal?.stop();
});

// The demo engineer's closed part (server/src/seed/demo.ts) and the words its fields are stored under. Digits are
// matched as whole JSON values: the company's INN 7701234560 contains "123456" on its own.
const CLOSED_MARKERS = ['"4510"', '"123456"', '4510 123456', 'Хамовники', '1985-02-11', 'Примерная', 'Пупки', 'passport', 'residence', 'birth', 'closed'];

function expectNoClosedPart(res: ApiResponse, what: string) {
  const text = JSON.stringify(res.body);
  for (const marker of CLOSED_MARKERS) expect(text, `${marker} leaked in ${what}`).not.toContain(marker);
}

describe('the member\'s own card', () => {
  it('shows open and closed parts, grouped as the seeds group them, each with its last-confirmed date', async () => {
    const engineer = await signIn(portal.url, 'engineer@example.org');
    const card = await engineer.get('/api/members/me');
    expect(card.status).toBe(200);
    expect(card.body).toMatchObject({
      inn: '500100732259', regNumber: 'КИ-0042', regDate: '2019-06-01',
      closed: { passport: { series: '4510', number: '123456', issuedBy: 'ОВД района Хамовники г. Москвы', issuedAt: '2010-05-20' }, birthDate: '1985-02-11', birthPlace: 'с. Верхние Пупки Тверской обл.', residence: 'г. Москва, ул. Примерная, д. 1, кв. 2' },
    });
    expect(card.body.groups.map((g: { key: string }) => g.key)).toEqual(['general', 'addresses', 'contacts', 'closed', 'insurance', 'education', 'employment', 'responsibility', 'discipline']);
    const closed = card.body.groups.find((g: { key: string }) => g.key === 'closed');
    expect(closed.fields).toEqual(['closed.passport', 'closed.residence', 'closed.birthDate', 'closed.birthPlace']);
    // The staff edit of the birth place confirmed the closed group just now; the others date from the entry.
    expect(Date.now() - Date.parse(closed.confirmedAt)).toBeLessThan(60_000);
    for (const g of card.body.groups) expect(g.confirmedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('shows a company member no one else\'s closed part', async () => {
    const member = await signIn(portal.url, 'member@example.org');
    const card = await member.get('/api/members/me');
    expect(card.body.inn).toBe('7701234560');
    expect(card.body.closed).toEqual({});
    for (const marker of ['"4510"', '"123456"', 'Примерная', 'Пупки']) expect(JSON.stringify(card.body)).not.toContain(marker);
  });
});

describe('public registry', () => {
  it('never puts the closed part into list, search, card or error responses', async () => {
    const api = apiClient(portal.url);
    const pages: ApiResponse[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: ApiResponse = await api.get(`/api/registry?limit=25${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      pages.push(page);
      cursor = page.body.nextCursor;
    }
    expect(pages.flatMap((p) => p.body.items).some((m: { id: string }) => m.id === engineerId)).toBe(true);
    const searches = ['4510', '123456', '4510 123456', 'Примерная', 'Пупки', '1985', '1985-02-11', 'Хамовники', 'кадастрова'];
    const responses: [string, ApiResponse][] = [
      ...pages.map((p, i): [string, ApiResponse] => [`page ${i}`, p]),
      ...(await Promise.all(searches.map(async (q): Promise<[string, ApiResponse]> => [`q=${q}`, await api.get(`/api/registry?q=${encodeURIComponent(q)}`)]))),
      ['card', await api.get(`/api/registry/${engineerId}`)],
      ['404', await api.get('/api/registry/000000000000000000000000')],
      ['bad id', await api.get('/api/registry/4510123456')],
      ['bad cursor', await api.get('/api/registry?cursor=4510123456')],
      ['bad status', await api.get('/api/registry?status=4510')],
    ];
    for (const [what, res] of responses) expectNoClosedPart(res, what);
    const found = Object.fromEntries(responses.filter(([w]) => w.startsWith('q=')).map(([w, r]) => [w, r.body.items.map((m: { inn: string }) => m.inn)]));
    // «123456» is a fragment of the company's INN 7701234560 (found as such); the engineer's passport number never is.
    expect(found).toEqual({ 'q=4510': [], 'q=123456': ['7701234560'], 'q=4510 123456': [], 'q=Примерная': [], 'q=Пупки': [], 'q=1985': [], 'q=1985-02-11': [], 'q=Хамовники': [], 'q=кадастрова': ['500100732259'] });
    const card = responses.find(([w]) => w === 'card')![1];
    expect(card.body).toMatchObject({ id: engineerId, name: 'Кадастрова Анна Петровна', inn: '500100732259', status: 'member' });
    expect(responses.find(([w]) => w === '404')![1].status).toBe(404);
    expect(responses.find(([w]) => w === 'bad cursor')![1].status).toBe(400);
  });

  it('finds members by name, INN and registration number prefixes, and filters by status', async () => {
    const api = apiClient(portal.url);
    const inns = async (q: string) => (await api.get(`/api/registry?${q}`)).body.items.map((m: { inn: string }) => m.inn);
    expect(await inns('q=77012')).toEqual(['7701234560']);
    expect(await inns('q=ки-0042')).toEqual(['500100732259']);
    expect(await inns(`q=${encodeURIComponent('СТРОЙмонт')}`)).toEqual(['7701234560']);
    expect(await inns(`q=${encodeURIComponent('анна кадастр')}`)).toEqual(['500100732259']);
    expect(await inns(`q=${encodeURIComponent('пейджинг 1')}&limit=100`)).toHaveLength(11); // 1, 10…19
    const excluded = await api.get('/api/registry?status=excluded&limit=100');
    expect(excluded.body.items).toHaveLength(6);
    expect(excluded.body.items.every((m: { status: string }) => m.status === 'excluded')).toBe(true);
  });

  it('pages with cursors: every member once, in order, no page longer than the limit', async () => {
    const api = apiClient(portal.url);
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: ApiResponse = await api.get(`/api/registry?q=${encodeURIComponent('пейджинг')}&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.body.items.map((m: { id: string }) => m.id));
      cursor = page.body.nextCursor;
    }
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect([...seen].sort()).toEqual(seen);
  });
});

describe('staff registry routes', () => {
  it('are refused to members: list, card, edit', async () => {
    const member = await signIn(portal.url, 'member@example.org');
    expect((await member.get('/api/admin/members')).status).toBe(403);
    expect((await member.get(`/api/admin/members/${engineerId}`)).status).toBe(403);
    expect((await member.patch(`/api/admin/members/${member.user.memberId}`, { changes: [{ field: 'name', newValue: 'ООО «Сам себе реестр»' }] })).status).toBe(403);
    expect((await apiClient(portal.url).get('/api/admin/members')).status).toBe(401);
  });

  it('lists members with search, filters and cursors, and opens the full card with history', async () => {
    const expert = await signIn(portal.url, 'expert@example.org');
    const list = await expert.get(`/api/admin/members?q=${encodeURIComponent('пейджинг')}&status=member&kind=legal_entity&limit=20`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(20);
    expect(list.body.nextCursor).toBeTruthy();
    const next = await expert.get(`/api/admin/members?q=${encodeURIComponent('пейджинг')}&status=member&limit=50&cursor=${list.body.nextCursor}`);
    expect(next.body.items).toHaveLength(34);
    expect(next.body.nextCursor).toBeNull();
    const card = await expert.get(`/api/admin/members/${engineerId}`);
    expect(card.body.closed.passport).toMatchObject({ series: '4510', number: '123456' });
    expect(card.body.history[0]).toMatchObject({ source: 'staff', actorName: 'Ирина Администратор', changes: [{ field: 'closed.birthPlace', old: 'г. Москва', new: 'с. Верхние Пупки Тверской обл.' }] });
  });
});
