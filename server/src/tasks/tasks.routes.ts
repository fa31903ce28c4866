import { z } from 'zod';
import { Types } from 'mongoose';
import { TASK_STATUSES, completeTaskSchema, createTaskSchema, objectIdSchema, updateTaskSchema, type TaskDto, type TaskEventDto } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext, PortalModule } from '../core/module';
import { errors } from '../core/errors';
import { fromDay, toDay, toDayOrUndefined, today } from '../core/dates';
import type { AuthUser } from '../auth/tokens';
import { audit } from '../audit/audit.service';
import { requireMember } from '../members/member-scope';
import { notifyMemberUsers } from '../notifications/member-notices';
import { notify } from '../notifications/notification.service';
import { displayName } from '../users/display-name';
import { FileRecord, type FileFields } from '../files/file.model';
import { assertOwnFiles } from '../files/files.service';
import { Task, type TaskFields } from './task.model';

// Tasks (СЕРВИС → Задачи): staff set one to a member; the member's users see their member's tasks only and mark
// them done with a comment or files; both sides see the history; a due date is in the calendar.

const present = (t: TaskFields): TaskDto => ({
  id: String(t._id), memberId: String(t.memberId), memberName: t.memberName, title: t.title, description: t.description,
  dueDate: toDayOrUndefined(t.dueDate), documentRequired: t.documentRequired, status: t.status,
  overdue: t.status === 'open' && !!t.dueDate && t.dueDate < today(), createdAt: t.createdAt.toISOString(),
  history: t.history.map((h): TaskEventDto => ({ at: h.at.toISOString(), actorName: h.actorName, action: h.action as TaskEventDto['action'], comment: h.comment, files: h.files })),
});

const listQuery = z.object({ status: z.enum(TASK_STATUSES).optional() });

/** The member's own tasks only: anyone else's is "not found". */
async function loadTaskFor(user: AuthUser, id: string): Promise<TaskFields> {
  const scope = user.role === 'member' ? { memberId: new Types.ObjectId(user.memberId) } : {};
  const task = await Task.findOne({ _id: id, ...scope }).lean<TaskFields>();
  if (!task) throw errors.notFound('Задача не найдена');
  return task;
}

const event = async (user: AuthUser, action: string, extra: { comment?: string; files?: { id: string; name: string; size: number }[] } = {}) =>
  ({ at: new Date(), actorId: new Types.ObjectId(user.id), actorName: await displayName(user.id), action, ...extra });

function tasksRoutes(ctx: ModuleContext): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/tasks', access: 'member', query: listQuery,
      handler: async ({ user, query }) => ({ items: (await Task.find({ memberId: user.memberId, ...(query.status ? { status: query.status } : {}) }).sort({ status: 1, dueDate: 1, _id: -1 }).limit(500).lean<TaskFields[]>()).map(present) }),
    }),
    route({
      method: 'get', path: '/admin/tasks', access: 'staff', query: listQuery.extend({ memberId: objectIdSchema.optional() }),
      handler: async ({ query }) => {
        const filter: Record<string, unknown> = { ...(query.status ? { status: query.status } : {}), ...(query.memberId ? { memberId: new Types.ObjectId(query.memberId) } : {}) };
        return { items: (await Task.find(filter).sort({ dueDate: 1, _id: -1 }).limit(500).lean<TaskFields[]>()).map(present) };
      },
    }),
    route({
      method: 'post', path: '/admin/members/:id/tasks', access: 'staff', status: 201, params: z.object({ id: objectIdSchema }), body: createTaskSchema,
      handler: async ({ user, params, body }) => {
        const member = await requireMember(params.id);
        const created = (await Task.create({ ...body, dueDate: body.dueDate ? fromDay(body.dueDate) : null, memberId: member._id, memberName: member.name, createdBy: user.id, history: [await event(user, 'created')] })).toObject() as unknown as TaskFields;
        await audit({ action: 'task.created', actorId: user.id, actorRole: user.role, entity: 'member', entityId: params.id, details: { title: body.title, dueDate: body.dueDate } });
        await notifyMemberUsers(ctx, member._id, { kind: 'task', title: `Новая задача от СРО: ${body.title}`, body: body.dueDate ? `Срок — ${body.dueDate.split('-').reverse().join('.')}` : undefined, link: '/tasks' }, 'document');
        return present(created);
      },
    }),
    route({
      method: 'post', path: '/tasks/:id/done', access: 'member', params: z.object({ id: objectIdSchema }), body: completeTaskSchema,
      handler: async ({ user, params, body }) => {
        const task = await loadTaskFor(user, params.id);
        if (task.status !== 'open') throw errors.conflict('Задача уже закрыта');
        if (task.documentRequired && !body.fileIds.length) throw errors.validation({ fileIds: 'Приложите документ, который просит СРО' });
        await assertOwnFiles(user, body.fileIds);
        const files = await FileRecord.find({ _id: { $in: body.fileIds } }).lean<FileFields[]>();
        // The files are held by the task (never swept as abandoned uploads); staff read them as staff.
        await FileRecord.updateMany({ _id: { $in: body.fileIds } }, { $set: { heldBy: `task:${task._id}` } });
        const updated = await Task.findOneAndUpdate({ _id: task._id, status: 'open' }, { $set: { status: 'done' }, $push: { history: await event(user, 'done', { comment: body.comment, files: files.map((f) => ({ id: String(f._id), name: f.name, size: f.size })) }) } }, { returnDocument: 'after' }).lean<TaskFields>();
        if (!updated) throw errors.conflict('Задача уже закрыта');
        await audit({ action: 'task.done', actorId: user.id, actorRole: user.role, entity: 'member', entityId: String(task.memberId), details: { taskId: params.id, files: files.length } });
        if (task.createdBy) await notify(ctx.io, [String(task.createdBy)], { kind: 'task', title: `Задача выполнена: ${task.title}`, body: task.memberName, link: `/members/${task.memberId}` });
        return present(updated);
      },
    }),
    route({
      method: 'patch', path: '/admin/tasks/:id', access: 'staff', params: z.object({ id: objectIdSchema }), body: updateTaskSchema,
      handler: async ({ user, params, body }) => {
        const task = await loadTaskFor(user, params.id);
        const set: Record<string, unknown> = {};
        let action = body.comment ? 'comment' : 'changed';
        if (body.status && body.status !== task.status) {
          set.status = body.status;
          action = body.status === 'open' ? 'reopened' : body.status === 'cancelled' ? 'cancelled' : 'done';
        }
        if (body.dueDate !== undefined) set.dueDate = body.dueDate ? fromDay(body.dueDate) : null;
        const updated = await Task.findOneAndUpdate({ _id: task._id }, { $set: set, $push: { history: await event(user, action, { comment: body.comment }) } }, { returnDocument: 'after' }).lean<TaskFields>();
        await audit({ action: `task.${action}`, actorId: user.id, actorRole: user.role, entity: 'member', entityId: String(task.memberId), details: { taskId: params.id, ...body } });
        if (action === 'reopened' || body.comment) await notifyMemberUsers(ctx, task.memberId, { kind: 'task', title: action === 'reopened' ? `СРО вернула задачу: ${task.title}` : `Комментарий СРО к задаче: ${task.title}`, body: body.comment, link: '/tasks' }, 'document');
        return present(updated!);
      },
    }),
  ];
}

/** Open tasks with a due date in a period: the member's calendar items. */
export async function taskDueItems(memberId: Types.ObjectId, from: Date, to: Date) {
  const tasks = await Task.find({ memberId, status: 'open', dueDate: { $gte: from, $lte: to } }, { title: 1, dueDate: 1 }).lean<TaskFields[]>();
  return tasks.map((t) => ({ id: `task-${t._id}`, kind: 'task_due' as const, title: `Задача: ${t.title}`, date: toDay(t.dueDate!), link: '/tasks' }));
}

export const tasksModule: PortalModule = { name: 'tasks', routes: tasksRoutes };
