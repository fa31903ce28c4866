import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { ImportReportDto, ImportRowError } from '@sro/shared';

// Reading an existing registry's CSV: UTF-8 or Windows-1251 (detected), `;` or `,` (detected), headers in
// Russian or English. A malformed record (a stray quote) is reported by its line and skipped, never fatal.

type Encoding = ImportReportDto['encoding'];
type Delimiter = ImportReportDto['delimiter'];

/** UTF-8 if the bytes are valid UTF-8 (a 1251 file with Cyrillic never is), else Windows-1251. */
export function decodeCsv(bytes: Buffer): { text: string; encoding: Encoding } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(bytes, 'win1251'), encoding: 'windows-1251' };
  }
}

/** The header line decides: whichever of `;` and `,` it has more of (Russian Excel writes `;`). */
export function detectDelimiter(text: string): Delimiter {
  const end = text.indexOf('\n');
  const header = end === -1 ? text : text.slice(0, end);
  return (header.match(/;/g)?.length ?? 0) >= (header.match(/,/g)?.length ?? 0) ? ';' : ',';
}

/** Header → registry path. Composite fields (responsibility) are gathered by the row parser. */
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
  phone: 'phone', 'телефон': 'phone', 'телефоны': 'phone',
  legal_address: 'legalAddress', 'юридический адрес': 'legalAddress', 'адрес': 'legalAddress',
  postal_address: 'postalAddress', 'почтовый адрес': 'postalAddress',
  right_to_work: 'rightToWork', 'наличие права': 'rightToWork', 'право': 'rightToWork',
  level_vv: 'responsibility.levelVv', 'уровень вв': 'responsibility.levelVv', 'уровень ответственности вв': 'responsibility.levelVv',
  level_odo: 'responsibility.levelOdo', 'уровень одо': 'responsibility.levelOdo', 'уровень ответственности одо': 'responsibility.levelOdo',
  contribution_vv: 'responsibility.contributionVv', 'взнос кф вв': 'responsibility.contributionVv', 'кф вв': 'responsibility.contributionVv',
  contribution_odo: 'responsibility.contributionOdo', 'взнос кф одо': 'responsibility.contributionOdo', 'кф одо': 'responsibility.contributionOdo',
};

export interface CsvRow {
  /** Line number in the file where the record ends (the header is line 1). */
  line: number;
  cells: Record<string, string>;
}

export interface CsvTable {
  encoding: Encoding;
  delimiter: Delimiter;
  columns: string[];
  unknownColumns: string[];
  rows: CsvRow[];
  /** Records the parser could not read (unbalanced quotes …). */
  broken: ImportRowError[];
}

export function parseRegistryCsv(bytes: Buffer): CsvTable {
  const { text, encoding } = decodeCsv(bytes);
  const delimiter = detectDelimiter(text);
  const broken: ImportRowError[] = [];
  const records = parse(text, {
    delimiter, skip_empty_lines: true, relax_column_count: true, trim: true, bom: true, info: true,
    skip_records_with_error: true,
    on_skip: (err) => void broken.push({ row: Number(err?.lines ?? 0), field: '_', message: 'Строку не удалось прочитать: проверьте кавычки' }),
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const [header, ...data] = records;
  const names = (header?.record ?? []).map((h) => h.trim().toLowerCase());
  const columns = names.map((h) => HEADER_ALIASES[h] ?? '');
  const unknownColumns = (header?.record ?? []).filter((_, i) => !columns[i]);
  const rows = data.map(({ record, info }) => ({
    line: info.lines,
    cells: Object.fromEntries(columns.map((c, i) => [c, record[i] ?? '']).filter(([c]) => c)),
  }));
  return { encoding, delimiter, columns: columns.filter(Boolean), unknownColumns, rows, broken };
}
