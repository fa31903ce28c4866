import type { ThreadFields } from '../threads';
import { formatDateTimeRu } from '../core/dates';
import { contentWidth, createPdf, drawTable } from '../core/pdf';
import type { SignatureFields } from './signature.model';

// The signature sheet («лист подписания»): what staff print or file with a request to show who signed what.

const METHOD_WORDS: Record<SignatureFields['method'], string> = {
  password: 'подтверждено повторным вводом пароля',
  code: 'подтверждено кодом из письма на адрес пользователя',
  session: 'подтверждено входом в личный кабинет (без повторного подтверждения)',
};

export async function renderSignatureSheet(thread: ThreadFields, signatures: SignatureFields[], sroName: string): Promise<Buffer> {
  const { doc, done } = createPdf({ title: `Лист подписания ${thread.regNumber ?? ''}`.trim(), author: sroName });
  doc.font('bold').fontSize(13).text('ЛИСТ ПОДПИСАНИЯ', { align: 'center' });
  doc.font('main').fontSize(10).text('простой электронной подписью (ст. 9 Федерального закона № 63-ФЗ)', { align: 'center' }).moveDown();
  doc.text(`Документ: ${thread.subject}${thread.regNumber ? `, вх. № ${thread.regNumber}` : ''}`);
  doc.text(`Член СРО: ${thread.memberName ?? ''}`).moveDown(0.5);
  const width = contentWidth(doc);
  for (const s of signatures) {
    drawTable(doc, [
      ['Подписал', s.signerName],
      ['Дата и время (МСК)', formatDateTimeRu(s.signedAt)],
      ['Способ', METHOD_WORDS[s.method]],
      ['Соглашение об ЭДО принято', s.agreementAcceptedAt ? formatDateTimeRu(s.agreementAcceptedAt) : 'нет отметки'],
      ['IP-адрес, программа', `${s.ip ?? '—'}; ${s.userAgent ?? '—'}`],
      ['SHA-256 подписанного', s.sha256],
      ['Подписанный текст', s.content.text || '—'],
      ['Сведения формы', Object.keys(s.content.form).length ? JSON.stringify(s.content.form) : '—'],
      ['Файлы (SHA-256)', s.content.files.map((f) => `${f.name}: ${f.sha256}`).join('\n') || '—'],
    ], [150, width - 150]);
    doc.moveDown();
  }
  if (!signatures.length) doc.text('Документ не подписывался.');
  doc.fontSize(8).fillColor('#555').text('SHA-256 вычисляется от канонического JSON {kind, form, text, files[{name, sha256}]} (docs/api.md, «ПЭП»): его можно пересчитать по файлам обращения.');
  doc.end();
  return done;
}
