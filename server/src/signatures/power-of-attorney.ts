import type { PowerOfAttorneyDto } from '@sro/shared';
import { now } from '../core/clock';

// A machine-readable power of attorney (МЧД, the ФНС XML format ON_EMCHD / "Доверенность"): who the principal
// (доверитель) is, who the representative is, and for how long. Read by attribute names, which every version of
// the format shares; the XML is never executed or resolved (no entities, no DTD).

// No \b: in a JavaScript regex it knows only ASCII letters, and every name here is Cyrillic.
const attr = (xml: string, name: string): string | undefined => xml.match(new RegExp(`(?:^|\\s)${name}="([^"]*)"`))?.[1];
const section = (xml: string, tag: string): string => xml.match(new RegExp(`<${tag}[\\s>][\\s\\S]*?</${tag}>`))?.[0] ?? '';

function fio(xml: string): string | undefined {
  const tag = xml.match(/<ФИО(?=[\s/>])[^>]*>/)?.[0];
  if (!tag) return undefined;
  return [attr(tag, 'Фамилия'), attr(tag, 'Имя'), attr(tag, 'Отчество')].filter(Boolean).join(' ') || undefined;
}

/** dd.mm.yyyy or yyyy-mm-dd → yyyy-mm-dd. */
function day(value?: string): string | undefined {
  if (!value) return undefined;
  const ru = value.match(/^(\d{2})\.(\d{2})\.(\d{4})$/);
  return ru ? `${ru[3]}-${ru[2]}-${ru[1]}` : /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
}

export function parsePowerOfAttorney(xml: string): PowerOfAttorneyDto | null {
  if (!/<Доверенность[\s>]/.test(xml) || /<!DOCTYPE|<!ENTITY/i.test(xml)) return null;
  const info = xml.match(/<СвДов(?=[\s/>])[^>]*>/)?.[0] ?? '';
  const principal = section(xml, 'Доверит') || xml;
  const representative = section(xml, 'СвУпПред') || section(xml, 'Пред');
  const validFrom = day(attr(info, 'ДатаВыдДов') ?? attr(info, 'ДатаНачДейст'));
  const validUntil = day(attr(info, 'СрокДейст') ?? attr(info, 'ДатаКонДов'));
  const today = now().toISOString().slice(0, 10);
  return {
    number: attr(info, 'НомДовер') ?? attr(info, 'ВнНомДовер'),
    principal: attr(principal, 'НаимОрг') ?? fio(principal),
    principalInn: attr(principal, 'ИННЮЛ') ?? attr(principal, 'ИННФЛ'),
    representative: fio(representative),
    representativeInn: attr(representative, 'ИННФЛ'),
    validFrom,
    validUntil,
    valid: validUntil ? (!validFrom || validFrom <= today) && today <= validUntil : null,
  };
}
