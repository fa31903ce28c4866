// Every page of the threads feature, loaded as one chunk (see routes.tsx).
export { JournalPage } from './JournalPage';
export { KindChooser, NewRequestPage } from './NewRequestPage';
export { ThreadPage } from './ThreadPage';
