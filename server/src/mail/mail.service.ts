import type { Logger } from '../core/logger';
import type { Mailer, MailMessage } from './mailer';
import { MailCopy } from './mail-copy.model';

/**
 * Sends an e-mail and, for a member's user, keeps a copy in the member's "Messages" section.
 * A mail server that is down must not fail the action that caused the e-mail: it is logged instead.
 */
export async function deliverMail(mailer: Mailer, logger: Logger, message: MailMessage): Promise<void> {
  if (message.memberId) {
    await MailCopy.create({ memberId: message.memberId, userId: message.userId, to: message.to, subject: message.subject, text: message.text });
  }
  try {
    await mailer.send(message);
  } catch (err) {
    logger.error({ err, to: message.to, subject: message.subject }, 'mail delivery failed');
  }
}
