import { useState } from 'preact/hooks';
import { kindName, t } from '../../i18n';
import { useDismiss } from '../../components/useDismiss';
import { MEMBER_REQUEST_KINDS } from '../threads/kinds';

/** "Создать запрос": a menu of request kinds; each opens its form at /requests/new/<kind>. */
export function CreateMenu() {
  const [open, setOpen] = useState(false);
  const ref = useDismiss<HTMLDivElement>(open, () => setOpen(false));
  // Arrow keys move between the items, as in any menu.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    items[(at + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
  };
  return (
    <div class="create" ref={ref} onKeyDown={onKeyDown}>
      <button class="btn btn--primary" type="button" aria-label={t('shell.create')} aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">+</span> <span class="hide-sm">{t('shell.create')}</span>
      </button>
      {open && (
        <ul class="create__menu" role="menu" aria-label={t('shell.create')}>
          {MEMBER_REQUEST_KINDS.map((kind) => (
            <li key={kind} role="none">
              <a role="menuitem" href={`/requests/new/${kind}`} onClick={() => setOpen(false)}>{kindName(kind)}</a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
