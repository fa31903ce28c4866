import type { MessageDto } from '@sro/shared/schemas/threads';
import { statusName, t } from '../../i18n';

type Worded = Pick<MessageDto, 'body' | 'status' | 'assignment'>;

/**
 * The text of a message as the reader should see it. Status and assignment lines are stored with their facts
 * and worded here, in the reader's language (the stored body is the Russian line for e-mail and old clients).
 */
export function messageLine(message: Worded, staff: boolean): string {
  if (message.status) {
    const status = statusName(message.status.to, staff);
    return message.status.reason ? `${status}. ${t('thread.reason')}: ${message.status.reason}` : status;
  }
  if (message.assignment) return message.assignment.to ? t('thread.assignedTo', { name: message.assignment.to }) : t('thread.assigneeRemoved');
  return message.body;
}
