import { lazy, Suspense } from 'preact/compat';
import { useEffect } from 'preact/hooks';
import { me, loadMe } from './stores/session';
import { path } from './router';
import { Loading } from './components/ui';
import { LoginPage } from './features/auth/LoginPage';
import { ActivatePage, ResetPasswordPage } from './features/auth/TokenPages';

// The signed-out pages are in the first bundle; the cabinet (and socket.io) loads only after sign-in.
const Cabinet = lazy(() => import('./features/shell/Cabinet'));
const PublicRegistryPage = lazy(() => import('./features/registry/PublicRegistryPage'));

export function App() {
  useEffect(() => {
    void loadMe();
  }, []);
  const current = path.value;
  if (current === '/activate') return <ActivatePage />;
  if (current === '/reset-password') return <ResetPasswordPage />;
  if (current.startsWith('/registry')) return <Suspense fallback={<Loading />}><PublicRegistryPage /></Suspense>;
  if (me.value === undefined) return <Loading />;
  if (me.value === null) return <LoginPage />;
  return (
    <Suspense fallback={<Loading />}>
      <Cabinet />
    </Suspense>
  );
}
