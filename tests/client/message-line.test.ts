// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../client/src/i18n';
import { messageLine } from '../../client/src/features/threads/messageLine';

// Status and assignment lines carry their facts; the reader's language words them, the reason stays visible.

afterEach(() => setLocale('ru'));

describe('messageLine', () => {
  const rejected = { body: 'Статус: Новое → Отказано. Причина: Дубликат', status: { from: 'submitted' as const, to: 'rejected' as const, reason: 'Дубликат' } };
  const assigned = { body: 'Ответственный: Олег Экспертов', assignment: { to: 'Олег Экспертов' } };

  it('words a rejection with its reason for the member, in Russian by default', () => {
    expect(messageLine(rejected, false)).toBe('Отказано. Причина: Дубликат');
    expect(messageLine(assigned, true)).toBe('Ответственный: Олег Экспертов');
    expect(messageLine({ body: 'Ответственный снят', assignment: { to: null } }, true)).toBe('Ответственный снят');
  });

  it('switches status and assignment lines to English with the interface', async () => {
    await setLocale('en');
    expect(messageLine(rejected, false)).toBe('Declined. Reason: Дубликат');
    expect(messageLine(assigned, true)).toBe('Assigned to Олег Экспертов');
  });

  it('keeps an ordinary message as written', () => {
    expect(messageLine({ body: 'Добрый день' }, false)).toBe('Добрый день');
  });
});
