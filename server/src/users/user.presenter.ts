import type { MemberSummaryDto, UserDto } from '@sro/shared';
import type { UserFields } from './user.model';
import type { MemberFields } from '../members/member.model';
import { presentOpenPart } from '../members/member.presenter';

export function presentUser(user: UserFields): UserDto {
  return {
    id: String(user._id),
    role: user.role,
    email: user.email,
    name: user.name,
    memberId: user.memberId ? String(user.memberId) : undefined,
    status: user.status,
    locale: user.locale,
    signatureAgreementAt: user.signatureAgreementAt?.toISOString(),
  };
}

/** The member as its own users see it in the top bar: the open part without OGRN and date. */
export function presentMemberSummary(member: MemberFields): MemberSummaryDto {
  const { ogrn: _ogrn, regDate: _regDate, ...summary } = presentOpenPart(member);
  return summary;
}
