import type { MemberSummaryDto, UserDto } from '@sro/shared';
import type { UserFields } from './user.model';
import type { MemberFields } from '../members/member.model';

export function presentUser(user: UserFields): UserDto {
  return {
    id: String(user._id),
    role: user.role,
    email: user.email,
    name: user.name,
    memberId: user.memberId ? String(user.memberId) : undefined,
    status: user.status,
    locale: user.locale,
  };
}

export function presentMemberSummary(member: MemberFields): MemberSummaryDto {
  return {
    id: String(member._id),
    kind: member.kind,
    name: member.name,
    shortName: member.shortName,
    inn: member.inn,
    regNumber: member.regNumber,
    status: member.status,
  };
}
