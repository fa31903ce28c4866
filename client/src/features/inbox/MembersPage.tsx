import { useEffect, useState } from 'preact/hooks';
import { MEMBER_KINDS } from '@sro/shared/enums';
import { api, ApiError } from '../../api/client';
import { t, formatDate, type MessageKey } from '../../i18n';
import { Button, EmptyState, ErrorNote, Field, Loading } from '../../components/ui';

interface Row { id: string; name: string; inn: string; regNumber?: string; regDate?: string; status: string }

/** Staff: the registry list, adding a member, inviting its users. */
export function MembersPage() {
  const [items, setItems] = useState<Row[] | null>(null);
  const [q, setQ] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const load = (query = '') => api.get<{ items: Row[] }>(`/api/registry?limit=50${query ? `&q=${encodeURIComponent(query)}` : ''}`).then((r) => setItems(r.items), () => setItems([]));
  useEffect(() => void load(), []);

  return (
    <section>
      <h1>{t('members.title')}</h1>
      {note && <p class="note" role="status">{note}</p>}
      <CreateMember onCreated={() => { setNote(t('members.created')); void load(q); }} />
      <form class="filters" role="search" onSubmit={(e) => { e.preventDefault(); void load(q.trim()); }}>
        <label class="filters__q">{t('common.search')}<input type="search" placeholder={t('registry.publicSearch')} value={q} onInput={(e) => setQ(e.currentTarget.value)} /></label>
        <Button type="submit" variant="secondary">{t('common.search')}</Button>
      </form>
      {items === null ? <Loading /> : items.length === 0 ? <EmptyState title={t('registry.publicEmpty')} /> : (
        <table class="journal">
          <thead><tr><th scope="col">{t('field.regNumber')}</th><th scope="col">{t('field.name')}</th><th scope="col">{t('field.inn')}</th><th scope="col">{t('field.status')}</th><th scope="col"><span class="sr-only">{t('members.invite')}</span></th></tr></thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.id}>
                <td data-label={t('field.regNumber')}>{m.regNumber ?? '—'} <span class="muted">{formatDate(m.regDate)}</span></td>
                <td data-label={t('field.name')}><a href={`/members/${m.id}`}>{m.name}</a></td>
                <td data-label={t('field.inn')}>{m.inn}</td>
                <td data-label={t('field.status')}>{t(`memberStatus.${m.status}` as MessageKey)}</td>
                <td><a href={`/members/${m.id}#invite`} aria-label={`${t('members.invite')}: ${m.name}`}>{t('members.invite')}</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CreateMember({ onCreated }: { onCreated: () => void }) {
  const [form, setForm] = useState({ kind: 'legal_entity', name: '', inn: '', regNumber: '', email: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const set = (key: keyof typeof form) => (e: Event) => setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value });
  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    try {
      await api.post('/api/admin/members', { ...form, regNumber: form.regNumber || undefined, email: form.email || undefined });
      setForm({ kind: 'legal_entity', name: '', inn: '', regNumber: '', email: '' });
      onCreated();
    } catch (err) {
      setError(err as ApiError);
    }
  }
  return (
    <details class="card">
      <summary>{t('members.create')}</summary>
      <form onSubmit={submit} noValidate>
        <ErrorNote message={error && !Object.keys(error.fields).length ? error.message : null} />
        <Field label={t('field.kind')}>{(id) => <select id={id} value={form.kind} onChange={set('kind')}>{MEMBER_KINDS.map((k) => <option key={k} value={k}>{t(`memberKind.${k}` as MessageKey)}</option>)}</select>}</Field>
        <Field label={t('field.name')} error={error?.fields.name}>{(id, d) => <input id={id} aria-describedby={d} value={form.name} onInput={set('name')} />}</Field>
        <Field label={t('field.inn')} error={error?.fields.inn}>{(id, d) => <input id={id} aria-describedby={d} inputMode="numeric" value={form.inn} onInput={set('inn')} />}</Field>
        <Field label={t('field.regNumber')} error={error?.fields.regNumber}>{(id, d) => <input id={id} aria-describedby={d} value={form.regNumber} onInput={set('regNumber')} />}</Field>
        <Field label={t('members.emailOptional')} error={error?.fields.email}>{(id, d) => <input id={id} aria-describedby={d} type="email" value={form.email} onInput={set('email')} />}</Field>
        <Button type="submit">{t('members.create')}</Button>
      </form>
    </details>
  );
}
