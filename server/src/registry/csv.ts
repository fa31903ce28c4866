import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';

// Reading an existing registry's CSV: UTF-8 or Windows-1251 (detected), `;` or `,` (detected), headers in
// Russian or English.

export function decodeCsv(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return iconv.decode(bytes, 'win1251');
  }
}

function detectDelimiter(text: string): ';' | ',' {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0 || text.length);
  return (firstLine.match(/;/g)?.length ?? 0) >= (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
}

const HEADER_ALIASES: Record<string, string> = {
  inn: 'inn', 'инн': 'inn',
  name: 'name', 'наименование': 'name', 'полное наименование': 'name', 'фио': 'name', 'наименование / фио': 'name',
  short_name: 'shortName', shortname: 'shortName', 'сокращенное наименование': 'shortName', 'сокращённое наименование': 'shortName',
  kind: 'kind', 'вид': 'kind', 'тип': 'kind',
  reg_number: 'regNumber', regnumber: 'regNumber', 'рег. номер': 'regNumber', 'регистрационный номер': 'regNumber', 'номер в реестре': 'regNumber',
  reg_date: 'regDate', regdate: 'regDate', 'дата регистрации': 'regDate', 'дата включения': 'regDate',
  status: 'status', 'статус': 'status',
  ogrn: 'ogrn', 'огрн': 'ogrn', 'огрнип': 'ogrn', 'огрн/огрнип': 'ogrn',
  email: 'email', 'e-mail': 'email', 'эл. почта': 'email', 'электронная почта': 'email',
  phone: 'phone', 'телефон': 'phone',
  legal_address: 'legalAddress', 'юридический адрес': 'legalAddress', 'адрес': 'legalAddress',
};

export interface CsvTable {
  columns: string[];
  unknownColumns: string[];
  rows: Record<string, string>[];
}

export function parseRegistryCsv(bytes: Buffer): CsvTable {
  const text = decodeCsv(bytes);
  const records = parse(text, { delimiter: detectDelimiter(text), skip_empty_lines: true, relax_column_count: true, trim: true, bom: true }) as string[][];
  const [header = [], ...data] = records;
  const columns = header.map((h) => HEADER_ALIASES[h.trim().toLowerCase()] ?? '');
  const unknownColumns = header.filter((_, i) => !columns[i]);
  const rows = data.map((cells) => Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']).filter(([c]) => c)));
  return { columns: columns.filter(Boolean), unknownColumns, rows };
}
