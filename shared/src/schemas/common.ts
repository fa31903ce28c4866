import { z } from 'zod';

// Building blocks reused by every domain's schemas. Messages are Russian: the UI shows them next to the field.

export const objectIdSchema = z.string().regex(/^[0-9a-f]{24}$/i, 'Некорректный идентификатор');

/** Check digits of an INN (ФНС algorithm): 10 digits for organisations, 12 for persons. */
export function isValidInn(inn: string): boolean {
  if (!/^\d{10}$|^\d{12}$/.test(inn)) return false;
  const digits = inn.split('').map(Number);
  const checksum = (weights: number[]) =>
    (weights.reduce((sum, w, i) => sum + w * digits[i], 0) % 11) % 10;
  if (inn.length === 10) return checksum([2, 4, 10, 3, 5, 9, 4, 6, 8]) === digits[9];
  return (
    checksum([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === digits[10] &&
    checksum([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === digits[11]
  );
}

/** OGRN (13 digits) and OGRNIP (15 digits): the last digit is the remainder of the rest by 11 (by 13), mod 10. */
export function isValidOgrn(ogrn: string): boolean {
  if (!/^\d{13}$|^\d{15}$/.test(ogrn)) return false;
  const body = BigInt(ogrn.slice(0, -1));
  const divisor = ogrn.length === 13 ? 11n : 13n;
  return Number((body % divisor) % 10n) === Number(ogrn.at(-1));
}

export const innSchema = z
  .string()
  .trim()
  .refine(isValidInn, 'ИНН должен состоять из 10 или 12 цифр с верной контрольной суммой');

export const ogrnSchema = z
  .string()
  .trim()
  .refine(isValidOgrn, 'ОГРН — 13 цифр, ОГРНИП — 15 цифр, с верной контрольной цифрой');

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('Введите адрес электронной почты, например name@example.ru'));

export const phoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{10,20}$/, 'Телефон в формате +7 999 123-45-67');

export const PASSWORD_MIN_LENGTH = 10;
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Пароль — не короче ${PASSWORD_MIN_LENGTH} символов`)
  .max(200, 'Пароль слишком длинный');

/** A calendar date as the user typed it, YYYY-MM-DD. */
export const isoDateSchema = z.iso.date('Дата в формате ГГГГ-ММ-ДД');

export const pageQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Turns a zod error into the contract's `fields` map: "a.b" → first message for that path. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    fields[key] ??= issue.message;
  }
  return fields;
}
