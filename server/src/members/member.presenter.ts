import { REGISTRY_GROUP_FIELDS, REGISTRY_GROUPS, type MemberCardDto, type RegistryItemDto, type RegistryOpenCardDto } from '@sro/shared';
import type { MemberFields } from './member.model';

// Every presenter here is a whitelist: a field is in a payload only if it is named below. The closed part
// (passport, residence, date and place of birth) is named only in presentFullCard, for the member and staff.

const day = (d?: Date | null) => (d ? d.toISOString().slice(0, 10) : undefined);

/** What the public registry's queries load: exactly what its presenters read, never `closed`. */
export const OPEN_PROJECTION = {
  kind: 1, name: 1, shortName: 1, inn: 1, ogrn: 1, regNumber: 1, regDate: 1, status: 1,
  legalAddress: 1, postalAddress: 1, phone: 1, email: 1, insurance: 1, education: 1, employment: 1,
  responsibility: 1, rightToWork: 1, disciplinaryMeasures: 1,
} as const;

/** The headline of the open part: a row of the registry, the member summary of the top bar. */
export function presentOpenPart(member: MemberFields): RegistryItemDto {
  return {
    id: String(member._id),
    kind: member.kind,
    name: member.name,
    shortName: member.shortName,
    inn: member.inn,
    ogrn: member.ogrn,
    regNumber: member.regNumber,
    regDate: day(member.regDate),
    status: member.status,
  };
}

/** The public card (GET /api/registry/:id): what the SRO publishes (seed 001 "открытая часть"). */
export function presentPublicCard(member: MemberFields): RegistryOpenCardDto {
  const r = member.responsibility;
  return {
    ...presentOpenPart(member),
    legalAddress: member.legalAddress,
    postalAddress: member.postalAddress,
    phone: member.phone,
    email: member.email,
    insurance: (member.insurance ?? []).map((i) => ({ number: i.number, insurer: i.insurer, sum: i.sum, from: i.from, to: i.to })),
    // The diploma number and employment details stay with the SRO; the institution and speciality are public.
    education: (member.education ?? []).map((e) => ({ institution: e.institution, specialisation: e.specialisation, year: e.year })),
    employment: (member.employment ?? []).map((e) => ({ organisation: e.organisation, position: e.position })),
    responsibility: r ? { levelVv: r.levelVv, levelOdo: r.levelOdo, contributionVv: r.contributionVv, contributionOdo: r.contributionOdo } : null,
    rightToWork: member.rightToWork ?? null,
    disciplinaryMeasures: (member.disciplinaryMeasures ?? []).map((m) => ({ date: m.date, measure: m.measure })),
  };
}

/**
 * The full card for the member itself and for staff: every field by its registry path, the closed part,
 * and the seeds' groups with the date each was last confirmed (the entry's creation until then).
 */
export function presentFullCard(member: MemberFields): MemberCardDto {
  const confirmed = member.confirmedAt ?? {};
  const confirmedAt = Object.fromEntries(
    REGISTRY_GROUPS.map((g) => [g, (confirmed[g] ?? member.createdAt)?.toISOString()]).filter(([, at]) => at),
  ) as MemberCardDto['confirmedAt'];
  const c = member.closed ?? {};
  return {
    ...presentPublicCard(member),
    education: (member.education ?? []).map((e) => ({ diplomaNumber: e.diplomaNumber, institution: e.institution, specialisation: e.specialisation, year: e.year })),
    employment: (member.employment ?? []).map((e) => ({ ...e })),
    disciplinaryMeasures: (member.disciplinaryMeasures ?? []).map((m) => ({ ...m })),
    closed: { passport: c.passport, residence: c.residence, birthDate: c.birthDate, birthPlace: c.birthPlace },
    groups: REGISTRY_GROUPS.map((key) => ({ key, fields: REGISTRY_GROUP_FIELDS[key], confirmedAt: confirmedAt[key] ?? null })),
    confirmedAt,
    updatedAt: member.updatedAt?.toISOString(),
  };
}

/** The inbox's name for the full card (staff, beside a thread); its `closed` is empty unless the query chose `+closed`. */
export const presentOwnCard = presentFullCard;
