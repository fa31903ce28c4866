// The threads domain's one door: other domains import from '../threads', never from its files, so what they
// depend on is this list (models for queries, the services that keep a thread's counters and events right).

export { Thread, type ThreadFields } from './thread.model';
export { Message, type MessageFields } from './message.model';
export { loadThreadFor, threadScope } from './thread-access';
export { appendMessage, type NewMessage } from './message.append';
export { sendMessage } from './message.service';
export { changeStatus, resolveAlongLifecycle } from './status.service';
export { createThread, openThreadsOf } from './thread.service';
export { presentMessage, presentThread } from './thread.presenter';
export { headlineKeys, THREAD_SEARCH_VERSION } from './thread.search';
export { seedDemoThreads } from './threads.seed';
