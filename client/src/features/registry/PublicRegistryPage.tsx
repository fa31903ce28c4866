import { useEffect, useState } from 'preact/hooks';
import { MEMBER_STATUSES } from '@sro/shared/enums';
import type { RegistryItemDto, RegistryOpenCardDto } from '@sro/shared/schemas/registry';
import { api } from '../../api/client';
import { t, formatDate, type MessageKey } from '../../i18n';
import { Button, EmptyState, ErrorNote, Loading } from '../../components/ui';
import { formatRegistryValue } from './format';
import { rt } from './i18n';

const CARD_FIELDS: (keyof RegistryOpenCardDto & string)[] = ['kind', 'ogrn', 'legalAddress', 'postalAddress', 'phone', 'email', 'responsibility', 'rightToWork', 'insurance', 'education', 'employment', 'disciplinaryMeasures'];
const shown = (v: unknown) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);

/** The open card of one member, fetched when its row is opened. */
function OpenCard({ id }: { id: string }) {
  const [card, setCard] = useState<RegistryOpenCardDto | null>(null);
  useEffect(() => void api.get<RegistryOpenCardDto>(`/api/registry/${id}`).then(setCard, () => undefined), [id]);
  if (!card) return <Loading />;
  return (
    <dl class="facts facts--list">
      {CARD_FIELDS.filter((f) => shown(card[f])).map((f) => <div key={f}><dt>{t(`rf.${f}` as MessageKey)}</dt><dd>{formatRegistryValue(f, card[f])}</dd></div>)}
    </dl>
  );
}

/** The public registry: no sign-in, open part only, search by name, INN or number, status filter, cursor paging. */
export default function PublicRegistryPage() {
  const [q, setQ] = useState('');
  const [search, setSearch] = useState({ q: '', status: '' });
  const [status, setStatus] = useState('');
  const [items, setItems] = useState<RegistryItemDto[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function load(after?: string) {
    setError(null);
    try {
      const params = new URLSearchParams({ limit: '25', ...(search.q ? { q: search.q } : {}), ...(search.status ? { status: search.status } : {}), ...(after ? { cursor: after } : {}) });
      const page = await api.get<{ items: RegistryItemDto[]; nextCursor: string | null }>(`/api/registry?${params}`);
      setItems((prev) => (after && prev ? [...prev, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (err) {
      setError((err as Error).message);
    }
  }
  useEffect(() => {
    setItems(null);
    void load();
  }, [search]);
  return (
    <main class="public" id="main">
      <p><a href="/">← {t('auth.toLogin')}</a></p>
      <h1>{t('registry.publicTitle')}</h1>
      <form class="filters" role="search" onSubmit={(e) => { e.preventDefault(); setSearch({ q: q.trim(), status }); }}>
        <label class="filters__q">{t('common.search')}<input type="search" placeholder={t('registry.publicSearch')} value={q} onInput={(e) => setQ(e.currentTarget.value)} /></label>
        <label>{t('field.status')}
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
            <option value="">{rt('reg.allStatuses')}</option>
            {MEMBER_STATUSES.map((s) => <option key={s} value={s}>{t(`memberStatus.${s}` as MessageKey)}</option>)}
          </select>
        </label>
        <Button type="submit">{t('common.search')}</Button>
      </form>
      <ErrorNote message={error} />
      {items === null ? <Loading /> : items.length === 0 ? <EmptyState title={t('registry.publicEmpty')} /> : (
        <table class="journal">
          <thead><tr><th scope="col">{t('field.regNumber')}</th><th scope="col">{t('field.name')}</th><th scope="col">{t('field.inn')}</th><th scope="col">{t('field.regDate')}</th><th scope="col">{t('field.status')}</th></tr></thead>
          <tbody>
            {items.map((m) => [
              <tr key={m.id}>
                <td data-label={t('field.regNumber')}>{m.regNumber ?? '—'}</td>
                <td data-label={t('field.name')}>
                  <button type="button" class="link" aria-expanded={open === m.id} onClick={() => setOpen(open === m.id ? null : m.id)}>{m.name}</button>
                </td>
                <td data-label={t('field.inn')}>{m.inn}</td>
                <td data-label={t('field.regDate')}>{formatDate(m.regDate)}</td>
                <td data-label={t('field.status')}>{t(`memberStatus.${m.status}` as MessageKey)}</td>
              </tr>,
              open === m.id && <tr key={`${m.id}-card`}><td colSpan={5}><OpenCard id={m.id} /></td></tr>,
            ])}
          </tbody>
        </table>
      )}
      {cursor && <Button variant="secondary" type="button" onClick={() => void load(cursor)}>{t('common.more')}</Button>}
    </main>
  );
}
