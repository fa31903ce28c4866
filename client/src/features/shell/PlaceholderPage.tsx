import { t } from '../../i18n';
import { EmptyState } from '../../components/ui';
import { isStaff } from '../../stores/session';

/** An honest page for modules that are not built yet: says so, and what to do meanwhile. */
export function PlaceholderPage() {
  return (
    <section>
      <h1>{t('placeholder.title')}</h1>
      <EmptyState
        title={t('placeholder.title')}
        text={t('placeholder.text')}
        action={isStaff.value ? undefined : <a class="btn btn--primary" href="/requests/new/general">{t('placeholder.action')}</a>}
      />
    </section>
  );
}
