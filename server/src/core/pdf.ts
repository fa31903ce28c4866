import path from 'node:path';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

// Documents the portal prints (registry extracts, signature sheets). pdfkit's standard fonts have no Cyrillic,
// so DejaVu Sans (npm dejavu-fonts-ttf) is embedded as "main" and "bold".

const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export interface PdfUnderConstruction {
  doc: PDFKit.PDFDocument;
  /** Call doc.end() first; resolves to the bytes. */
  done: Promise<Buffer>;
}

export function createPdf(info: { title: string; author: string; createdAt?: Date }): PdfUnderConstruction {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 50, bottom: 50, left: 56, right: 42 }, info: { Title: info.title, Author: info.author, CreationDate: info.createdAt ?? new Date() } });
  doc.registerFont('main', path.join(fontDir, 'DejaVuSans.ttf'));
  doc.registerFont('bold', path.join(fontDir, 'DejaVuSans-Bold.ttf'));
  doc.font('main');
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => doc.on('end', () => resolve(Buffer.concat(chunks))).on('error', reject));
  return { doc, done };
}

/** A two- or three-column table with borders; rows whose first cell has no dot are section headings. */
export function drawTable(doc: PDFKit.PDFDocument, rows: string[][], widths: number[], reserveBottom = 60): void {
  const left = doc.page.margins.left;
  for (const row of rows) {
    const heading = row.length === 3 && !row[0].includes('.');
    doc.font(heading ? 'bold' : 'main').fontSize(9);
    const h = Math.max(...row.map((text, i) => doc.heightOfString(text || ' ', { width: widths[i] - 8 }))) + 8;
    if (doc.y + h > doc.page.height - doc.page.margins.bottom - reserveBottom) doc.addPage();
    const y = doc.y;
    let x = left;
    row.forEach((text, i) => {
      doc.rect(x, y, widths[i], h).lineWidth(0.5).stroke('#555');
      doc.text(text, x + 4, y + 4, { width: widths[i] - 8 });
      x += widths[i];
    });
    doc.x = left;
    doc.y = y + h;
  }
  doc.font('main');
}

export const contentWidth = (doc: PDFKit.PDFDocument) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
