import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { calendarQuerySchema, productionYearSchema, sroEventSchema, type ProductionYearInput } from '@sro/shared';
import { route, type RouteSpec } from '../core/routes';
import type { ModuleContext, PortalModule } from '../core/module';
import { errors } from '../core/errors';
import { fromDay, toDay } from '../core/dates';
import { audit } from '../audit/audit.service';
import { User, type UserFields } from '../users/user.model';
import { notify } from '../notifications/notification.service';
import { currentSro } from '../sros/current-sro';
import { CalendarFeed, SroEvent } from './sro-event.model';
import { calendarFor } from './calendar.service';
import { toICal } from './ical';
import { productionYear, resetProductionYear, saveProductionYear } from './production-calendar.service';

// The calendar (API.md "Calendar"): the user's dated things, SRO events, and a secret iCal feed per user.

const feedUrl = (ctx: ModuleContext, token: string) => `${ctx.config.appUrl}/api/calendar/ical/${token}`;

async function feedToken(userId: string, rotate: boolean): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  if (rotate) {
    await CalendarFeed.updateOne({ userId }, { $set: { token } }, { upsert: true });
    return token;
  }
  const existing = await CalendarFeed.findOne({ userId }).lean<{ token: string }>();
  if (existing) return existing.token;
  await CalendarFeed.updateOne({ userId }, { $setOnInsert: { token } }, { upsert: true });
  return (await CalendarFeed.findOne({ userId }).lean<{ token: string }>())!.token;
}

/** Every active member user hears of a new SRO event (bell); runs after the answer, an SRO may have thousands. */
async function announceEvent(ctx: ModuleContext, title: string, date: string): Promise<void> {
  const users = await User.find({ role: 'member', status: 'active' }, { _id: 1 }).lean<Pick<UserFields, '_id'>[]>();
  for (let i = 0; i < users.length; i += 500) {
    await notify(ctx.io, users.slice(i, i + 500).map((u) => String(u._id)), { kind: 'event', title: `Событие СРО ${date}: ${title}`, link: '/calendar' });
  }
}

const yearParams = z.object({ year: z.coerce.number().int().min(2000, 'Год — от 2000').max(2100, 'Год — до 2100') });

/**
 * Every day of a year's lists belongs to that year: a 2026 date in the 2027 list is a typo, not a transfer.
 * (The body schema has already refused impossible dates.)
 */
function checkDaysOfYear(year: number, lists: ProductionYearInput): void {
  const fields: Record<string, string> = {};
  for (const key of ['daysOff', 'workingDays'] as const) {
    const wrong = lists[key].find((day) => !day.startsWith(`${year}-`));
    if (wrong) fields[key] = `Дата ${wrong} не относится к ${year} году`;
  }
  const both = lists.daysOff.find((day) => lists.workingDays.includes(day));
  if (both) fields.workingDays = `День ${both} не может быть и выходным, и рабочим`;
  if (Object.keys(fields).length) throw errors.validation(fields);
}

function productionRoutes(): RouteSpec[] {
  return [
    route({ method: 'get', path: '/calendar/production/:year', access: 'authenticated', params: yearParams, handler: ({ params }) => productionYear(params.year) }),
    route({
      method: 'put', path: '/admin/calendar/production/:year', access: 'admin', params: yearParams, body: productionYearSchema,
      handler: async ({ user, params, body }) => {
        checkDaysOfYear(params.year, body);
        const saved = await saveProductionYear(params.year, body, user.id);
        await audit({ action: 'calendar.production_year_set', actorId: user.id, actorRole: user.role, entity: 'production_year', entityId: String(params.year), details: { daysOff: saved.daysOff.length, workingDays: saved.workingDays.length } });
        return saved;
      },
    }),
    route({
      method: 'delete', path: '/admin/calendar/production/:year', access: 'admin', params: yearParams,
      handler: async ({ user, params }) => {
        await audit({ action: 'calendar.production_year_reset', actorId: user.id, actorRole: user.role, entity: 'production_year', entityId: String(params.year) });
        return resetProductionYear(params.year);
      },
    }),
  ];
}

function calendarRoutes(ctx: ModuleContext): RouteSpec[] {
  return [
    route({
      method: 'get', path: '/calendar', access: 'authenticated', query: calendarQuerySchema,
      handler: async ({ user, query }) => ({ items: await calendarFor(user, query.from, query.to) }),
    }),
    route({
      method: 'post', path: '/admin/events', access: 'staff', body: sroEventSchema, status: 201,
      handler: async ({ user, body }) => {
        const event = await SroEvent.create({ ...body, date: fromDay(body.date), createdBy: user.id });
        await audit({ action: 'event.created', actorId: user.id, actorRole: user.role, entity: 'event', entityId: String(event._id), details: { title: body.title, date: body.date } });
        ctx.events.track(announceEvent(ctx, body.title, body.date), 'event announcement');
        return { id: String(event._id), title: event.title, date: toDay(event.date), time: event.time, place: event.place, description: event.description };
      },
    }),
    route({ method: 'get', path: '/calendar/feed', access: 'authenticated', handler: async ({ user }) => ({ url: feedUrl(ctx, await feedToken(user.id, false)) }) }),
    route({ method: 'post', path: '/calendar/feed/rotate', access: 'authenticated', handler: async ({ user }) => ({ url: feedUrl(ctx, await feedToken(user.id, true)) }) }),
    route({
      method: 'get', path: '/calendar/ical/:token', access: 'public', params: z.object({ token: z.string().max(100) }),
      handler: async ({ params, res }) => {
        const feed = await CalendarFeed.findOne({ token: params.token }).lean<{ userId: string }>();
        const user = feed ? await User.findOne({ _id: feed.userId, status: 'active' }).lean<UserFields>() : null;
        if (!user) throw errors.notFound('Календарь не найден');
        const from = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
        const items = await calendarFor({ id: String(user._id), role: user.role, memberId: user.memberId ? String(user.memberId) : undefined }, from);
        const sro = await currentSro();
        res.type('text/calendar; charset=utf-8').send(toICal(items, sro.name, ctx.config.appUrl, new URL(ctx.config.appUrl).host));
        return undefined;
      },
    }),
  ];
}

export const calendarModule: PortalModule = { name: 'calendar', routes: (ctx) => [...calendarRoutes(ctx), ...productionRoutes()] };
