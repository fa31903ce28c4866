import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OutboxLetterDto } from '@sro/shared';
import type { MailMessage } from './mailer';

// The development outbox (no SMTP_URL): each letter as `<id>.eml` (open it in any mail client) plus
// `<id>.json` with what staff need to list and read it. Letters carry their SRO: an installation hosting
// several SROs shows each SRO's admin only its own letters (they hold live invitation links).

interface StoredLetter extends OutboxLetterDto {
  sroId?: string;
}

const ID = /^[\w.-]{1,200}$/;

export async function writeOutboxLetter(dir: string, id: string, message: MailMessage, raw: Buffer): Promise<void> {
  await mkdir(dir, { recursive: true });
  const letter: StoredLetter = { id, to: message.to, subject: message.subject, sentAt: new Date().toISOString(), text: message.text, html: message.html, sroId: message.sroId };
  await writeFile(path.join(dir, `${id}.eml`), raw);
  await writeFile(path.join(dir, `${id}.json`), JSON.stringify(letter));
}

async function readLetter(dir: string, id: string): Promise<StoredLetter | null> {
  if (!ID.test(id)) return null;
  try {
    return JSON.parse(await readFile(path.join(dir, `${id}.json`), 'utf8')) as StoredLetter;
  } catch {
    return null;
  }
}

const visible = (letter: StoredLetter | null, sroId: string): letter is StoredLetter => !!letter && (!letter.sroId || letter.sroId === sroId);

/** The newest `limit` letters of this SRO, without bodies. File names start with the time, so they sort. */
export async function listOutbox(dir: string, sroId: string, limit = 50): Promise<OutboxLetterDto[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort().reverse();
  const items: OutboxLetterDto[] = [];
  for (const name of names) {
    if (items.length >= limit) break;
    const letter = await readLetter(dir, name.slice(0, -'.json'.length));
    if (visible(letter, sroId)) items.push({ id: letter.id, to: letter.to, subject: letter.subject, sentAt: letter.sentAt });
  }
  return items;
}

export async function readOutboxLetter(dir: string, sroId: string, id: string): Promise<OutboxLetterDto | null> {
  const letter = await readLetter(dir, id);
  if (!visible(letter, sroId)) return null;
  const { sroId: _sro, ...dto } = letter;
  return dto;
}
