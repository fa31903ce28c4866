/** An e-mail as the domains compose it: Russian, always with a plain-text and an HTML part. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** For the member's "Messages" section: which member and user this copy belongs to. */
  memberId?: string;
  userId?: string;
  sroId?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}
