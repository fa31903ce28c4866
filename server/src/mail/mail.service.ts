import type { Logger } from '../core/logger';
import { InFlight } from '../core/in-flight';
import { currentSroId } from '../core/tenancy';
import type { Mailer, MailMessage } from './mailer';
import { MailCopy } from './mail-copy.model';

/**
 * Sends an e-mail and, for a member's user (`memberId` set), keeps a copy in the member's "Messages" section
 * (seed 001 §4.6: "дублируются уведомления, направленные члену СРО на адрес электронной почты").
 * The copy is stored first: the member sees the letter even when the mail server is down. A mail server that
 * is down must not fail the action that caused the e-mail either: the failure is logged instead.
 * A letter with a secret (invitation, reset) is never copied: whoever reads the copy could use its link.
 */
export function deliverMail(mailer: Mailer, logger: Logger, message: MailMessage): Promise<void> {
  return letters.add(send(mailer, logger, message));
}

/** Letters still being handed to the mail server: shutdown waits for them, and tests wait instead of sleeping. */
const letters = new InFlight();

/** Resolves when every letter started so far has been handed over (or failed), or after `timeoutMs`. */
export const mailSettled = (timeoutMs = 5_000): Promise<void> => letters.settled(timeoutMs);

async function send(mailer: Mailer, logger: Logger, message: MailMessage): Promise<void> {
  const stamped = { ...message, sroId: message.sroId ?? currentSroId() };
  if (stamped.memberId && !stamped.secret) {
    await MailCopy.create({ memberId: stamped.memberId, userId: stamped.userId, to: stamped.to, subject: stamped.subject, text: stamped.text, html: stamped.html });
  }
  try {
    await mailer.send(stamped);
  } catch (err) {
    logger.error({ err, to: stamped.to, subject: stamped.subject }, 'mail delivery failed');
  }
}
