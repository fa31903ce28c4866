import type { Role } from '@sro/shared';
import { errors } from '../core/errors';
import type { ModuleContext } from '../core/module';
import { audit } from '../audit/audit.service';
import { issueOneTimeToken } from '../auth/one-time-token.model';
import { deliverMail } from '../mail/mail.service';
import { templates } from '../mail/templates';
import { currentSro } from '../sros/current-sro';
import { Member, type MemberFields } from '../members/member.model';
import { User, type UserFields } from './user.model';

// Invitations (DESIGN.md §5 "Access"): staff create an account, the person gets a link (72 h, once) and sets
// the password themselves — staff never know it (seed 000).

type MailDeps = Pick<ModuleContext, 'mailer' | 'logger' | 'config'>;

export interface InviteInput {
  email: string;
  role: Role;
  memberId?: string;
  name?: string;
  actorId?: string;
}

const ROLE_LABELS: Record<Role, string> = { member: 'член СРО', expert: 'эксперт', admin: 'администратор' };

/** Refuses an e-mail that already has an account in this SRO (409), before anything is created. */
export async function assertEmailFree(email: string): Promise<void> {
  if (await User.exists({ email: email.trim().toLowerCase() })) throw errors.conflict('Пользователь с таким e-mail уже есть');
}

/** Creates an invited user and e-mails the link. A member's first user becomes its authorised (primary) user. */
export async function inviteUser(ctx: MailDeps, input: InviteInput): Promise<UserFields> {
  const email = input.email.trim().toLowerCase();
  await assertEmailFree(email);
  const created = await User.create({ email, role: input.role, memberId: input.memberId, name: input.name, status: 'invited' });
  const user = created.toObject() as unknown as UserFields;
  // Compare-and-set: of two users invited at once, exactly one becomes primary. INN sign-in finds this user.
  if (input.memberId) await Member.updateOne({ _id: input.memberId, primaryUserId: null }, { $set: { primaryUserId: user._id } });
  await audit({ action: 'user.invited', actorId: input.actorId, entity: 'user', entityId: String(user._id), details: { email, role: input.role, memberId: input.memberId } });
  await sendInvitation(ctx, user);
  return user;
}

/** Sends (or sends again) the invitation; any earlier link of this user stops working. */
export async function sendInvitation(ctx: MailDeps, user: UserFields): Promise<void> {
  const token = await issueOneTimeToken(user._id, 'invite');
  const sro = await currentSro();
  const url = `${ctx.config.appUrl}/activate?token=${token}`;
  const letter = user.role === 'member'
    ? templates.invitation(user.email, sro.name, url, await memberLogin(user))
    : templates.staffInvitation(user.email, sro.name, url, ROLE_LABELS[user.role]);
  await deliverMail(ctx.mailer, ctx.logger, {
    ...letter,
    memberId: user.memberId ? String(user.memberId) : undefined,
    userId: String(user._id),
  });
}

/** The primary user signs in with the member's INN (or the e-mail); the others with their e-mail. */
async function memberLogin(user: UserFields): Promise<string> {
  const member = await Member.findById(user.memberId, { inn: 1, primaryUserId: 1 }).lean<Pick<MemberFields, 'inn' | 'primaryUserId'>>();
  return member && String(member.primaryUserId) === String(user._id) ? `${member.inn} (ИНН) или ${user.email}` : user.email;
}
