import { z } from 'zod';
import { emailSchema, innSchema, isoDateSchema, objectIdSchema, ogrnSchema, passwordSchema, phoneSchema } from './common';
import type { MemberKind, MemberStatus, Role, UserStatus } from '../enums';
import { MEMBER_KINDS, MEMBER_STATUSES } from '../enums';

// Sign-in, invitations, password reset and change (API.md "Authentication").

/** `login` is an e-mail or the member's INN (10 or 12 digits). */
export const loginSchema = z.object({
  login: z.string().trim().min(1, 'Введите ИНН или e-mail').max(254),
  password: z.string().min(1, 'Введите пароль').max(200),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const tokenPasswordSchema = z.object({
  token: z.string().min(10, 'Ссылка недействительна').max(200),
  password: passwordSchema,
});
export type TokenPasswordInput = z.infer<typeof tokenPasswordSchema>;

/** The refresh token comes from the httpOnly cookie (browsers) or the body (API clients). */
export const refreshSchema = z.object({ refreshToken: z.string().min(10).max(200).optional() });

export const passwordResetRequestSchema = z.object({
  login: z.string().trim().min(1, 'Введите ИНН или e-mail').max(254),
});

export const changePasswordSchema = z.object({
  oldPassword: z.string().min(1, 'Введите текущий пароль').max(200),
  newPassword: passwordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

/** The form adds "repeat"; the API takes only old and new. */
export const changePasswordFormSchema = changePasswordSchema
  .extend({ repeatPassword: z.string() })
  .refine((v) => v.newPassword === v.repeatPassword, {
    message: 'Пароли не совпадают',
    path: ['repeatPassword'],
  });

/**
 * Staff create a member (API.md "Staff"). Only the fields listed here are taken; anything else in the body is
 * dropped, so a request can never set `primaryUserId`, `sroId` or the closed part by accident or on purpose.
 * `email` is both the member's contact address and, when given, the invited primary user.
 */
export const createMemberSchema = z.object({
  kind: z.enum(MEMBER_KINDS, 'Выберите вид члена СРО'),
  name: z.string().trim().min(2, 'Укажите наименование или ФИО').max(500),
  shortName: z.string().trim().min(1).max(300).optional(),
  inn: innSchema,
  ogrn: ogrnSchema.optional(),
  email: emailSchema.optional(),
  phone: phoneSchema.optional(),
  legalAddress: z.string().trim().min(1).max(500).optional(),
  postalAddress: z.string().trim().min(1).max(500).optional(),
  regNumber: z.string().trim().max(50).optional(),
  regDate: isoDateSchema.optional(),
  status: z.enum(MEMBER_STATUSES).optional(),
});
export type CreateMemberInput = z.infer<typeof createMemberSchema>;

const personNameSchema = z.string().trim().min(2, 'Укажите имя').max(200);

/** A new user of a member: the first one becomes its authorised (primary) user. */
export const inviteUserSchema = z.object({ email: emailSchema, name: personNameSchema.optional() });
export type InviteUserInput = z.infer<typeof inviteUserSchema>;

export const STAFF_ROLES_CREATABLE = ['expert', 'admin'] as const;
export const createStaffSchema = z.object({
  email: emailSchema,
  name: personNameSchema,
  role: z.enum(STAFF_ROLES_CREATABLE, 'Выберите роль: эксперт или администратор'),
});
export type CreateStaffInput = z.infer<typeof createStaffSchema>;

export const memberUserParamsSchema = z.object({ id: objectIdSchema, userId: objectIdSchema });

export interface UserDto {
  id: string;
  role: Role;
  email: string;
  name?: string;
  memberId?: string;
  status: UserStatus;
  locale?: 'ru' | 'en';
  /** When the user accepted the agreement on electronic interaction and the simple signature (ПЭП). */
  signatureAgreementAt?: string;
}

export interface MemberSummaryDto {
  id: string;
  kind: MemberKind;
  name: string;
  shortName?: string;
  inn: string;
  regNumber?: string;
  status: MemberStatus;
}

export interface LoginResponse {
  user: UserDto;
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  /** For API clients without cookies; browsers use the httpOnly `refresh_token` cookie instead. */
  refreshToken?: string;
}

/** A letter of the development outbox (no SMTP_URL), as staff see it in `GET /api/admin/outbox`. */
export interface OutboxLetterDto {
  id: string;
  to: string;
  subject: string;
  sentAt: string;
  text?: string;
  html?: string;
}

/** A copy of an e-mail sent to a member's user: the member's "Messages" section. */
export interface MailCopyDto {
  id: string;
  to: string;
  subject: string;
  text: string;
  sentAt: string;
}

export interface MeResponse {
  user: UserDto;
  member?: MemberSummaryDto;
  sro: { id: string; name: string };
}
