import { useEffect, useState } from 'preact/hooks';
import { renderTemplate, type CannedReplyDto, type TemplateVars } from '@sro/shared/schemas/inbox';
import { api } from '../../api/client';
import { t } from '../../i18n';

let cache: CannedReplyDto[] | null = null;

/** Staff: insert a canned reply, its {{placeholders}} filled from the open thread. */
export function TemplatePicker({ vars, onPick }: { vars: TemplateVars; onPick: (text: string) => void }) {
  const [items, setItems] = useState<CannedReplyDto[]>(cache ?? []);
  useEffect(() => {
    if (!cache) api.get<{ items: CannedReplyDto[] }>('/api/canned-replies').then((r) => setItems((cache = r.items)), () => undefined);
  }, []);
  if (!items.length) return null;
  return (
    <label class="template-picker">
      <span class="sr-only">{t('inbox.templates')}</span>
      <select value="" onChange={(e) => {
        const picked = items.find((c) => c.id === e.currentTarget.value);
        if (picked) onPick(renderTemplate(picked.body, vars));
      }}>
        <option value="">{t('inbox.templatePick')}</option>
        {items.map((c) => <option key={c.id} value={c.id}>{c.title}</option>)}
      </select>
    </label>
  );
}
