import type { Role } from '@sro/shared';
import { errors } from '../core/errors';
import type { ModuleContext } from '../core/module';
import { audit } from '../audit/audit.service';
import { issueOneTimeToken } from '../auth/one-time-token.model';
import { deliverMail } from '../mail/mail.service';
import { templates } from '../mail/templates';
import { currentSro } from '../sros/current-sro';
import { Member } from '../members/member.model';
import { User, type UserFields } from './user.model';

export interface InviteInput {
  email: string;
  role: Role;
  memberId?: string;
  name?: string;
  actorId?: string;
}

/** Creates an invited user and e-mails the link to set a password (72 h, single use). */
export async function inviteUser(ctx: Pick<ModuleContext, 'mailer' | 'logger' | 'config'>, input: InviteInput): Promise<UserFields> {
  const email = input.email.trim().toLowerCase();
  if (await User.exists({ email })) throw errors.conflict('Пользователь с таким e-mail уже есть');
  const user = (await User.create({ email, role: input.role, memberId: input.memberId, name: input.name, status: "invited" })).toObject() as unknown as UserFields;
  if (input.memberId) {
    // The member's first user is its authorised person: INN login signs this user in.
    await Member.updateOne({ _id: input.memberId, primaryUserId: null }, { $set: { primaryUserId: user._id } });
  }
  await audit({ action: 'user.invited', actorId: input.actorId, entity: 'user', entityId: String(user._id), details: { email, role: input.role } });
  await sendInvitation(ctx, user);
  return user;
}

export async function sendInvitation(ctx: Pick<ModuleContext, 'mailer' | 'logger' | 'config'>, user: UserFields): Promise<void> {
  const token = await issueOneTimeToken(user._id, 'invite');
  const sro = await currentSro();
  const url = `${ctx.config.appUrl}/activate?token=${token}`;
  await deliverMail(ctx.mailer, ctx.logger, {
    ...templates.invitation(user.email, sro.name, url),
    memberId: user.memberId ? String(user.memberId) : undefined,
    userId: String(user._id),
  });
}
