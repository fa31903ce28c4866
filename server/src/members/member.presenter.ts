import type { MemberFields } from './member.model';

/**
 * The open part of the registry, built as a whitelist: a field is public only if it is named here.
 * The closed part (passport, residence, date and place of birth) can never slip through.
 */
export function presentOpenPart(member: MemberFields) {
  return {
    id: String(member._id),
    kind: member.kind,
    name: member.name,
    shortName: member.shortName,
    inn: member.inn,
    ogrn: member.ogrn,
    regNumber: member.regNumber,
    regDate: member.regDate?.toISOString(),
    status: member.status,
  };
}

/** The member's own card: the open part plus the closed part and contacts. */
export function presentOwnCard(member: MemberFields & { closed?: Record<string, unknown>; [key: string]: unknown }) {
  return {
    ...presentOpenPart(member),
    email: member.email,
    legalAddress: member.legalAddress,
    postalAddress: member.postalAddress,
    phone: member.phone,
    insurance: member.insurance ?? [],
    education: member.education ?? [],
    employment: member.employment ?? [],
    responsibility: member.responsibility ?? null,
    rightToWork: member.rightToWork ?? null,
    disciplinaryMeasures: member.disciplinaryMeasures ?? [],
    closed: member.closed ?? null,
    /** When each group was last confirmed or changed. */
    confirmedAt: member.confirmedAt ?? {},
    updatedAt: member.updatedAt?.toISOString(),
  };
}
