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
const VerifyPage = lazy(() => import('./features/signatures/VerifyPage'));

export function App() {
  useEffect(() => {
    void loadMe();
  }, []);
  const current = path.value;
  if (current === '/activate') return <ActivatePage />;
  if (current === '/reset-password') return <ResetPasswordPage />;
  // The QR code of an extract leads here: anyone checks it without signing in.
  if (current === '/verify' || current.startsWith('/verify/')) return <Suspense fallback={<Loading />}><VerifyPage /></Suspense>;
  if (current.startsWith('/registry')) return <Suspense fallback={<Loading />}><PublicRegistryPage /></Suspense>;
  if (me.value === undefined) return <Loading />;
  if (me.value === null) return <LoginPage />;
  return (
    <Suspense fallback={<Loading />}>
      <Cabinet />
    </Suspense>
  );
}
