import nodemailer from 'nodemailer';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../core/logger';
import type { Mailer, MailMessage } from './mailer';

export interface MailerOptions {
  smtpUrl?: string;
  from: string;
  /** Without SMTP, messages are written as .eml files here (the development outbox). */
  outboxDir: string;
  logger: Logger;
}

/** SMTP when SMTP_URL is set; otherwise a local outbox of .eml files under DATA_DIR/outbox. */
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
        await mkdir(opts.outboxDir, { recursive: true });
        const file = path.join(opts.outboxDir, `${Date.now()}-${info.messageId.replace(/[^\w.-]/g, '')}.eml`);
        await writeFile(file, (info as unknown as { message: Buffer }).message);
      }
      opts.logger.info({ to: message.to, subject: message.subject }, 'mail sent');
    },
  };
}
