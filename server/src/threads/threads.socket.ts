import { isStaffRole, readThreadSchema, sendMessageSchema } from '@sro/shared';
import { z } from 'zod';
import { objectIdSchema } from '@sro/shared';
import type { ModuleContext } from '../core/module';
import { onEvent, type PortalSocket } from '../realtime/io';
import { rooms } from '../realtime/rooms';
import { runWithTenant } from '../core/tenancy';
import { presentMessage } from './thread.presenter';
import { sendMessage } from './message.service';
import { displayName } from '../users/display-name';
import { loadThreadFor } from './thread-access';
import { markRead, unreadSummary } from './unread.service';
import { presence } from './presence';

/** Socket handlers of the threads domain: send, read, typing, and (staff) who is viewing a thread. */
export function registerThreadHandlers(socket: PortalSocket, ctx: ModuleContext): void {
  const { events, logger, io } = ctx;
  sendBadges(socket, ctx);
  onEvent(socket, 'message:send', sendMessageSchema, async (payload, user) => {
    const { message } = await sendMessage(events, user, payload);
    return { message: presentMessage(message, user) };
  }, logger);

  onEvent(socket, 'thread:read', readThreadSchema, async (payload, user) => {
    const thread = await loadThreadFor(user, payload.threadId);
    await markRead(user, thread, payload.seq);
    events.emit('thread.read', { user, threadId: payload.threadId });
    return {};
  }, logger);

  // Typing: fire-and-forget, checked like everything else, relayed to the thread's other party.
  socket.on('thread:typing', (payload) => {
    const parsed = z.object({ threadId: objectIdSchema, internal: z.boolean().optional() }).safeParse(payload);
    const user = socket.data.user;
    if (!parsed.success) return;
    void runWithTenant(user.sroId, async () => {
      const thread = await loadThreadFor(user, parsed.data.threadId).catch(() => null);
      if (!thread) return;
      const event = { threadId: parsed.data.threadId, userId: user.id, name: await displayName(user.id) };
      // A note being written is nobody's business but staff's.
      const toMember = !(parsed.data.internal && isStaffRole(user.role));
      socket.to([rooms.staff(user.sroId), ...(toMember ? [rooms.member(String(thread.memberId))] : [])]).emit('thread:typing', event);
    });
  });

  // Staff presence: who has a thread open, so two experts don't answer twice.
  socket.on('thread:view', (payload) => {
    const user = socket.data.user;
    if (!isStaffRole(user.role)) return;
    const threadId = typeof payload?.threadId === 'string' && /^[0-9a-f]{24}$/.test(payload.threadId) ? payload.threadId : null;
    void runWithTenant(user.sroId, async () => {
      const changed = presence.view(socket.id, threadId, { userId: user.id, name: await displayName(user.id) });
      for (const id of changed) io.to(rooms.staff(user.sroId)).emit('thread:viewers', { threadId: id, viewers: presence.viewers(id) });
    });
  });
  socket.on('disconnect', () => {
    const user = socket.data.user;
    for (const id of presence.view(socket.id, null)) io.to(rooms.staff(user.sroId)).emit('thread:viewers', { threadId: id, viewers: presence.viewers(id) });
  });
}

/**
 * Every connection gets the user's badges as they stand, so a tab back from a drop has them without asking: in a
 * reconnect storm, GET /api/unread through the whole HTTP stack was a third of what a reconnect cost the server.
 * The socket is already in its rooms, so a change after this read arrives as `unread:updated` behind it.
 */
function sendBadges(socket: PortalSocket, { logger }: ModuleContext): void {
  const user = socket.data.user;
  runWithTenant(user.sroId, () => unreadSummary(user)).then(
    (summary) => socket.connected && socket.emit('unread:summary', summary),
    // The badges stay as the tab had them until the next change; the socket itself is fine.
    (err) => logger.warn({ err, userId: user.id }, 'badges on connect failed'),
  );
}
