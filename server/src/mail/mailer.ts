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
  /**
   * The letter carries a secret (an invitation or reset link, a one-time code): it goes to its addressee only,
   * and is never copied into the member's "Messages", where staff and the member's other users could use it.
   */
  secret?: boolean;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}
