import { Component, type ComponentChildren } from 'preact';
import { t } from '../i18n';
import { path } from '../router';
import { EmptyState } from './ui';

/**
 * Keeps the shell alive when one page fails. The usual cause is a page chunk that no longer exists because
 * the portal was updated while this tab was open: then a reload fetches the new version.
 */
export class PageErrorBoundary extends Component<{ children: ComponentChildren }, { error: unknown; at?: string }> {
  state = { error: undefined as unknown, at: undefined as string | undefined };

  // The error belongs to the page where it happened: navigating elsewhere shows that page normally
  // (no remount of the whole tree, so the inbox keeps its list while threads open beside it).
  static getDerivedStateFromError(error: unknown) {
    return { error, at: path.peek() };
  }

  componentDidCatch(error: unknown) {
    console.error('page failed', error);
  }

  render() {
    if (this.state.error === undefined || this.state.at !== path.value) return this.props.children;
    const stale = /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(String(this.state.error));
    return (
      <EmptyState
        title={stale ? t('error.updated') : t('common.error')}
        text={stale ? t('error.updatedText') : undefined}
        action={<button class="btn btn--primary" type="button" onClick={() => location.reload()}>{t('error.reload')}</button>}
      />
    );
  }
}
