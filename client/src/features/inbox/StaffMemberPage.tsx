import { useEffect, useState } from 'preact/hooks';
import { REGISTRY_FIELD_NAMES, type HistoryEntryDto, type RegistryField } from '@sro/shared/schemas/registry';
import type { UserDto } from '@sro/shared/schemas/auth';
import { api, ApiError } from '../../api/client';
import { t, formatDateTime, type MessageKey } from '../../i18n';
import { Button, ErrorNote, Field, Loading } from '../../components/ui';
import { formatRegistryValue } from '../registry/format';
import { StaffRecords } from '../records/StaffRecords';

type Card = Record<string, unknown> & { id: string; name: string; history: HistoryEntryDto[] };
// Text-entered fields; structured groups (insurance, education …) are edited through the API or import.
const EDITABLE = REGISTRY_FIELD_NAMES.filter((f) => !['insurance', 'education', 'employment', 'responsibility', 'disciplinaryMeasures', 'closed.passport', 'rightToWork'].includes(f));
const valueOf = (card: Card, field: string) => field.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), card);

/** Staff: a member's full registry card with its users; edits are validated, kept in history and audited. */
export function StaffMemberPage({ id }: { id: string }) {
  const [card, setCard] = useState<Card | null>(null);
  const [users, setUsers] = useState<UserDto[]>([]);
  const [field, setField] = useState<RegistryField>('legalAddress');
  const [value, setValue] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const load = () => {
    api.get<Card>(`/api/admin/members/${id}`).then(setCard, (err) => setError(err));
    api.get<{ items: UserDto[] }>(`/api/admin/members/${id}/users`).then((r) => setUsers(r.items), () => undefined);
  };
  useEffect(load, [id]);

  async function save(event: Event) {
    event.preventDefault();
    setError(null);
    try {
      await api.patch(`/api/admin/members/${id}`, { changes: [{ field, newValue: field === 'rightToWork' ? value === 'true' : value }] });
      setValue('');
      load();
    } catch (err) {
      setError(err as ApiError);
    }
  }
  async function toggle(user: UserDto) {
    await api.post(`/api/admin/members/${id}/users/${user.id}/${user.status === 'blocked' ? 'unblock' : 'block'}`).catch((err) => setError(err));
    load();
  }
  if (!card) return error ? <ErrorNote message={error.message} /> : <Loading />;
  return (
    <section>
      <p><a href="/members">← {t('members.title')}</a></p>
      <h1>{card.name}</h1>
      <div class="grid">
        <article class="card">
          <dl class="facts facts--list">
            {REGISTRY_FIELD_NAMES.filter((f) => valueOf(card, f) !== undefined && valueOf(card, f) !== null).map((f) => (
              <div key={f}><dt>{t(`rf.${f}` as MessageKey)}</dt><dd>{formatRegistryValue(f, valueOf(card, f))}</dd></div>
            ))}
          </dl>
        </article>
        <article class="card">
          <h2>{t('change.title')}</h2>
          <form onSubmit={save} noValidate>
            <ErrorNote message={error && !Object.keys(error.fields).length ? error.message : null} />
            <Field label={t('change.field')}>
              {(fid) => <select id={fid} value={field} onChange={(e) => setField(e.currentTarget.value as RegistryField)}>{EDITABLE.map((f) => <option key={f} value={f}>{t(`rf.${f}` as MessageKey)}</option>)}</select>}
            </Field>
            <Field label={t('change.newValue')} error={error?.fields['changes.0.newValue']}>
              {(fid, d) => <input id={fid} aria-describedby={d} value={value} onInput={(e) => setValue(e.currentTarget.value)} />}
            </Field>
            <Button type="submit">{t('common.save')}</Button>
          </form>
          <h2>{t('members.invite')}</h2>
          <ul class="mini-journal">
            {users.map((u) => (
              <li key={u.id}>
                <span>{u.email}</span><span class="muted">{u.status}</span>
                <Button variant="ghost" type="button" onClick={() => void toggle(u)}>{u.status === 'blocked' ? '🔓' : '🔒'}</Button>
              </li>
            ))}
          </ul>
        </article>
      </div>
      <StaffRecords memberId={id} />
      <h2>{t('registry.history')}</h2>
      <ul class="mail-list">
        {card.history.map((h, i) => (
          <li key={i}>
            <p class="muted small">{formatDateTime(h.at)} · {h.actorName ?? '—'} · {h.source}</p>
            <ul>{h.changes.map((c) => <li key={c.field}>{t(`rf.${c.field}` as MessageKey)}: {formatRegistryValue(c.field, c.old)} → <strong>{formatRegistryValue(c.field, c.new)}</strong></li>)}</ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
