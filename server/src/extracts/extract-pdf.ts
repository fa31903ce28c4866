import QRCode from 'qrcode';
import { formatKopecks, type RegistryOpenCardDto } from '@sro/shared';
import { formatDateRu } from '../core/dates';
import { contentWidth, createPdf, drawTable } from '../core/pdf';

// The registry extract as a PDF, in the layout of the form approved by Приказ Ростехнадзора от 16.02.2017 № 58
// (sections 1–6 of the table), with the Cyrillic font of core/pdf.

export interface ExtractContent {
  number: string;
  issuedAt: Date;
  validUntil: Date;
  sro: { name: string };
  member: RegistryOpenCardDto;
  /** What the member's contracts oblige it to under КФ ОДО, kopecks (section 5), when it has a level. */
  odoObligations?: number | null;
  applicant: string;
  verifyUrl: string;
  testSignature: boolean;
}

const STATUS_WORDS: Record<RegistryOpenCardDto['status'], string> = { member: 'Является членом', suspended: 'Является членом (право приостановлено)', excluded: 'Исключён из членов' };
const yesNo = (value: boolean | null | undefined) => (value === true ? 'Имеет право' : value === false ? 'Не имеет права' : 'Сведения отсутствуют');
const level = (n?: number) => (n ? `${n}-й уровень ответственности` : 'Не вносился');

/** The table rows of the form: [number, question, answer]. Only the open part of the registry. */
function rows(c: ExtractContent): [string, string, string][] {
  const m = c.member;
  const r = m.responsibility;
  const latestMeasure = m.disciplinaryMeasures.at(-1);
  return [
    ['1', 'Сведения о члене саморегулируемой организации', ''],
    ['1.1', 'Идентификационный номер налогоплательщика', m.inn],
    ['1.2', m.kind === 'legal_entity' ? 'Полное наименование юридического лица' : 'Фамилия, имя, отчество', m.name],
    ['1.3', 'Сокращённое наименование', m.shortName ?? '—'],
    ['1.4', 'ОГРН / ОГРНИП', m.ogrn ?? '—'],
    ['1.5', 'Адрес', m.legalAddress ?? '—'],
    ['1.6', 'Является членом саморегулируемой организации', STATUS_WORDS[m.status]],
    ['1.7', 'Регистрационный номер члена в реестре', m.regNumber ?? '—'],
    ['1.8', 'Дата вступления в силу решения о приёме в члены', m.regDate ? formatDateRu(m.regDate) : '—'],
    ['2', 'Сведения о наличии у члена права выполнять работы', ''],
    ['2.1', 'В отношении объектов капитального строительства (кроме особо опасных, технически сложных и уникальных)', yesNo(m.rightToWork)],
    ['3', 'Компенсационный фонд возмещения вреда', ''],
    ['3.1', 'Уровень ответственности', level(r?.levelVv)],
    ['4', 'Компенсационный фонд обеспечения договорных обязательств', ''],
    ['4.1', 'Уровень ответственности', level(r?.levelOdo)],
    ['5', 'Фактический совокупный размер обязательств по договорам, заключённым с использованием конкурентных способов', c.odoObligations == null ? '—' : formatKopecks(c.odoObligations)],
    ['6', 'Сведения о приостановлении права выполнять работы', m.status === 'suspended' && latestMeasure ? `${latestMeasure.measure} (${latestMeasure.date})` : 'Нет'],
  ];
}

/** Renders the extract; resolves to the PDF bytes. */
export async function renderExtractPdf(c: ExtractContent): Promise<Buffer> {
  const qr = await QRCode.toBuffer(c.verifyUrl, { type: 'png', margin: 1, width: 220, errorCorrectionLevel: 'M' });
  const { doc, done } = createPdf({ title: `Выписка из реестра членов СРО № ${c.number}`, author: c.sro.name, createdAt: c.issuedAt });

  doc.font('bold').fontSize(13).text('ВЫПИСКА', { align: 'center' });
  doc.font('main').fontSize(11).text('из реестра членов саморегулируемой организации', { align: 'center' });
  doc.moveDown(0.6).fontSize(10).text(`${formatDateRu(c.issuedAt)}`, { continued: true }).text(`№ ${c.number}`, { align: 'right' });
  doc.moveDown(0.6).font('bold').text(c.sro.name, { align: 'center' });
  doc.font('main').fontSize(9).text('(полное наименование саморегулируемой организации)', { align: 'center' });
  doc.moveDown(0.6).fontSize(10).text(`Выдана по запросу: ${c.applicant}`);
  doc.text(`Сведения реестра по состоянию на ${formatDateRu(c.issuedAt)}.`);
  doc.moveDown(0.5);
  const width = contentWidth(doc);
  drawTable(doc, rows(c), [36, width * 0.5 - 36, width * 0.5], 130);

  doc.moveDown(1).font('main').fontSize(10).text(`Выписка действительна в течение одного месяца с даты выдачи — до ${formatDateRu(c.validUntil)} (ч. 4 ст. 55.17 ГрК РФ).`);
  doc.text('Подписана усиленной электронной подписью СРО: файл подписи .p7s прилагается к выписке.');
  if (c.testSignature) doc.fillColor('#b00020').text('Тестовая подпись, не квалифицированная: ключ создан порталом, а не удостоверяющим центром.').fillColor('black');
  const y = doc.y + 10;
  doc.image(qr, doc.page.margins.left, y, { width: 96 });
  doc.fontSize(9).text('Проверить подлинность и срок действия выписки:', doc.page.margins.left + 110, y + 20);
  doc.fillColor('#0b5394').text(c.verifyUrl, { link: c.verifyUrl, underline: true }).fillColor('black');
  doc.end();
  return done;
}
