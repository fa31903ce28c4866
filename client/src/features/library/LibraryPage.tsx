import { useEffect, useState } from 'preact/hooks';
import { LIBRARY_CATEGORIES, type LibraryCategory, type LibraryItemDto } from '@sro/shared/schemas/reports';
import { api, csrfToken, type ApiError } from '../../api/client';
import { formatDate, formatSize } from '../../i18n';
import { dt } from '../../i18n/documents';
import { isStaff } from '../../stores/session';
import { Button, EmptyState, ErrorNote, Field, Loading } from '../../components/ui';

// The SRO's library (API.md "Files library"): everyone reads by section; staff publish and unpublish.

const categoryName = (c: string) => ((LIBRARY_CATEGORIES as readonly string[]).includes(c) ? dt(`library.category.${c as (typeof LIBRARY_CATEGORIES)[number]}`) : c);

function PublishForm({ onAdded }: { onAdded: (item: LibraryItemDto) => void }) {
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState<LibraryCategory>('templates');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    if (!file) return setErrors({ file: dt('report.file') });
    setBusy(true);
    const form = new FormData();
    form.append('title', title);
    form.append('category', category);
    form.append('file', file, file.name);
    try {
      const res = await fetch('/api/admin/library', { method: 'POST', body: form, headers: { 'x-csrf-token': csrfToken() }, credentials: 'same-origin' });
      const body = await res.json();
      if (res.status !== 201) return setErrors({ ...(body.error?.fields ?? {}), form: body.error?.message ?? '' });
      onAdded(body as LibraryItemDto);
      setTitle('');
      setFile(null);
      setErrors({});
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="library__form" onSubmit={submit} noValidate>
      <h2>{dt('library.add')}</h2>
      <ErrorNote message={errors.form} />
      <Field label={dt('library.docTitle')} error={errors.title}>{(id, d) => <input id={id} aria-describedby={d} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />}</Field>
      <Field label={dt('library.category')} error={errors.category}>
        {(id, d) => <select id={id} aria-describedby={d} value={category} onChange={(e) => setCategory(e.currentTarget.value as LibraryCategory)}>{LIBRARY_CATEGORIES.map((c) => <option key={c} value={c}>{dt(`library.category.${c}`)}</option>)}</select>}
      </Field>
      <Field label={dt('report.file')} error={errors.file}>{(id, d) => <input id={id} aria-describedby={d} type="file" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />}</Field>
      <Button type="submit" busy={busy}>{dt('library.add')}</Button>
    </form>
  );
}

export function LibraryPage() {
  const [items, setItems] = useState<LibraryItemDto[] | null>(null);
  const [category, setCategory] = useState<LibraryCategory | ''>('');
  const [error, setError] = useState<string | null>(null);
  const staff = isStaff.value;
  useEffect(() => {
    api.get<{ items: LibraryItemDto[] }>(`/api/library${category ? `?category=${category}` : ''}`).then((r) => setItems(r.items), (err: ApiError) => setError(err.message));
  }, [category]);
  async function remove(item: LibraryItemDto) {
    try {
      await api.delete(`/api/admin/library/${item.id}`);
      setItems((all) => all?.filter((i) => i.id !== item.id) ?? null);
    } catch (err) {
      setError((err as ApiError).message);
    }
  }
  // The known sections first, then any the SRO used of its own, in the order they appear.
  const order = [...new Set([...LIBRARY_CATEGORIES, ...(items ?? []).map((i) => i.category)])];
  const groups = order.map((c) => [c, (items ?? []).filter((i) => i.category === c)] as const).filter(([, list]) => list.length);
  return (
    <section>
      <h1>{dt('library.title')}</h1>
      <p class="muted">{dt('library.intro')}</p>
      {staff && <PublishForm onAdded={(item) => setItems((all) => [item, ...(all ?? [])])} />}
      <label class="inline-filter">{dt('library.category')}{' '}
        <select value={category} onChange={(e) => setCategory(e.currentTarget.value as LibraryCategory | '')}>
          <option value="">{dt('library.all')}</option>
          {LIBRARY_CATEGORIES.map((c) => <option key={c} value={c}>{dt(`library.category.${c}`)}</option>)}
        </select>
      </label>
      <ErrorNote message={error} />
      {items === null ? !error && <Loading /> : groups.length === 0 ? <EmptyState title={dt('library.empty')} text={staff ? dt('library.emptyStaff') : dt('library.emptyText')} /> : groups.map(([c, list]) => (
        <section key={c} aria-labelledby={`lib-${c}`}>
          <h2 id={`lib-${c}`}>{categoryName(c)}</h2>
          <ul class="library__list">
            {list.map((item) => (
              <li key={item.id}>
                <a href={`/api/files/${item.fileId}`} download>📄 {item.title}</a>
                <span class="muted"> {item.name} · {formatSize(item.size)} · {formatDate(item.createdAt)}</span>
                {staff && <Button variant="ghost" type="button" onClick={() => void remove(item)}>{dt('library.remove')}</Button>}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
