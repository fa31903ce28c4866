import { Types } from 'mongoose';
import { isStaffRole, OPEN_STATUSES, type CalendarItemDto } from '@sro/shared';
import type { AuthUser } from '../auth/tokens';
import { fromDay, toDay, today } from '../core/dates';
import { formatKopecks } from '@sro/shared';
import { Charge } from '../payments/payment.model';
import { Inspection, type InspectionFields } from '../inspections/inspection.model';
import { Thread } from '../threads';
import { Member } from '../members/member.model';
import { SroEvent, type SroEventFields } from './sro-event.model';
import { annualReportDueDay } from '../reports/annual-report.settings';
import { taskDueItems } from '../tasks/tasks.routes';

// Every dated thing of a member in one list (seed 002 item 13): fee due dates, inspections, violation
// deadlines, the annual report deadline, due dates of its open requests, insurance ends, and SRO events.
// Staff get the SRO's events and the due dates of the threads assigned to them.

const DEFAULT_SPAN_DAYS = 366;

const between = (from: Date, to: Date) => ({ $gte: from, $lte: to });

/** The annual activity report's due day each year (1 March unless the SRO set another, seed 004). */
async function reportDeadlines(from: Date, to: Date): Promise<CalendarItemDto[]> {
  const [month, day] = (await annualReportDueDay()).split('-').map(Number);
  const items: CalendarItemDto[] = [];
  for (let y = from.getUTCFullYear(); y <= to.getUTCFullYear(); y++) {
    const date = new Date(Date.UTC(y, month - 1, day));
    if (date >= from && date <= to) items.push({ id: `report-${y}`, kind: 'report_deadline', title: `Срок сдачи отчёта о деятельности за ${y - 1} год`, date: toDay(date), link: `/reports/annual/${y - 1}` });
  }
  return items;
}

const eventItem = (e: SroEventFields): CalendarItemDto => ({ id: `event-${e._id}`, kind: 'event', title: e.title, date: toDay(e.date), time: e.time, place: e.place });

async function memberItems(memberId: Types.ObjectId, from: Date, to: Date): Promise<CalendarItemDto[]> {
  const [charges, inspections, violations, threads, member] = await Promise.all([
    Charge.find({ memberId, dueDate: between(from, to) }).lean(),
    Inspection.find({ memberId, startDate: between(from, to), status: { $ne: 'cancelled' } }).lean<InspectionFields[]>(),
    Inspection.find({ memberId, 'violations.deadline': between(from, to) }).lean<InspectionFields[]>(),
    Thread.find({ memberId, status: { $in: OPEN_STATUSES }, dueAt: between(from, to) }, { subject: 1, dueAt: 1, regNumber: 1 }).lean(),
    Member.findById(memberId, { insurance: 1 }).lean<{ insurance?: { number?: string; to?: string }[] }>(),
  ]);
  const items: CalendarItemDto[] = [
    ...charges.map((c) => ({ id: `charge-${c._id}`, kind: 'fee_due' as const, title: `Срок оплаты: ${formatKopecks(c.amount)}${c.purpose ? ` — ${c.purpose}` : ''}`, date: toDay(c.dueDate), link: '/payments' })),
    ...inspections.map((i) => ({ id: `inspection-${i._id}`, kind: 'inspection' as const, title: `${i.type === 'planned' ? 'Плановая' : 'Внеплановая'} проверка${i.subject ? `: ${i.subject}` : ''}`, date: toDay(i.startDate), link: '/inspections' })),
    ...violations.flatMap((i) => i.violations
      .filter((v) => v.deadline && !v.resolvedAt && v.deadline >= from && v.deadline <= to)
      .map((v, n) => ({ id: `violation-${i._id}-${n}`, kind: 'violation_deadline' as const, title: `Устранить нарушение: ${v.description}`, date: toDay(v.deadline!), link: '/inspections' }))),
    ...threads.map((t) => ({ id: `request-${t._id}`, kind: 'request_due' as const, title: `Срок ответа по обращению «${t.subject}»${t.regNumber ? ` № ${t.regNumber}` : ''}`, date: toDay(t.dueAt!), link: `/threads/${t._id}` })),
    ...(member?.insurance ?? []).filter((p) => p.to && fromDay(p.to) >= from && fromDay(p.to) <= to)
      .map((p, n) => ({ id: `insurance-${n}-${p.to}`, kind: 'insurance_end' as const, title: `Окончание договора страхования${p.number ? ` № ${p.number}` : ''}`, date: p.to!, link: '/member-info' })),
    ...(await reportDeadlines(from, to)),
    ...(await taskDueItems(memberId, from, to)),
  ];
  return items;
}

async function staffItems(userId: string, from: Date, to: Date): Promise<CalendarItemDto[]> {
  const threads = await Thread.find({ assigneeId: new Types.ObjectId(userId), status: { $in: OPEN_STATUSES }, dueAt: between(from, to) }, { subject: 1, dueAt: 1, regNumber: 1, memberName: 1 }).lean();
  return threads.map((t) => ({ id: `request-${t._id}`, kind: 'request_due' as const, title: `Срок: «${t.subject}»${t.regNumber ? ` № ${t.regNumber}` : ''} — ${t.memberName ?? ''}`, date: toDay(t.dueAt!), link: `/threads/${t._id}` }));
}

/** The user's calendar between two days (default: today and the year ahead), by date. */
export async function calendarFor(user: Pick<AuthUser, 'id' | 'role' | 'memberId'>, fromDayText?: string, toDayText?: string): Promise<CalendarItemDto[]> {
  const from = fromDayText ? fromDay(fromDayText) : today();
  const to = toDayText ? fromDay(toDayText) : new Date(from.getTime() + DEFAULT_SPAN_DAYS * 86_400_000);
  const events = (await SroEvent.find({ date: between(from, to) }).lean<SroEventFields[]>()).map(eventItem);
  const own = isStaffRole(user.role) ? await staffItems(user.id, from, to) : user.memberId ? await memberItems(new Types.ObjectId(user.memberId), from, to) : [];
  return [...own, ...events].sort((a, b) => a.date.localeCompare(b.date) || (a.time ?? '').localeCompare(b.time ?? ''));
}
