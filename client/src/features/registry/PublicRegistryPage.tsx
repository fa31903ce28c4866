import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { t, formatDate, type MessageKey } from '../../i18n';
import { Button, EmptyState, ErrorNote, Loading } from '../../components/ui';

interface RegistryItem { id: string; name: string; inn: string; ogrn?: string; regNumber?: string; regDate?: string; status: string; kind: string }

/** The public registry: no sign-in, open part only, search by name, INN or number, cursor paging. */
export default function PublicRegistryPage() {
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [items, setItems] = useState<RegistryItem[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function load(after?: string) {
    try {
      const page = await api.get<{ items: RegistryItem[]; nextCursor: string | null }>(`/api/registry?limit=25${search ? `&q=${encodeURIComponent(search)}` : ''}${after ? `&cursor=${after}` : ''}`);
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
      <form class="filters" role="search" onSubmit={(e) => { e.preventDefault(); setSearch(q.trim()); }}>
        <label class="filters__q">{t('common.search')}<input type="search" placeholder={t('registry.publicSearch')} value={q} onInput={(e) => setQ(e.currentTarget.value)} /></label>
        <Button type="submit">{t('common.search')}</Button>
      </form>
      <ErrorNote message={error} />
      {items === null ? <Loading /> : items.length === 0 ? <EmptyState title={t('registry.publicEmpty')} /> : (
        <table class="journal">
          <thead><tr><th scope="col">{t('field.regNumber')}</th><th scope="col">{t('field.name')}</th><th scope="col">{t('field.inn')}</th><th scope="col">{t('field.regDate')}</th><th scope="col">{t('field.status')}</th></tr></thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.id}>
                <td data-label={t('field.regNumber')}>{m.regNumber ?? '—'}</td>
                <td data-label={t('field.name')}>{m.name}</td>
                <td data-label={t('field.inn')}>{m.inn}</td>
                <td data-label={t('field.regDate')}>{formatDate(m.regDate)}</td>
                <td data-label={t('field.status')}>{t(`memberStatus.${m.status}` as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && <Button variant="secondary" type="button" onClick={() => void load(cursor)}>{t('common.more')}</Button>}
    </main>
  );
}
