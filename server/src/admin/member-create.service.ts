import type { CreateMemberInput } from '@sro/shared';
import { errors } from '../core/errors';
import type { ModuleContext } from '../core/module';
import { audit } from '../audit/audit.service';
import type { AuthUser } from '../auth/tokens';
import { Member, type MemberFields } from '../members/member.model';
import { assertEmailFree, inviteUser } from '../users/invite.service';

/** What `POST /api/admin/members` answers (API.md: at least id, name, inn, regNumber?). */
export interface CreatedMemberDto {
  id: string;
  kind: MemberFields['kind'];
  name: string;
  inn: string;
  regNumber?: string;
  status: MemberFields['status'];
  primaryUserId?: string;
}

/**
 * Creates a registry entry and, with `email`, its authorised (primary) user with an invitation.
 * Every conflict is found before anything is written, so a 409 never leaves half a member behind.
 */
export async function createMember(ctx: ModuleContext, input: CreateMemberInput, actor: AuthUser): Promise<CreatedMemberDto> {
  if (await Member.exists({ inn: input.inn })) throw errors.conflict('Член СРО с таким ИНН уже есть в реестре');
  if (input.email) await assertEmailFree(input.email);
  const { regDate, ...fields } = input;
  const member = (await Member.create({ ...fields, ...(regDate ? { regDate: new Date(regDate) } : {}) })).toObject() as unknown as MemberFields;
  await audit({ action: 'member.created', actorId: actor.id, actorRole: actor.role, entity: 'member', entityId: String(member._id), details: { inn: input.inn, name: input.name } });
  const primary = input.email ? await inviteUser(ctx, { email: input.email, role: 'member', memberId: String(member._id), actorId: actor.id }) : undefined;
  return {
    id: String(member._id),
    kind: member.kind,
    name: member.name,
    inn: member.inn,
    regNumber: member.regNumber,
    status: member.status,
    primaryUserId: primary ? String(primary._id) : undefined,
  };
}
