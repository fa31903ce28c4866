import { z } from 'zod';
import { canTransition, objectIdSchema, registryPatchSchema, rejectChangeSchema, REGISTRY_FIELDS, type RegistryChange } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext, PortalModule } from '../core/module';
import { errors } from '../core/errors';
import { Member, type MemberFields } from './member.model';
import { presentOwnCard } from './member.presenter';
import { applyRegistryChanges, memberHistory } from './registry.service';
import { loadThreadFor, displayName } from '../threads/thread-access';
import { changeStatus } from '../threads/status.service';
import { appendMessage } from '../threads/message.service';
import { presentThread } from '../threads/thread.presenter';

const idParams = z.object({ id: objectIdSchema });
const threadParams = z.object({ threadId: objectIdSchema });

const describeChange = (c: { field: string; old: unknown; new: unknown }) =>
  `${c.field}: ${JSON.stringify(c.old ?? '—')} → ${JSON.stringify(c.new)}`;

function membersRoutes(ctx: ModuleContext): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/members/me/history', access: 'member',
      handler: async ({ user }) => ({ items: await memberHistory(user.memberId!, user) }),
    }),
    route({
      method: 'get', path: '/admin/members/:id', access: 'staff', params: idParams,
      handler: async ({ params, user }) => {
        const member = await Member.findById(params.id).lean<MemberFields>();
        if (!member) throw errors.notFound('Член СРО не найден');
        return { ...presentOwnCard(member as Parameters<typeof presentOwnCard>[0]), history: await memberHistory(params.id, user) };
      },
    }),
    // Only staff edit the registry; every edit is validated like a member's report and lands in history + audit.
    route({
      method: 'patch', path: '/admin/members/:id', access: 'staff', params: idParams, body: registryPatchSchema,
      handler: async ({ params, body, user }) => {
        const { member, diff } = await applyRegistryChanges(params.id, body.changes as RegistryChange[], { id: user.id, name: await displayName(user.id), role: user.role }, 'staff');
        return { ...presentOwnCard(member as Parameters<typeof presentOwnCard>[0]), changed: diff };
      },
    }),
    // Applying a member's "report a change" thread: one action updates the registry and resolves the thread.
    route({
      method: 'post', path: '/registry-changes/:threadId/apply', access: 'staff', params: threadParams,
      handler: async ({ params, user }) => {
        const thread = await loadThreadFor(user, params.threadId);
        if (thread.kind !== 'registry_change') throw errors.validation({ threadId: 'Это не сообщение об изменении сведений' });
        if (['resolved', 'rejected', 'closed', 'draft'].includes(thread.status)) throw errors.invalidTransition('Изменения по этому обращению уже рассмотрены');
        const changes = ((thread.form as { changes?: RegistryChange[] }).changes ?? []).filter((c) => c.field in REGISTRY_FIELDS);
        const { diff } = await applyRegistryChanges(String(thread.memberId), changes, { id: user.id, name: await displayName(user.id), role: user.role }, 'member_report', params.threadId);
        const body = diff.length ? `Изменения внесены в реестр:\n${diff.map(describeChange).join('\n')}` : 'Сведения в реестре уже совпадают с сообщёнными';
        const { message, thread: latest } = await appendMessage(thread._id, { kind: 'system', body, author: user });
        ctx.events.emit('message.created', { thread: latest, message, actor: user });
        // "Submitted" cannot jump to "resolved": the lifecycle passes through "in progress", as a person would.
        const working = canTransition(latest.status, 'resolved', user.role) ? latest : await changeStatus(ctx.events, user, latest, 'in_progress');
        const resolved = await changeStatus(ctx.events, user, working, 'resolved');
        return { thread: presentThread(resolved, user), changed: diff };
      },
    }),
    route({
      method: 'post', path: '/registry-changes/:threadId/reject', access: 'staff', params: threadParams, body: rejectChangeSchema,
      handler: async ({ params, body, user }) => {
        const thread = await loadThreadFor(user, params.threadId);
        if (thread.kind !== 'registry_change') throw errors.validation({ threadId: 'Это не сообщение об изменении сведений' });
        const { message, thread: latest } = await appendMessage(thread._id, { kind: 'text', body: `Изменения не внесены: ${body.reason}`, author: user });
        ctx.events.emit('message.created', { thread: latest, message, actor: user });
        const rejected = await changeStatus(ctx.events, user, latest, 'rejected');
        return { thread: presentThread(rejected, user) };
      },
    }),
  ];
}

export const membersModule: PortalModule = { name: 'members', routes: membersRoutes };
