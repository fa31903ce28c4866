import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/portal';
import { apiClient, signIn } from '../support/http';

let portal: TestPortal;
beforeAll(async () => {
  portal = await startTestPortal();
});
afterAll(async () => {
  await portal?.stop();
});

const CLOSED_MARKERS = ['"4510"', '"123456"', 'series', 'passport', 'Примерная', '1985', 'Хамовники', 'birth', 'residence', 'closed'];

describe('registry', () => {
  it('shows the member its own card with the closed part', async () => {
    const engineer = await signIn(portal.url, 'engineer@example.org');
    const card = await engineer.get('/api/members/me');
    expect(card.status).toBe(200);
    expect(card.body).toMatchObject({ inn: '500100732259', closed: { passport: { series: '4510', number: '123456' } } });
  });

  it('never puts the closed part into public list, search or card responses', async () => {
    const api = apiClient(portal.url);
    const list = await api.get('/api/registry');
    expect(list.status).toBe(200);
    const engineer = list.body.items.find((m: { inn: string }) => m.inn === '500100732259');
    expect(engineer).toBeTruthy();
    const responses = [
      list,
      await api.get('/api/registry?q=4510'),
      await api.get('/api/registry?q=123456'),
      await api.get('/api/registry?q=кадастрова'),
      await api.get(`/api/registry/${engineer.id}`),
      await api.get('/api/registry/000000000000000000000000'),
    ];
    for (const res of responses) {
      const text = JSON.stringify(res.body);
      for (const marker of CLOSED_MARKERS) expect(text, `${marker} leaked`).not.toContain(marker);
    }
    expect(responses[1].body.items).toEqual([]);
    expect(responses[3].body.items.map((m: { inn: string }) => m.inn)).toEqual(['500100732259']);
    expect(responses[5].status).toBe(404);
  });

  it('finds members by INN prefix and registration number', async () => {
    const api = apiClient(portal.url);
    expect((await api.get('/api/registry?q=77012')).body.items.map((m: { inn: string }) => m.inn)).toEqual(['7701234560']);
    expect((await api.get('/api/registry?q=ки-0042')).body.items.map((m: { inn: string }) => m.inn)).toEqual(['500100732259']);
  });

  it('keeps the member card away from other members and from staff-only routes', async () => {
    const member = await signIn(portal.url, 'member@example.org');
    const card = await member.get('/api/members/me');
    expect(JSON.stringify(card.body)).not.toContain('4510');
    const staffOnly = await member.post('/api/admin/members/000000000000000000000000/users', { email: 'x@example.org' });
    expect(staffOnly.status).toBe(403);
  });
});
