// `npm run bench:portal`: the portal's own lists at scale — the public registry on 50 000 members, the staff
// inbox on 100 000 threads, and the information modules at 10× a large SRO (500 000 payments, 50 000 inspections,
// 5 000 debtors) — through HTTP, on the embedded database. Prints a table (not a test).
import { startPortal } from '../../server/src/portal';
import { runWithTenant } from '../../server/src/core/tenancy';
import { Member } from '../../server/src/members/member.model';
import { Thread } from '../../server/src/threads/thread.model';
import { MEMBER_SEARCH_VERSION, memberSearchText, searchTerms } from '../../server/src/members/member.search';
import { THREAD_SEARCH_VERSION, threadSearchTerms } from '../../server/src/threads/thread.search';
import { Charge, Payment } from '../../server/src/payments/payment.model';
import { Inspection } from '../../server/src/inspections/inspection.model';

const portal = await startPortal({ ephemeral: true, config: { port: 0, host: '127.0.0.1', dataDir: '/tmp/sro-bench', seedDemo: true, logLevel: 'silent', maxConnectionsPerAddress: 0 } });
const rows: string[][] = [];

async function p95(label: string, times: number, path: (i: number) => string, token?: string): Promise<void> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    const res = await fetch(portal.url + path(i), { headers: token ? { authorization: `Bearer ${token}` } : {} });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${path(i)} → ${res.status}`);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  rows.push([label, `${samples[Math.floor(times / 2)].toFixed(1)} ms`, `${samples[Math.floor(times * 0.95)].toFixed(1)} ms`]);
  console.error(`${label}: p95 ${rows.at(-1)![2]}`); // progress while the table is built
}

await runWithTenant(portal.defaultSroId, async () => {
  for (let start = 0; start < 50_000; start += 2000) {
    await Member.insertMany(Array.from({ length: 2000 }, (_, k) => {
      const n = start + k;
      const fields = { kind: 'legal_entity' as const, name: `ООО «Строитель ${n}»`, inn: String(1000000000 + n), regNumber: `СРО-${n}` };
      const searchText = memberSearchText(fields);
      return { ...fields, status: 'member', searchText, searchTerms: searchTerms(searchText), searchVersion: MEMBER_SEARCH_VERSION };
    }));
  }
  const all = await Member.find({}, { _id: 1 }).lean();
  const demo = await Member.findOne({ inn: '7701234560' }, { _id: 1 }).lean();
  const ids = [demo!._id, ...all.map((m) => m._id)];
  // 10 payments per member (the demo company among them), a charge for every tenth member, one inspection each.
  for (let start = 0; start < 500_000; start += 5000) {
    await Payment.insertMany(Array.from({ length: 5000 }, (_, k) => {
      const n = start + k;
      return { memberId: ids[n % ids.length], type: 'membership_fee', amount: 1_000_000 + n, paidAt: new Date(Date.UTC(2020 + (n % 7), n % 12, 1 + (n % 27))), confirmed: n % 5 !== 0 };
    }), { lean: true });
  }
  await Charge.insertMany(ids.filter((_, i) => i % 10 === 0).map((memberId, i) => ({ memberId, type: 'membership_fee', amount: 50_000_000 + i, dueDate: new Date(Date.UTC(2025, i % 12, 1)) })), { lean: true });
  for (let start = 0; start < 50_000; start += 5000) {
    await Inspection.insertMany(Array.from({ length: 5000 }, (_, k) => {
      const n = start + k;
      return { memberId: ids[n % ids.length], type: n % 4 ? 'planned' : 'unplanned', status: ['planned', 'completed', 'in_progress'][n % 3], startDate: new Date(Date.UTC(2024 + (n % 3), n % 12, 1 + (n % 27))), subject: 'Соответствие условиям членства', violations: [] };
    }), { lean: true });
  }
  const members = await Member.find({}, { _id: 1, name: 1 }).limit(500).lean();
  for (let start = 0; start < 100_000; start += 2000) {
    await Thread.insertMany(Array.from({ length: 2000 }, (_, k) => {
      const n = start + k;
      const m = members[n % members.length];
      return { memberId: m._id, memberName: m.name, kind: 'registry_extract', direction: 'incoming', status: ['submitted', 'in_progress', 'resolved'][n % 3], subject: `Выписка ${n}`, searchTerms: threadSearchTerms({ subject: `Выписка ${n}`, memberName: m.name }), searchVersion: THREAD_SEARCH_VERSION, lastSeq: 1, publicCount: 1 };
    }));
  }
});

await p95('public registry, first page (50 000 members)', 50, () => '/api/registry?limit=25');
await p95('public registry, search by name prefix', 50, (i) => `/api/registry?q=${encodeURIComponent(`строитель ${4000 + i}`)}`);
await p95('public registry, search by INN prefix', 50, (i) => `/api/registry?q=10000${1000 + i}`);
await p95('public registry, search by a fragment ("роитель 41…")', 50, (i) => `/api/registry?q=${encodeURIComponent(`роитель 41${i}`)}`);
await p95('public registry, search by an INN fragment', 50, (i) => `/api/registry?q=0${3000 + i}`);
const login = await (await fetch(`${portal.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'expert@example.org', password: 'demo-password-1' }) })).json();
await p95('staff inbox, first page (100 000 threads)', 50, () => '/api/threads?limit=25', login.accessToken);
await p95('staff inbox, status filter', 50, () => '/api/threads?limit=25&status=in_progress', login.accessToken);
await p95('staff inbox, search "выписка 12…"', 50, (i) => `/api/threads?limit=25&q=${encodeURIComponent(`выписка 12${i}`)}`, login.accessToken);
await p95('staff inbox, search by a fragment ("писк 34…")', 50, (i) => `/api/threads?limit=25&q=${encodeURIComponent(`писк 34${i}`)}`, login.accessToken);
const member = await (await fetch(`${portal.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'member@example.org', password: 'demo-password-1' }) })).json();
await p95('member: Платежи with the debt (500 000 payments)', 50, () => '/api/payments', member.accessToken);
await p95('member: Платежи filtered by year and month', 50, (i) => `/api/payments?year=${2020 + (i % 7)}&month=${1 + (i % 12)}`, member.accessToken);
await p95('member: Проверки (50 000 inspections)', 50, () => '/api/inspections', member.accessToken);
await p95('member: Договоры and the КФ ОДО headroom', 50, () => '/api/contracts', member.accessToken);
await p95('member: calendar, the year ahead', 30, () => '/api/calendar', member.accessToken);
await p95('staff: inspection plan of a year, first page', 20, (i) => `/api/admin/inspections?year=${2024 + (i % 3)}`, login.accessToken);
await p95('staff: debtors (5 000 members with charges)', 5, () => '/api/admin/debtors', login.accessToken);
let cursor = '';
await p95('staff inbox, paging 20 pages deep by cursor', 20, () => `/api/threads?limit=25${cursor ? `&cursor=${cursor}` : ''}`, login.accessToken);

await portal.stop();
console.log('| list | median | p95 |\n|---|---|---|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
