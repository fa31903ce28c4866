import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/portal';
import { apiClient, signIn } from '../support/http';
import { inSro } from './access-support';
import { Member } from '../../server/src/members/member.model';
import { Thread } from '../../server/src/threads/thread.model';
import { reindexSearch } from '../../server/src/members/search-reindex.migration';

// Issue 15: every search box finds any fragment of three letters or more — in names, INN, OGRN, numbers and
// subjects — case- and ё-insensitive, on an index, never in the closed part.

let portal: TestPortal;
let expert: Awaited<ReturnType<typeof signIn>>;
let company: Awaited<ReturnType<typeof signIn>>;
const names = (body: { items: { name: string }[] }) => body.items.map((i) => i.name).sort();

beforeAll(async () => {
  portal = await startTestPortal();
  [expert, company] = await Promise.all([signIn(portal.url, 'expert@example.org'), signIn(portal.url, 'member@example.org')]);
  await inSro(portal, () => Member.create([
    { kind: 'legal_entity', name: 'ООО «Мосстрой»', inn: '7701234567', ogrn: '1157746389012', regNumber: 'СРО-С-777' },
    { kind: 'legal_entity', name: 'АО «Спецстройинвест»', inn: '5003004005' },
    { kind: 'individual', name: 'Иванов Пётр Семёнович', inn: '500100000001', closed: { passport: { series: '4510', number: '777888' }, birthPlace: 'Тверь' } },
  ]));
});
afterAll(async () => portal.stop());

describe('search by any part of a word', () => {
  it('finds members by a fragment of the name, INN, OGRN or number, whatever the case or ё', async () => {
    const registry = apiClient(portal.url);
    const search = async (q: string) => names((await registry.get(`/api/registry?q=${encodeURIComponent(q)}`)).body);
    expect(await search('строй')).toEqual(expect.arrayContaining(['АО «Спецстройинвест»', 'ООО «Мосстрой»']));
    expect(await search('ванов')).toEqual(['Иванов Пётр Семёнович']);
    expect(await search('СЕМЁН')).toEqual(['Иванов Пётр Семёнович']);
    expect(await search('семен')).toEqual(['Иванов Пётр Семёнович']);
    expect(await search('4567')).toEqual(['ООО «Мосстрой»']);
    expect(await search('7746389')).toEqual(['ООО «Мосстрой»']);
    expect(await search('с-777')).toEqual(['ООО «Мосстрой»']);
    expect(await search('мос инвест')).toEqual([]); // every word must match the same member
    // Never the closed part: not the passport, not the place of birth.
    expect(await search('777888')).toEqual([]);
    expect(await search('тверь')).toEqual([]);
    // The staff list searches the same way.
    expect(names((await expert.get(`/api/admin/members?q=${encodeURIComponent('пецстр')}`)).body)).toEqual(['АО «Спецстройинвест»']);
  });

  it('finds threads by a fragment of the subject, member name or number in the inbox', async () => {
    const created = await company.post('/api/threads', { kind: 'general', form: { topic: 'Перерасчёт членского взноса' }, body: 'Просим пересчитать' });
    expect(created.status).toBe(201);
    const find = async (q: string) => (await expert.get(`/api/threads?q=${encodeURIComponent(q)}`)).body.items.map((t: { id: string }) => t.id);
    expect(await find('расчет')).toContain(created.body.id);
    expect(await find('ленск')).toContain(created.body.id);
    expect(await find('роймонт')).toContain(created.body.id); // ООО «СтройМонтаж»
    await expert.patch(`/api/threads/${created.body.id}`, { status: 'registered' });
    const regNumber = (await expert.get(`/api/threads/${created.body.id}`)).body.regNumber as string;
    expect(await find(regNumber.slice(-4))).toContain(created.body.id);
    expect(await find('пересчит')).toContain(created.body.id); // a word of the letter, by its beginning
    // A member searching its own journal never finds another member's thread.
    const engineer = await signIn(portal.url, 'engineer@example.org');
    expect((await engineer.get(`/api/threads?q=${encodeURIComponent('расчет')}`)).body.items).toEqual([]);
  });

  it('re-indexes members and threads stored with the old word keys, once', async () => {
    await inSro(portal, async () => {
      await Member.collection.updateOne({ inn: '5003004005' }, { $set: { searchTerms: ['ао', 'спецстройинвест', '5003004005'] }, $unset: { searchVersion: 1 } });
      await Thread.collection.updateMany({}, { $unset: { searchVersion: 1 } });
    });
    expect((await apiClient(portal.url).get('/api/registry?q=стройинв')).body.items).toEqual([]);
    const first = await inSro(portal, () => reindexSearch());
    expect(first.members).toBe(1);
    expect(first.threads).toBeGreaterThan(0);
    expect(names((await apiClient(portal.url).get('/api/registry?q=стройинв')).body)).toEqual(['АО «Спецстройинвест»']);
    expect(await inSro(portal, () => reindexSearch())).toEqual({ members: 0, threads: 0 });
  });
});
