import { REGISTRY_FIELDS, responsibilitySchema, type ImportRowError, type MemberKind, type RegistryChange, type RegistryField } from '@sro/shared';
import type { CsvRow } from './csv';

// One CSV row → validated registry changes, with the registry's own schemas (shared REGISTRY_FIELDS), so a value
// the import accepts is one a staff edit would accept too. Russian words for kinds and statuses are understood.

const KIND_WORDS: Record<string, MemberKind> = {
  legal_entity: 'legal_entity', 'юл': 'legal_entity', 'юридическое лицо': 'legal_entity', 'организация': 'legal_entity',
  sole_proprietor: 'sole_proprietor', 'ип': 'sole_proprietor', 'индивидуальный предприниматель': 'sole_proprietor',
  individual: 'individual', 'фл': 'individual', 'физическое лицо': 'individual', 'кадастровый инженер': 'individual',
};
const STATUS_WORDS: Record<string, string> = {
  member: 'member', 'член': 'member', 'член сро': 'member', 'действующий': 'member', 'является членом': 'member',
  suspended: 'suspended', 'приостановлен': 'suspended', 'приостановлено': 'suspended',
  excluded: 'excluded', 'исключен': 'excluded', 'исключён': 'excluded',
};

/** Fields an import may set, in the order errors are reported. */
const IMPORT_FIELDS: RegistryField[] = ['inn', 'name', 'kind', 'status', 'shortName', 'regNumber', 'regDate', 'ogrn', 'email', 'phone', 'legalAddress', 'postalAddress', 'rightToWork'];
const REQUIRED = new Set<RegistryField>(['inn', 'name']);

/** "15.03.2017" → "2017-03-15"; ISO stays. */
const isoDate = (v: string) => (/^\d{2}\.\d{2}\.\d{4}$/.test(v) ? v.split('.').reverse().join('-') : v);

export interface ParsedRow {
  row: number;
  inn: string;
  changes: RegistryChange[];
  /** Used only when the row creates a member: an absent column never overwrites an existing entry. */
  defaults: RegistryChange[];
  email?: string;
}

/** Words → codes, dates to ISO. */
function normaliseCells(cells: Record<string, string>): Record<string, string> {
  const input = { ...cells };
  if (input.kind) input.kind = KIND_WORDS[input.kind.trim().toLowerCase()] ?? input.kind;
  if (input.status) input.status = STATUS_WORDS[input.status.trim().toLowerCase()] ?? input.status;
  if (input.regDate) input.regDate = isoDate(input.regDate.trim());
  return input;
}

/** A new member without a kind column: 10-digit INN → legal entity, 12 → a person; status "member". */
function defaultsFor(changes: RegistryChange[], inn: string): RegistryChange[] {
  const defaults: RegistryChange[] = [];
  if (!changes.some((c) => c.field === 'kind')) defaults.push({ field: 'kind', newValue: inn.length === 10 ? 'legal_entity' : 'individual' });
  if (!changes.some((c) => c.field === 'status')) defaults.push({ field: 'status', newValue: 'member' });
  return defaults;
}

/** The responsibility columns (levels, contributions) make one value, validated as a whole. */
function responsibilityChange(input: Record<string, string>, row: number, errors: ImportRowError[]): RegistryChange | null | undefined {
  const parts = Object.entries(input).filter(([k, v]) => k.startsWith('responsibility.') && v !== '');
  if (!parts.length) return undefined;
  const value = Object.fromEntries(parts.map(([k, v]) => [k.slice('responsibility.'.length), v.replace(/\s/g, '').replace(',', '.')]));
  const result = responsibilitySchema.safeParse(value);
  if (result.success) return { field: 'responsibility', newValue: result.data };
  errors.push({ row, field: `responsibility.${String(result.error.issues[0].path[0] ?? '')}`, message: result.error.issues[0].message });
  return null;
}

/** A valid row, or null with its errors pushed (every bad field of the row, not just the first). */
export function parseRow({ line: row, cells }: CsvRow, errors: ImportRowError[]): ParsedRow | null {
  const input = normaliseCells(cells);
  const changes: RegistryChange[] = [];
  let ok = true;
  for (const field of IMPORT_FIELDS) {
    const value = input[field];
    if (!value) {
      if (REQUIRED.has(field)) {
        errors.push({ row, field, message: 'Обязательное поле не заполнено' });
        ok = false;
      }
      continue;
    }
    const result = REGISTRY_FIELDS[field].schema.safeParse(value);
    if (result.success) changes.push({ field, newValue: result.data });
    else {
      errors.push({ row, field, message: result.error.issues[0].message });
      ok = false;
    }
  }
  const responsibility = responsibilityChange(input, row, errors);
  if (responsibility === null) ok = false;
  else if (responsibility) changes.push(responsibility);
  if (!ok) return null;
  const value = (f: RegistryField) => changes.find((c) => c.field === f)?.newValue as string | undefined;
  const inn = value('inn')!;
  return { row, inn, changes, defaults: defaultsFor(changes, inn), email: value('email') };
}
