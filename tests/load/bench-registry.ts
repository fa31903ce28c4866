// `npx tsx tests/load/bench-registry.ts [members]`: the registry at scale (default 50 000 members) on the embedded
// database, through HTTP — public list, deep cursor paging, prefix searches, the card, the staff list, and a CSV
// import dry run against the full registry. Prints a table; not a timed test (machines differ).
import { startPortal } from '../../server/src/portal';
import { runWithTenant } from '../../server/src/core/tenancy';
import { Member } from '../../server/src/members/member.model';
import { memberSearchText, searchTerms } from '../../server/src/members/member.search';

const TOTAL = Number(process.argv[2] ?? 50_000);
const SURNAMES = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров'];
const FIRST = ['Александр', 'Сергей', 'Дмитрий', 'Андрей', 'Алексей', 'Максим', 'Евгений', 'Иван'];
const WORDS = ['Строй', 'Монтаж', 'Проект', 'Инжиниринг', 'Кадастр', 'Геодезия', 'Капитал', 'Альянс', 'Технологии', 'Система', 'Регион', 'Север', 'Восток', 'Градо', 'Мост', 'Дом'];

/** A valid INN from a number: 10 digits for organisations, 12 for persons. */
function inn(n: number, person: boolean): string {
  const sum = (d: number[], w: number[]) => (w.reduce((s, x, i) => s + x * d[i], 0) % 11) % 10;
  if (!person) {
    const base = String(770_000_000 + n);
    return base + sum(base.split('').map(Number), [2, 4, 10, 3, 5, 9, 4, 6, 8]);
  }
  let s = String(5_000_000_000 + n);
  s += sum(s.split('').map(Number), [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
  return s + sum(s.split('').map(Number), [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
}

function member(n: number) {
  const kind = n % 10 < 5 ? 'legal_entity' : n % 10 < 7 ? 'sole_proprietor' : 'individual';
  const person = `${SURNAMES[n % 16]} ${FIRST[(n >> 4) % 8]} ${FIRST[(n >> 7) % 8]}ович`;
  const name = kind === 'legal_entity' ? `ООО «${WORDS[n % 16]}${WORDS[(n >> 4) % 16].toLowerCase()} ${n}»` : kind === 'sole_proprietor' ? `ИП ${person}` : person;
  const fields = { kind, name, inn: inn(n, kind !== 'legal_entity'), regNumber: `СРО-${String(n).padStart(5, '0')}`, regDate: new Date(Date.UTC(2010 + (n % 15), n % 12, 1 + (n % 28))) };
  const searchText = memberSearchText(fields);
  return {
    ...fields, status: n % 20 === 0 ? 'excluded' : n % 33 === 0 ? 'suspended' : 'member', searchText, searchTerms: searchTerms(searchText),
    email: `m${n}@example.org`, phone: '+7 495 000-00-00', legalAddress: `г. Москва, ул. Примерная, д. ${n % 200}`,
    closed: kind === 'individual' ? { passport: { series: String(4500 + (n % 99)), number: String(100000 + n) }, birthDate: '1980-01-01' } : undefined,
    createdAt: new Date(), updatedAt: new Date(),
  };
}

const portal = await startPortal({ ephemeral: true, config: { port: 0, host: '127.0.0.1', dataDir: '/tmp/sro-bench-registry', seedDemo: true, logLevel: 'silent', maxConnectionsPerAddress: 0 } });
const rows: string[][] = [];
const ms = (v: number) => `${v.toFixed(1)} ms`;

async function measure(label: string, times: number, path: (i: number) => string, token?: string, check?: (body: any) => void): Promise<any> {
  const samples: number[] = [];
  let last: any;
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    const res = await fetch(portal.url + path(i), { headers: token ? { authorization: `Bearer ${token}` } : {} });
    last = await res.json();
    if (!res.ok) throw new Error(`${path(i)} → ${res.status} ${JSON.stringify(last)}`);
    samples.push(performance.now() - t0);
    check?.(last);
  }
  samples.sort((a, b) => a - b);
  rows.push([label, String(times), ms(samples[Math.floor(times / 2)]), ms(samples[Math.min(times - 1, Math.floor(times * 0.95))])]);
  return last;
}

const seedStart = performance.now();
await runWithTenant(portal.defaultSroId, async () => {
  for (let start = 0; start < TOTAL; start += 2000) {
    await Member.insertMany(Array.from({ length: Math.min(2000, TOTAL - start) }, (_, k) => member(start + k)), { lean: true });
  }
});
const seedMs = performance.now() - seedStart;
const login = async (email: string) => (await (await fetch(`${portal.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: email, password: 'demo-password-1' }) })).json()).accessToken as string;
const expert = await login('expert@example.org');
const engineer = await login('engineer@example.org');
const noClosed = (body: unknown) => {
  if (/passport|birth|"4510"/.test(JSON.stringify(body))) throw new Error('closed part in a public answer');
};

const first = await measure(`public list, first page (${TOTAL} members)`, 50, () => '/api/registry?limit=25', undefined, noClosed);
let cursor = first.nextCursor as string;
await measure('public list, 40 pages deep by cursor', 40, () => `/api/registry?limit=25&cursor=${cursor}`, undefined, (b) => (cursor = b.nextCursor));
await measure('public search, common word "строй" (1/16 of all)', 30, () => '/api/registry?q=%D1%81%D1%82%D1%80%D0%BE%D0%B9&limit=25', undefined, noClosed);
let sCursor = '';
await measure('public search "строй", 20 pages by cursor', 20, () => `/api/registry?q=%D1%81%D1%82%D1%80%D0%BE%D0%B9&limit=25${sCursor ? `&cursor=${sCursor}` : ''}`, undefined, (b) => (sCursor = b.nextCursor ?? ''));
await measure('public search, one-letter prefix "с"', 30, () => '/api/registry?q=%D1%81&limit=25');
await measure('public search, surname + name prefix', 50, (i) => `/api/registry?q=${encodeURIComponent(`${SURNAMES[i % 16]} ${FIRST[i % 8].slice(0, 3)}`)}`);
await measure('public search, full INN', 50, (i) => `/api/registry?q=${inn(i * 997 % TOTAL, (i * 997 % TOTAL) % 10 >= 5)}`, undefined, (b) => { if (b.items.length !== 1) throw new Error('INN not found'); });
await measure('public search, INN prefix (7 digits)', 50, (i) => `/api/registry?q=770000${i % 10}`);
await measure('public search, registration number', 50, (i) => `/api/registry?q=${encodeURIComponent(`СРО-${String(i * 611 % TOTAL).padStart(5, '0')}`)}`);
await measure('public search, closed data "4510 100000" (no hits)', 30, () => '/api/registry?q=4510%20100000', undefined, (b) => { if (b.items.length) throw new Error('closed part searchable'); });
await measure('public filter status=excluded (5%)', 30, () => '/api/registry?status=excluded&limit=25');
await measure('public search + status=suspended', 30, () => '/api/registry?q=%D0%B8%D0%BF&status=suspended&limit=25');
await measure('public card', 50, (i) => `/api/registry/${first.items[i % first.items.length].id}`, undefined, noClosed);
await measure('staff list, search + kind filter', 30, () => '/api/admin/members?q=%D0%BA%D0%B0%D0%B4%D0%B0%D1%81%D1%82%D1%80&kind=legal_entity&limit=25', expert);
await measure('member: own card (GET /api/members/me)', 50, () => '/api/members/me', engineer);

// Import dry run against the full registry: 5 000 rows, half matching existing INNs (with a changed name).
const csv = ['ИНН;Наименование;Рег. номер'];
for (let i = 0; i < 5000; i++) csv.push(i % 2 ? `${inn(i * 3, false)};ООО «Переименовано ${i}»;СРО-${i}` : `${inn(TOTAL + i, false)};ООО «Новое ${i}»;НОВ-${i}`);
const t0 = performance.now();
const started = await (await fetch(`${portal.url}/api/admin/registry-import?dryRun=1`, { method: 'POST', headers: { authorization: `Bearer ${expert}`, 'content-type': 'text/csv' }, body: csv.join('\n') })).json();
let job: any;
do {
  await new Promise((r) => setTimeout(r, 100));
  job = await (await fetch(`${portal.url}/api/admin/registry-import/${started.jobId}`, { headers: { authorization: `Bearer ${expert}` } })).json();
} while (job.status === 'running');
rows.push([`CSV import dry run, 5 000 rows vs ${TOTAL} (${job.report.created} new, ${job.report.updated} changed)`, '1', ms(performance.now() - t0), '']);

await portal.stop();
console.log(`Seeded ${TOTAL} members in ${(seedMs / 1000).toFixed(1)} s (insertMany, 2 000 a batch).\n`);
console.log('| request | n | median | p95 |\n|---|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
