import type { MailMessage } from './mailer';

// Every e-mail in Russian, with a plain-text and an HTML part built from the same lines.

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

interface Letter {
  subject: string;
  greeting?: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  footnote?: string;
  /** The action's link is a one-time secret (see MailMessage.secret). */
  secret?: boolean;
}

export function compose(to: string, sroName: string, letter: Letter): Pick<MailMessage, 'to' | 'subject' | 'text' | 'html' | 'secret'> {
  const lines = [letter.greeting ?? 'Здравствуйте!', '', ...letter.paragraphs.flatMap((p) => [p, ''])];
  if (letter.action) lines.push(`${letter.action.label}: ${letter.action.url}`, '');
  if (letter.footnote) lines.push(letter.footnote, '');
  lines.push('—', `${sroName}, личный кабинет члена СРО`);
  const html = [
    '<!doctype html><html lang="ru"><body style="font-family:Arial,sans-serif;font-size:15px;color:#1f2937;line-height:1.5">',
    `<p>${escapeHtml(letter.greeting ?? 'Здравствуйте!')}</p>`,
    ...letter.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    letter.action
      ? `<p><a href="${escapeHtml(letter.action.url)}" style="display:inline-block;padding:10px 18px;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(letter.action.label)}</a></p><p style="font-size:13px;color:#6b7280">Если кнопка не работает, откройте ссылку: ${escapeHtml(letter.action.url)}</p>`
      : '',
    letter.footnote ? `<p style="font-size:13px;color:#6b7280">${escapeHtml(letter.footnote)}</p>` : '',
    `<p style="font-size:13px;color:#6b7280">—<br>${escapeHtml(sroName)}, личный кабинет члена СРО</p>`,
    '</body></html>',
  ].join('');
  return { to, subject: letter.subject, text: lines.join('\n'), html, ...(letter.secret ? { secret: true } : {}) };
}

export const templates = {
  /** To a member's new user. `login` says what to sign in with: the INN for the primary user, else the e-mail. */
  invitation: (to: string, sroName: string, url: string, login?: string) =>
    compose(to, sroName, {
      subject: 'Приглашение в личный кабинет члена СРО',
      paragraphs: [
        `Для вас создан доступ к личному кабинету члена ${sroName}.`,
        'Задайте пароль по ссылке ниже. Сотрудникам СРО ваш пароль известен не будет.',
        ...(login ? [`Для входа используйте логин ${login} и заданный пароль.`] : []),
      ],
      action: { label: 'Задать пароль', url },
      secret: true,
      footnote: 'Ссылка действует 72 часа и срабатывает один раз. Если вы не ждали этого письма, просто удалите его.',
    }),
  staffInvitation: (to: string, sroName: string, url: string, roleLabel: string) =>
    compose(to, sroName, {
      subject: 'Доступ к рабочему месту сотрудника СРО',
      paragraphs: [
        `Для вас создана учётная запись сотрудника ${sroName} (роль: ${roleLabel}).`,
        `Задайте пароль по ссылке ниже и входите по адресу ${to}.`,
      ],
      action: { label: 'Задать пароль', url },
      secret: true,
      footnote: 'Ссылка действует 72 часа и срабатывает один раз.',
    }),
  passwordReset: (to: string, sroName: string, url: string) =>
    compose(to, sroName, {
      subject: 'Восстановление пароля',
      paragraphs: ['Мы получили запрос на восстановление пароля к личному кабинету.', 'После смены пароля все открытые сеансы будут завершены.'],
      action: { label: 'Задать новый пароль', url },
      secret: true,
      footnote: 'Ссылка действует 1 час и срабатывает один раз. Если вы не запрашивали восстановление, ничего делать не нужно.',
    }),
  signingCode: (to: string, sroName: string, code: string) =>
    compose(to, sroName, {
      subject: `Код подписи: ${code}`,
      paragraphs: [`Код для подписания документа простой электронной подписью: ${code}`, 'Введите его в личном кабинете. Код действует 10 минут и подходит для одной подписи.'],
      secret: true,
      footnote: 'Если вы ничего не подписывали, не сообщайте код никому и смените пароль.',
    }),
  passwordChanged: (to: string, sroName: string) =>
    compose(to, sroName, {
      subject: 'Пароль изменён',
      paragraphs: ['Пароль к личному кабинету изменён. Если это были не вы, немедленно восстановите пароль и сообщите в СРО.'],
    }),
  loginAttack: (to: string, sroName: string, ip: string) =>
    compose(to, sroName, {
      subject: 'Попытки подобрать пароль к вашему личному кабинету',
      paragraphs: [
        `К вашей учётной записи несколько раз подряд ввели неверный пароль с адреса ${ip}. Вход с этого адреса приостановлен на 15 минут.`,
        'Со своего обычного компьютера вы входите как прежде. Если это были не вы, смените пароль в личном кабинете и сообщите в СРО.',
      ],
    }),
  accountBlocked: (to: string, sroName: string) =>
    compose(to, sroName, {
      subject: 'Доступ к личному кабинету приостановлен',
      paragraphs: ['Сотрудник СРО заблокировал вашу учётную запись. Все открытые сеансы завершены.', 'Если это ошибка, обратитесь в СРО.'],
    }),
  threadEvent: (to: string, sroName: string, subject: string, paragraphs: string[], url: string) =>
    compose(to, sroName, { subject, paragraphs, action: { label: 'Открыть в личном кабинете', url } }),
  /** The daily digest: each held-back letter as its subject, its first line and its link. */
  digest: (to: string, sroName: string, entries: { subject: string; paragraphs: string[]; url: string }[], cabinetUrl: string) =>
    compose(to, sroName, {
      subject: `Сводка личного кабинета: событий — ${entries.length}`,
      paragraphs: [
        `За прошедшие сутки в личном кабинете событий: ${entries.length}.`,
        ...entries.map((e) => `• ${e.subject}${e.paragraphs[1] && e.paragraphs[1] !== e.subject ? ` — ${e.paragraphs[1].slice(0, 300)}` : ''} (${e.url})`),
      ],
      action: { label: 'Открыть личный кабинет', url: cabinetUrl },
      footnote: 'Сводка приходит раз в день, потому что вы выбрали её в настройках уведомлений (Сервис → Доступ).',
    }),
};
