import type { AuthUser } from '../auth/tokens';
import { DomainEvents } from '../core/domain-events';
import { createLogger } from '../core/logger';
import { requireSroId } from '../core/tenancy';
import type { DemoPeople } from '../seed/demo';
import { createThread, updateThread } from './thread.service';
import { sendMessage } from './message.service';
import { CannedReply } from '../inbox/canned-reply.model';

/** Demo threads of each kind the seeds describe, at different points of their lifecycle. */
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

  const extract = await createThread(events, member, { kind: 'registry_extract', form: { copies: 2, delivery: 'electronic' }, body: 'Прошу предоставить выписку из реестра членов СРО для участия в тендере.' });
  await updateThread(events, expert, String(extract._id), { assigneeId: people.expertId });
  await updateThread(events, expert, String(extract._id), { status: 'registered' });
  await updateThread(events, expert, String(extract._id), { status: 'in_progress' });
  await reply(expert, String(extract._id), 'Выписка готовится, направим её в личный кабинет в течение трёх рабочих дней.');
  await reply(expert, String(extract._id), 'Проверить оплату членского взноса за III квартал перед выдачей.', true);

  const accounting = await createThread(events, member, { kind: 'accounting_documents', form: { docType: 'reconciliation_act', period: { from: '2026-01-01', to: '2026-09-30' } }, body: 'Просим направить акт сверки взаиморасчётов за 9 месяцев.' });
  await updateThread(events, expert, String(accounting._id), { status: 'registered' });
  await updateThread(events, expert, String(accounting._id), { status: 'waiting_member' });
  await reply(expert, String(accounting._id), 'Уточните, пожалуйста, нужен ли акт с подписью главного бухгалтера в бумажном виде?');

  await createThread(events, member, { kind: 'general', form: { topic: 'Повышение уровня ответственности' }, body: 'Какие документы нужны для повышения уровня ответственности по КФ ОДО?', draft: true });

  const general = await createThread(events, engineer, { kind: 'general', form: { topic: 'Повышение квалификации' }, body: 'Подскажите сроки ближайших курсов повышения квалификации для кадастровых инженеров.' });
  await updateThread(events, expert, String(general._id), { status: 'in_progress' });
  await reply(expert, String(general._id), 'Ближайшие курсы — с 1 по 5 декабря, запись открыта в разделе «Мероприятия».');
  await updateThread(events, expert, String(general._id), { status: 'resolved' });

  await createThread(events, expert, { kind: 'notice', memberId: people.companyId, subject: 'Включение в план проверок на 2027 год', form: { noticeType: 'inspection_plan' }, body: 'Уведомляем, что ваша организация включена в план плановых проверок на 2027 год (II квартал).' });
  await CannedReply.create([
    { title: 'Запрос принят', body: 'Здравствуйте, {{memberName}}! Ваше обращение {{regNumber}} принято в работу. Ответственный эксперт — {{expertName}}.' },
    { title: 'Выписка готова', body: 'Выписка из реестра по обращению {{regNumber}} готова и направлена в личный кабинет.' },
    { title: 'Нужны документы', body: 'Для рассмотрения обращения «{{subject}}» направьте, пожалуйста, сканы подтверждающих документов.' },
  ]);
  await createThread(events, expert, { kind: 'notice', memberId: people.engineerId, subject: 'Окончание срока договора страхования', form: { noticeType: 'insurance_expiry' }, body: 'Срок действия вашего договора страхования гражданской ответственности истекает 31.12.2026. Направьте новый договор.' });
}
