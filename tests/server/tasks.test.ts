import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/portal';
import { signIn } from '../support/http';
import { letterTo } from './access-support';
import { uploadFiles } from './signatures-support';
import { runReminders } from '../../server/src/reminders/reminders';

// Tasks (issue 12, СЕРВИС → Задачи): staff set one to a member, the member's users alone see it and close it with
// a comment or files, both see the history, a due one is in the calendar.

let portal: TestPortal;
let expert: Awaited<ReturnType<typeof signIn>>;
let company: Awaited<ReturnType<typeof signIn>>;
let engineer: Awaited<ReturnType<typeof signIn>>;
beforeAll(async () => {
  portal = await startTestPortal();
  [expert, company, engineer] = await Promise.all(['expert@example.org', 'member@example.org', 'engineer@example.org'].map((l) => signIn(portal.url, l)));
});
afterAll(async () => portal.stop());

const inDays = (n: number) => new Date(Date.now() + 3 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);

describe('tasks', () => {
  it('staff set a task; only its member sees it, in the calendar too; done with a file; staff see the history', async () => {
    const created = await expert.post(`/api/admin/members/${company.user.memberId}/tasks`, { title: 'Представить копию полиса страхования', dueDate: inDays(5), documentRequired: true });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'open', overdue: false, documentRequired: true, history: [{ action: 'created', actorName: 'Олег Экспертов' }] });
    expect((await letterTo(portal, 'member@example.org', 'Новая задача от СРО')).text).toContain('Представить копию полиса');

    expect((await company.get('/api/tasks')).body.items.map((t: { id: string }) => t.id)).toEqual([created.body.id]);
    expect((await engineer.get('/api/tasks')).body.items).toEqual([]);
    expect((await engineer.post(`/api/tasks/${created.body.id}/done`, {})).status).toBe(404);
    expect((await company.post(`/api/admin/members/${company.user.memberId}/tasks`, { title: 'Сам себе' })).status).toBe(403);
    const calendar = (await company.get(`/api/calendar?from=${inDays(0)}&to=${inDays(10)}`)).body.items;
    expect(calendar).toContainEqual(expect.objectContaining({ kind: 'task_due', date: inDays(5), link: '/tasks' }));
    expect((await engineer.get(`/api/calendar?from=${inDays(0)}&to=${inDays(10)}`)).body.items.some((i: { kind: string }) => i.kind === 'task_due')).toBe(false);

    // The document is required: without it the task stays open.
    const missing = await company.post(`/api/tasks/${created.body.id}/done`, { comment: 'Готово' });
    expect(missing.body.error).toMatchObject({ code: 'validation_failed', fields: { fileIds: expect.any(String) } });
    const file = await uploadFiles(portal.url, company.accessToken, [{ name: 'полис.pdf', bytes: Buffer.from('%PDF-1.4\n%%EOF\n') }]);
    const done = await company.post(`/api/tasks/${created.body.id}/done`, { comment: 'Полис во вложении', fileIds: [file.body.items[0].id] });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', history: [{ action: 'created' }, { action: 'done', comment: 'Полис во вложении', files: [{ name: 'полис.pdf' }] }] });
    expect((await company.post(`/api/tasks/${created.body.id}/done`, { fileIds: [file.body.items[0].id] })).status).toBe(409);
    const staffView = (await expert.get(`/api/admin/tasks?memberId=${company.user.memberId}`)).body.items[0];
    expect(staffView.history.at(-1)).toMatchObject({ actorName: 'Сергей Директоров', action: 'done' });
    expect((await fetch(`${portal.url}/api/files/${file.body.items[0].id}`, { headers: { authorization: `Bearer ${expert.accessToken}` } })).status).toBe(200);

    // Staff reopen it with a comment; the member is told.
    const reopened = await expert.patch(`/api/admin/tasks/${created.body.id}`, { status: 'open', comment: 'Полис просрочен, нужен новый' });
    expect(reopened.body).toMatchObject({ status: 'open', history: expect.arrayContaining([expect.objectContaining({ action: 'reopened', comment: 'Полис просрочен, нужен новый' })]) });
    expect((await letterTo(portal, 'member@example.org', 'СРО вернула задачу')).text).toContain('Полис просрочен');
  });

  it('reminds of an open task due within 3 days once, and once more when it is overdue; a done task is left alone', async () => {
    const soon = (await expert.post(`/api/admin/members/${engineer.user.memberId}/tasks`, { title: 'Сдать копию диплома', dueDate: inDays(2) })).body;
    const done = (await expert.post(`/api/admin/members/${engineer.user.memberId}/tasks`, { title: 'Уже выполненная задача', dueDate: inDays(1) })).body;
    expect((await engineer.post(`/api/tasks/${done.id}/done`, { comment: 'Готово' })).status).toBe(200);
    const reminders = async () => (await engineer.get('/api/notifications?limit=100')).body.items.filter((n: { kind: string }) => n.kind === 'reminder').map((n: { title: string }) => n.title);
    const now = Date.now();
    expect((await runReminders(portal.ctx, new Date(now))).sent).toBe(1);
    expect((await runReminders(portal.ctx, new Date(now))).sent).toBe(0);
    expect(await reminders()).toEqual([`До ${inDays(2)} нужно выполнить задачу: Сдать копию диплома`]);
    // Three days later it is overdue: one more, then never again.
    await runReminders(portal.ctx, new Date(now + 3 * 86_400_000));
    expect((await runReminders(portal.ctx, new Date(now + 3 * 86_400_000))).sent).toBe(0);
    expect((await reminders()).filter((t: string) => t.includes('Сдать копию диплома'))).toEqual([
      `Срок задачи истёк ${inDays(2)}: Сдать копию диплома`,
      `До ${inDays(2)} нужно выполнить задачу: Сдать копию диплома`,
    ]);
    expect((await reminders()).some((t: string) => t.includes('Уже выполненная'))).toBe(false);
    expect(soon.id).toMatch(/^[0-9a-f]{24}$/);
  });
});
