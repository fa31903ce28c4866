import type { Types } from 'mongoose';
import type { ModuleContext } from '../core/module';
import { runWithTenant } from '../core/tenancy';
import { fromDay, toDay, today } from '../core/dates';
import { formatKopecks } from '@sro/shared';
import { Sro } from '../sros/sro.model';
import { Member } from '../members/member.model';
import { Charge, type ChargeFields } from '../payments/payment.model';
import { balanceOf } from '../payments/payments.service';
import { Inspection, type InspectionFields } from '../inspections/inspection.model';
import { SroEvent, type SroEventFields } from '../calendar/sro-event.model';
import { Task, type TaskFields } from '../tasks/task.model';
import { annualReportDueDay, annualReportSections } from '../reports/annual-report.settings';
import { ReportSection } from '../reports/report-section.model';
import { notifyMemberUsers } from '../notifications/member-notices';
import { remindDueSoon } from '../inbox/due-reminders';
import { claimReminder, unsentKeys } from './reminder-claim.model';
import { sendDigests } from '../notifications/digest';

// The reminders the SRO e-mails today (seeds 001/003): each is a bell, an e-mail and its copy in "Messages",
// sent exactly once (claimed by key in the database) whichever process or run finds it first.

type Ctx = Pick<ModuleContext, 'io' | 'mailer' | 'logger' | 'config'>;
const DAY = 86_400_000;
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * DAY);

/** Sends one reminder to a member's users if its key was not claimed before; returns 1 when sent. */
async function remindOnce(ctx: Ctx, key: string, memberId: Types.ObjectId | string, title: string, body: string | undefined, link: string): Promise<number> {
  if (!(await claimReminder(key))) return 0;
  await notifyMemberUsers(ctx, memberId, { kind: 'reminder', title, body, link });
  return 1;
}

async function insuranceEnding(ctx: Ctx, day: Date): Promise<number> {
  let sent = 0;
  const members = await Member.find({ 'insurance.to': { $gte: toDay(day), $lte: toDay(addDays(day, 30)) } }, { insurance: 1 }).lean<{ _id: Types.ObjectId; insurance?: { number?: string; to?: string }[] }[]>();
  for (const member of members) {
    for (const policy of member.insurance ?? []) {
      if (!policy.to) continue;
      const left = Math.round((fromDay(policy.to).getTime() - day.getTime()) / DAY);
      if (left < 0 || left > 30) continue;
      const window = left <= 7 ? 7 : 30;
      sent += await remindOnce(ctx, `insurance:${window}:${member._id}:${policy.to}`, member._id,
        `Договор страхования${policy.number ? ` № ${policy.number}` : ''} заканчивается ${policy.to}`,
        'Заключите новый договор и сообщите о нём в СРО через «Сообщить об изменениях».', '/member-info');
    }
  }
  return sent;
}

async function chargesDueAndOverdue(ctx: Ctx, day: Date): Promise<number> {
  let sent = 0;
  const soon = await Charge.find({ dueDate: { $gt: day, $lte: addDays(day, 7) } }).lean<ChargeFields[]>();
  for (const charge of soon) {
    sent += await remindOnce(ctx, `charge-due:${charge._id}`, charge.memberId, `Срок оплаты ${toDay(charge.dueDate)}: ${formatKopecks(charge.amount)}`, charge.purpose, '/payments');
  }
  const overdueMembers = await Charge.distinct('memberId', { dueDate: { $lt: day } });
  for (const memberId of overdueMembers) {
    const balance = await balanceOf(memberId);
    for (const open of balance.charges) {
      sent += await remindOnce(ctx, `charge-overdue:${open.id}`, memberId, `Просрочена оплата: ${formatKopecks(open.amount - open.paid)} (срок был ${open.dueDate})`, open.purpose, '/payments');
    }
  }
  return sent;
}

async function violationDeadlines(ctx: Ctx, day: Date): Promise<number> {
  let sent = 0;
  const inspections = await Inspection.find({ 'violations.deadline': { $gte: day, $lte: addDays(day, 7) } }).lean<InspectionFields[]>();
  for (const inspection of inspections) {
    for (const [n, v] of inspection.violations.entries()) {
      if (!v.deadline || v.resolvedAt || v.deadline < day || v.deadline > addDays(day, 7)) continue;
      sent += await remindOnce(ctx, `violation:${inspection._id}:${n}`, inspection.memberId, `До ${toDay(v.deadline)} нужно устранить нарушение`, v.description, '/inspections');
    }
  }
  return sent;
}

/** An open task of the SRO due within 3 days, and once more the day after it was due. */
async function tasksDue(ctx: Ctx, day: Date): Promise<number> {
  let sent = 0;
  const tasks = await Task.find({ status: 'open', dueDate: { $gte: addDays(day, -1), $lte: addDays(day, 3) } }, { memberId: 1, title: 1, dueDate: 1 }).lean<TaskFields[]>();
  for (const task of tasks) {
    const overdue = task.dueDate! < day;
    sent += await remindOnce(ctx, `task:${overdue ? 'overdue' : 'soon'}:${task._id}:${toDay(task.dueDate!)}`, task.memberId,
      overdue ? `Срок задачи истёк ${toDay(task.dueDate!)}: ${task.title}` : `До ${toDay(task.dueDate!)} нужно выполнить задачу: ${task.title}`,
      'Отметьте выполнение в разделе «Задачи» или напишите СРО, если нужно больше времени.', '/tasks');
  }
  return sent;
}

const allMemberIds = async () => (await Member.find({}, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>()).map((m) => m._id);

/**
 * The annual report's due day (1 March unless the SRO set another, seed 004): in the month before it, every
 * member that has not sent all sections of last year's report is reminded once a year, told how many are left.
 */
async function reportDeadline(ctx: Ctx, day: Date): Promise<number> {
  const [month, dayOfMonth] = (await annualReportDueDay()).split('-').map(Number);
  const deadline = new Date(Date.UTC(day.getUTCFullYear(), month - 1, dayOfMonth));
  if (day > deadline || day < addDays(deadline, -30)) return 0;
  const year = day.getUTCFullYear();
  const reportYear = year - 1;
  const sections = (await annualReportSections()).map((s) => s.key);
  const sentRows = await ReportSection.find({ year: reportYear, status: 'sent', key: { $in: sections } }, { memberId: 1 }).lean<{ memberId: Types.ObjectId }[]>();
  const sentCount = new Map<string, number>();
  for (const r of sentRows) sentCount.set(String(r.memberId), (sentCount.get(String(r.memberId)) ?? 0) + 1);
  const keyOf = (memberId: Types.ObjectId) => `report:${year}:${memberId}`;
  const members = (await allMemberIds()).filter((id) => (sentCount.get(String(id)) ?? 0) < sections.length);
  const unsent = await unsentKeys(members.map(keyOf));
  let sent = 0;
  for (const memberId of members.filter((id) => unsent.has(keyOf(id)))) {
    const left = sections.length - (sentCount.get(String(memberId)) ?? 0);
    sent += await remindOnce(ctx, keyOf(memberId), memberId, `Отчёт о деятельности за ${reportYear} год нужно сдать до ${toDay(deadline)}`, `Не отправлено разделов: ${left} из ${sections.length}.`, `/reports/annual/${reportYear}`);
  }
  return sent;
}

async function eventsTomorrow(ctx: Ctx, day: Date): Promise<number> {
  const events = await SroEvent.find({ date: addDays(day, 1) }).lean<SroEventFields[]>();
  if (!events.length) return 0;
  const members = await allMemberIds();
  let sent = 0;
  for (const event of events) {
    const keyOf = (memberId: Types.ObjectId) => `event:${event._id}:${memberId}`;
    const unsent = await unsentKeys(members.map(keyOf));
    for (const memberId of members.filter((id) => unsent.has(keyOf(id)))) {
      sent += await remindOnce(ctx, keyOf(memberId), memberId, `Завтра: ${event.title}${event.time ? ` в ${event.time}` : ''}`, event.place, '/calendar');
    }
  }
  return sent;
}

/**
 * Runs every reminder for every SRO once, then the daily digests; `sent` counts the reminders sent now (repeats
 * send nothing), `digests` the digest letters.
 */
export async function runReminders(ctx: Ctx & Pick<ModuleContext, 'io'>, now = new Date()): Promise<{ sent: number; digests: number }> {
  const day = today(now);
  let sent = 0;
  const sros = await Sro.find({}, { _id: 1 }).lean();
  for (const sro of sros) {
    sent += await runWithTenant(String(sro._id), async () => {
      let n = 0;
      for (const kind of [insuranceEnding, chargesDueAndOverdue, violationDeadlines, tasksDue, reportDeadline, eventsTomorrow]) n += await kind(ctx, day);
      return n;
    });
  }
  sent += await remindDueSoon(ctx as ModuleContext, now);
  let digests = 0;
  for (const sro of sros) digests += await runWithTenant(String(sro._id), () => sendDigests(ctx, now));
  return { sent, digests };
}

const EVERY_MS = 3600_000;

export function scheduleReminders(ctx: ModuleContext): void {
  const timer = setInterval(() => void runReminders(ctx).catch((err) => ctx.logger.error({ err }, 'reminders failed')), EVERY_MS);
  timer.unref();
}
