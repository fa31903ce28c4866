import { useEffect, useState } from 'preact/hooks';
import { REGISTRY_FIELD_NAMES, type HistoryEntryDto } from '@sro/shared/schemas/registry';
import type { UserDto } from '@sro/shared/schemas/auth';
import { api, ApiError } from '../../api/client';
import { t, formatDateTime, type MessageKey } from '../../i18n';
import { Button, ErrorNote, Field, Loading } from '../../components/ui';
import { formatRegistryValue, valueAt } from '../registry/format';
import { ChangeRowsEditor, changesOf, type ChangeRow } from '../registry/ChangeRows';
import { rt, type RegistryKey } from '../registry/i18n';
import { StaffRecords } from '../records/StaffRecords';
import { ChangeLine } from '../registry/ChangeLine';

type Card = Record<string, unknown> & { id: string; name: string; history: HistoryEntryDto[] };
const FIRST_ROW: ChangeRow = { field: 'legalAddress', value: {}, comment: '' };

/** Staff: a member's full registry card with its users; edits are validated, kept in history and audited. */
export function StaffMemberPage({ id }: { id: string }) {
  const [card, setCard] = useState<Card | null>(null);
  const [users, setUsers] = useState<UserDto[]>([]);
  const [rows, setRows] = useState<ChangeRow[]>([FIRST_ROW]);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const loadUsers = () => api.get<{ items: UserDto[] }>(`/api/admin/members/${id}/users`).then((r) => setUsers(r.items), () => undefined);
  const load = () => {
    api.get<Card>(`/api/admin/members/${id}`).then(setCard, (err) => setError(err));
    void loadUsers();
  };
  useEffect(load, [id]);

  async function save(event: Event) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    setBusy(true);
    try {
      await api.patch(`/api/admin/members/${id}`, { changes: changesOf(rows, card) });
      setRows([FIRST_ROW]);
      setSaved(true);
      load();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
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
            {REGISTRY_FIELD_NAMES.filter((f) => valueAt(card, f) !== undefined && valueAt(card, f) !== null).map((f) => (
              <div key={f}><dt>{t(`rf.${f}` as MessageKey)}</dt><dd>{formatRegistryValue(f, valueAt(card, f))}</dd></div>
            ))}
          </dl>
        </article>
        <article class="card">
          <h2>{rt('reg.editTitle')}</h2>
          <p class="muted small">{rt('reg.editText')}</p>
          <form onSubmit={save} noValidate>
            <ErrorNote message={error && !Object.keys(error.fields).length ? error.message : null} />
            {saved && <p class="note" role="status">{rt('reg.saved')}</p>}
            <ChangeRowsEditor rows={rows} onChange={setRows} fields={REGISTRY_FIELD_NAMES} errors={error?.fields ?? {}} errorPrefix="changes" phoneHint={rt('reg.phoneHint')} />
            <Button type="submit" busy={busy}>{t('common.save')}</Button>
          </form>
          <h2 id="users">{rt('reg.inviteTitle')}</h2>
          <ul class="mini-journal">
            {users.map((u) => (
              <li key={u.id}>
                <span>{u.email}</span><span class="muted">{rt(`reg.userStatus.${u.status}` as RegistryKey)}</span>
                <Button variant="ghost" type="button" aria-label={rt(u.status === 'blocked' ? 'reg.unblock' : 'reg.block', { email: u.email })} onClick={() => void toggle(u)}>{u.status === 'blocked' ? '🔓' : '🔒'}</Button>
              </li>
            ))}
          </ul>
          <InviteForm memberId={id} onInvited={() => void loadUsers()} />
        </article>
      </div>
      <StaffRecords memberId={id} />
      <h2>{t('registry.history')}</h2>
      <ul class="mail-list">
        {card.history.map((h, i) => (
          <li key={i}>
            <p class="muted small">{formatDateTime(h.at)} · {h.actorName ?? '—'} · {rt(`reg.source.${h.source}` as RegistryKey)}</p>
            <ul>{h.changes.map((c) => <ChangeLine key={c.field} change={c} />)}</ul>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Invites one more user of the member: the e-mail is checked next to the field, the letter says the rest. */
function InviteForm({ memberId, onInvited }: { memberId: string; onInvited: () => void }) {
  const [email, setEmail] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Arriving from «Пригласить» in the members list puts the cursor straight into the e-mail.
  useEffect(() => {
    if (location.hash === '#invite') document.querySelector<HTMLInputElement>('#invite input[type=email]')?.focus();
  }, []);
  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    setSent(null);
    setBusy(true);
    try {
      await api.post(`/api/admin/members/${memberId}/users`, { email: email.trim() });
      setSent(email.trim());
      setEmail('');
      onInvited();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form id="invite" onSubmit={submit} noValidate>
      <ErrorNote message={error && !error.fields.email ? error.message : null} />
      {sent && <p class="note" role="status">{t('members.invited', { email: sent })}</p>}
      <Field label={rt('reg.inviteEmail')} hint={rt('reg.inviteHint')} error={error?.fields.email}>
        {(fid, d) => <input id={fid} aria-describedby={d} type="email" autocomplete="off" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />}
      </Field>
      <Button type="submit" variant="secondary" busy={busy}>{rt('reg.inviteSend')}</Button>
    </form>
  );
}
