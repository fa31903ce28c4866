import { useEffect, useRef } from 'preact/hooks';
import { Suspense } from 'preact/compat';
import { isAdmin, isStaff } from '../../stores/session';
import { loadNotifications } from '../../stores/notifications';
import { connect, disconnect, online } from '../../realtime/socket';
import { t } from '../../i18n';
import { path, resolveRoute, type Audience } from '../../router';
import { Loading } from '../../components/ui';
import { PageErrorBoundary } from '../../components/PageErrorBoundary';
import { TopBar } from './TopBar';
import { SideMenu } from './SideMenu';
import { NotFoundPage } from './ModulePage';
import { ROUTES } from './routes';
import { AgreementGate } from '../signatures/AgreementGate';

// The signed-in shell (its own chunk, loaded after sign-in together with socket.io-client).

function CurrentPage() {
  const audiences: Audience[] = isStaff.value ? (isAdmin.value ? ['staff', 'admin'] : ['staff']) : ['member'];
  const found = resolveRoute(ROUTES, audiences);
  return <>{found ? found.route.view(found.params) : <NotFoundPage />}</>;
}

export default function Cabinet() {
  useEffect(() => {
    connect(); // the badges arrive with the connection (unread:summary)
    void loadNotifications().catch(() => undefined);
    return disconnect;
  }, []);

  // After an in-app navigation, move focus to the new page so screen readers announce it (not on first load).
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  const current = path.value;
  useEffect(() => {
    if (first.current) return void (first.current = false);
    main.current?.focus({ preventScroll: true });
  }, [current]);

  return (
    <div class="layout">
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), main.current?.focus())}>{t('app.skip')}</a>
      <TopBar />
      {!online.value && <p class="offline" role="status">{t('offline')}</p>}
      <div class="layout__body">
        <SideMenu />
        <main id="main" ref={main} class="content" tabIndex={-1}>
          <PageErrorBoundary>
            <Suspense fallback={<Loading />}>
              <AgreementGate>
                <CurrentPage />
              </AgreementGate>
            </Suspense>
          </PageErrorBoundary>
        </main>
      </div>
    </div>
  );
}
