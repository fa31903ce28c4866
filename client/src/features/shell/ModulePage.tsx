import { t, type MessageKey } from '../../i18n';
import { EmptyState } from '../../components/ui';
import type { ModuleStub } from './modules';

/** An honest page for a module not built yet: what it will hold, and what to do meanwhile. */
export function ModulePage({ module }: { module: ModuleStub }) {
  const key = (part: string) => `module.${module.id}.${part}` as MessageKey;
  return (
    <section>
      <h1>{t(key('title'))}</h1>
      <EmptyState
        title={t('module.soonBadge')}
        text={`${t(key('text'))} ${module.action ? t('module.memberAction') : t('module.staffAction')}`}
        action={module.action && <a class="btn btn--primary" href={module.action.href}>{t(module.action.label)}</a>}
      />
    </section>
  );
}

export function NotFoundPage() {
  return (
    <section>
      <h1>{t('notFound.title')}</h1>
      <EmptyState title={t('notFound.title')} text={t('notFound.text')} action={<a class="btn btn--primary" href="/">{t('notFound.action')}</a>} />
    </section>
  );
}
