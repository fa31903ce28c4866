import nodemailer from 'nodemailer';
import type { Logger } from '../core/logger';
import type { Mailer, MailMessage } from './mailer';
import { writeOutboxLetter } from './outbox';

export interface MailerOptions {
  smtpUrl?: string;
  from: string;
  /** Without SMTP, messages are written as .eml files here (the development outbox). */
  outboxDir: string;
  logger: Logger;
}

let sequence = 0;

/** SMTP when SMTP_URL is set; otherwise a local outbox of .eml files under DATA_DIR/outbox (see outbox.ts). */
export function createMailer(opts: MailerOptions): Mailer {
  const transport = opts.smtpUrl
    ? nodemailer.createTransport(opts.smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message: MailMessage) {
      const info = await transport.sendMail({
        from: opts.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
      if (!opts.smtpUrl) {
        // Time first so names sort by sending order; the sequence keeps two letters in one millisecond apart.
        const id = `${Date.now()}-${String(++sequence % 1e6).padStart(6, '0')}-${info.messageId.replace(/[^\w.-]/g, '').slice(0, 80)}`;
        await writeOutboxLetter(opts.outboxDir, id, message, (info as unknown as { message: Buffer }).message);
      }
      opts.logger.info({ to: message.to, subject: message.subject }, 'mail sent');
    },
  };
}
