import type { RouteDef } from '../../router';
import { lazyPage } from '../../components/lazyPage';

const JournalPage = lazyPage(() => import('./threadsPages').then((m) => m.JournalPage));
const KindChooser = lazyPage(() => import('./threadsPages').then((m) => m.KindChooser));
const NewRequestPage = lazyPage(() => import('./threadsPages').then((m) => m.NewRequestPage));
const ThreadPage = lazyPage(() => import('./threadsPages').then((m) => m.ThreadPage));

/** The member's journal, the request forms and one thread. Staff open threads inside the inbox instead. */
export const threadRoutes: RouteDef[] = [
  // "Входящие" are the SRO's documents to the member (outgoing from the SRO), "Исходящие" the member's own.
  { path: '/inbox', for: ['member'], view: () => <JournalPage direction="outgoing" /> },
  { path: '/outbox', for: ['member'], view: () => <JournalPage direction="incoming" /> },
  { path: '/requests', for: ['member'], view: () => <JournalPage /> },
  { path: '/requests/new', for: ['member'], view: () => <KindChooser /> },
  { path: '/requests/new/:kind', for: ['member'], view: ({ kind }) => <NewRequestPage kind={kind} /> },
  { path: '/threads/:id', for: ['member'], view: ({ id }) => <ThreadPage id={id} /> },
];
