import { parseCreateThread, type ThreadStatus } from '@sro/shared';
import type { AuthUser } from '../auth/tokens';
import { DomainEvents } from '../core/domain-events';
import { createLogger } from '../core/logger';
import { requireSroId } from '../core/tenancy';
import type { DemoPeople } from '../seed/demo-people';
import { createThread, linkThreads, updateThread } from './thread.service';
import { sendMessage } from './message.service';
import { CannedReply } from '../inbox/canned-reply.model';

/** Demo threads of every kind the seeds describe, at different points of their lifecycle. */
export async function seedDemoThreads(people: DemoPeople): Promise<void> {
  // Seeding announces nothing: no sockets are connected yet and demo data sends no e-mail.
  const events = new DomainEvents(createLogger('silent'));
  const sroId = requireSroId('demo threads');
  const as = (id: string, role: AuthUser['role'], memberId?: string): AuthUser => ({ id, role, sroId, memberId, sessionId: 'seed' });
  const member = as(people.companyUserId, 'member', people.companyId);
  const engineer = as(people.engineerUserId, 'member', people.engineerId);
  const expert = as(people.expertId, 'expert');
  let n = 0;
  const reply = (user: AuthUser, threadId: string, body: string, internal = false) =>
    sendMessage(events, user, { threadId, body, clientMsgId: `seed-message-${++n}`, internal });
  /** Creates a thread through the same validation as POST /api/threads. */
  const start = async (user: AuthUser, input: Record<string, unknown>) => {
    const parsed = parseCreateThread(input);
    if (!parsed.success) throw new Error(`demo thread ${String(input.kind)}: ${parsed.error.message}`);
    return String((await createThread(events, user, parsed.data))._id);
  };
  /** Walks a thread through statuses as the expert would. */
  const move = async (threadId: string, ...statuses: ThreadStatus[]) => {
    // A rejection always carries its reason (the member reads it).
    for (const status of statuses) await updateThread(events, expert, threadId, { status, ...(status === 'rejected' ? { reason: 'Нужен дополнительный взнос в компенсационный фонд' } : {}) });
  };

  const extract = await start(member, { kind: 'registry_extract', form: { copies: 2, delivery: 'electronic' }, body: 'Прошу предоставить выписку из реестра членов СРО для участия в тендере.' });
  await updateThread(events, expert, extract, { assigneeId: people.expertId });
  await move(extract, 'registered', 'in_progress');
  await reply(expert, extract, 'Выписка готовится, направим её в личный кабинет в течение трёх рабочих дней.');
  await reply(expert, extract, 'Проверить оплату членского взноса за III квартал перед выдачей.', true);

  const accounting = await start(member, { kind: 'accounting_documents', form: { docType: 'reconciliation_act', period: { from: '2026-01-01', to: '2026-09-30' } }, body: 'Просим направить акт сверки взаиморасчётов за 9 месяцев.' });
  await move(accounting, 'registered', 'waiting_member');
  await reply(expert, accounting, 'Уточните, пожалуйста, нужен ли акт с подписью главного бухгалтера в бумажном виде?');

  await start(member, { kind: 'general', form: { topic: 'Повышение уровня ответственности' }, body: 'Какие документы нужны для повышения уровня ответственности по КФ ОДО?', draft: true });

  const general = await start(engineer, { kind: 'general', form: { topic: 'Повышение квалификации' }, body: 'Подскажите сроки ближайших курсов повышения квалификации для кадастровых инженеров.' });
  await move(general, 'in_progress');
  await reply(expert, general, 'Ближайшие курсы — с 1 по 5 декабря, запись открыта в разделе «Мероприятия».');
  await move(general, 'resolved');

  await seedOtherKinds(start, move, reply, { member, engineer, expert });

  const plan = await start(expert, { kind: 'notice', memberId: people.companyId, subject: 'Включение в план проверок на 2027 год', form: { noticeType: 'inspection_plan' }, body: 'Уведомляем, что ваша организация включена в план плановых проверок на 2027 год (II квартал).' });
  const question = await start(member, { kind: 'inspection', subject: 'Вопрос о плановой проверке 2027 года', body: 'Можно ли перенести плановую проверку на III квартал?' });
  // A member's request and the SRO's letter it answers are linked both ways.
  await linkThreads(events, expert, question, plan);
  await move(question, 'registered');
  await start(expert, { kind: 'notice', memberId: people.engineerId, subject: 'Окончание срока договора страхования', form: { noticeType: 'insurance_expiry' }, body: 'Срок действия вашего договора страхования гражданской ответственности истекает 31.12.2026. Направьте новый договор.' });
  await start(expert, { kind: 'complaint', memberId: people.companyId, subject: 'Жалоба заказчика на нарушение сроков работ', form: { complainant: 'ООО «Заказчик»' }, body: 'Поступила жалоба на нарушение сроков по договору подряда № 17. Просим дать пояснения в течение 10 дней.' });

  await CannedReply.create([
    { title: 'Запрос принят', body: 'Здравствуйте, {{memberName}}! Ваше обращение {{regNumber}} принято в работу. Ответственный эксперт — {{expertName}}.' },
    { title: 'Выписка готова', body: 'Выписка из реестра по обращению {{regNumber}} готова и направлена в личный кабинет.' },
    { title: 'Нужны документы', body: 'Для рассмотрения обращения «{{subject}}» направьте, пожалуйста, сканы подтверждающих документов.' },
  ]);
}

type Start = (user: AuthUser, input: Record<string, unknown>) => Promise<string>;
type Move = (threadId: string, ...statuses: ThreadStatus[]) => Promise<void>;
type Reply = (user: AuthUser, threadId: string, body: string, internal?: boolean) => Promise<unknown>;

/** One request of each remaining kind, so every list, filter and icon has something to show. */
async function seedOtherKinds(start: Start, move: Move, reply: Reply, who: { member: AuthUser; engineer: AuthUser; expert: AuthUser }): Promise<void> {
  const { member, engineer, expert } = who;
  await start(member, { kind: 'registry_change', form: { changes: [{ field: 'phone', newValue: '+7 495 765-43-21', comment: 'Сменили номер офиса' }] }, body: 'Сообщаем о смене телефона.' });
  const report = await start(member, { kind: 'annual_report', form: { year: 2025 }, body: 'Направляем отчёт о деятельности за 2025 год.' });
  await move(report, 'registered');
  const odo = await start(member, { kind: 'odo_control', body: 'Направляем сведения о договорах, заключённых с использованием конкурентных способов.' });
  await move(odo, 'in_progress');
  await reply(expert, odo, 'Сведения получены, проверяем соответствие уровню ответственности по КФ ОДО.');
  const level = await start(member, { kind: 'responsibility_level', body: 'Просим повысить уровень ответственности по КФ ВВ до второго.' });
  await move(level, 'registered', 'rejected');
  await reply(expert, level, 'Для повышения уровня необходимо внести дополнительный взнос в компенсационный фонд.');
  await start(member, { kind: 'specialists', form: { specialist: 'Иванов Пётр Сергеевич' }, body: 'Просим включить специалиста в сведения о специалистах НРС.' });
  const right = await start(engineer, { kind: 'right_to_work', body: 'Подтвердите, пожалуйста, наличие права выполнять кадастровые работы.' });
  await move(right, 'registered', 'in_progress', 'resolved');
  await reply(engineer, right, 'Спасибо!');
  await move(right, 'closed');
}
