import { useState } from 'preact/hooks';
import { NOTICE_TYPES } from '@sro/shared/schemas/threads';
import { MEMBER_STATUSES } from '@sro/shared/enums';
import { api, ApiError } from '../../api/client';
import { t, type MessageKey } from '../../i18n';
import { Button, ErrorNote, Field } from '../../components/ui';

/** Staff: a notice to every member, or to every member with a status; each gets its own document. */
export function NoticesPage() {
  const [form, setForm] = useState({ subject: '', body: '', noticeType: 'other', recipients: 'all' });
  const [error, setError] = useState<ApiError | null>(null);
  const [sent, setSent] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value });

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSent(null);
    try {
      const filter = form.recipients === 'all' ? { all: true } : { status: form.recipients };
      const res = await api.post<{ created: number }>('/api/notices', { subject: form.subject, body: form.body, noticeType: form.noticeType, filter });
      setSent(res.created);
      setForm({ ...form, subject: '', body: '' });
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section class="narrow">
      <h1>{t('notices.title')}</h1>
      <p class="muted">{t('notices.text')}</p>
      {sent !== null && <p class="note" role="status">{t('notices.sent', { n: sent })}</p>}
      <form onSubmit={submit} noValidate>
        <ErrorNote message={error && !Object.keys(error.fields).length ? error.message : null} />
        <Field label={t('notices.type')}>
          {(id) => <select id={id} value={form.noticeType} onChange={set('noticeType')}>{NOTICE_TYPES.map((n) => <option key={n} value={n}>{t(`notices.type.${n}` as MessageKey)}</option>)}</select>}
        </Field>
        <Field label={t('notices.recipients')}>
          {(id) => (
            <select id={id} value={form.recipients} onChange={set('recipients')}>
              <option value="all">{t('notices.all')}</option>
              {MEMBER_STATUSES.map((s) => <option key={s} value={s}>{t('notices.status', { status: t(`memberStatus.${s}` as MessageKey) })}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('notices.subject')} error={error?.fields.subject}>
          {(id, d) => <input id={id} aria-describedby={d} value={form.subject} onInput={set('subject')} />}
        </Field>
        <Field label={t('notices.body')} error={error?.fields.body}>
          {(id, d) => <textarea id={id} aria-describedby={d} rows={6} value={form.body} onInput={set('body')} />}
        </Field>
        <Button type="submit" busy={busy}>{t('notices.send')}</Button>
      </form>
    </section>
  );
}
