import { z } from 'zod';
import { emailSchema, innSchema, passwordSchema } from './common';
import type { MemberKind, MemberStatus, Role, UserStatus } from '../enums';
import { MEMBER_KINDS } from '../enums';

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

export const createMemberSchema = z.object({
  kind: z.enum(MEMBER_KINDS, 'Выберите вид члена СРО'),
  name: z.string().trim().min(2, 'Укажите наименование или ФИО').max(500),
  inn: innSchema,
  email: emailSchema.optional(),
  regNumber: z.string().trim().max(50).optional(),
});
export type CreateMemberInput = z.infer<typeof createMemberSchema>;

export const inviteUserSchema = z.object({ email: emailSchema });

export interface UserDto {
  id: string;
  role: Role;
  email: string;
  name?: string;
  memberId?: string;
  status: UserStatus;
  locale?: 'ru' | 'en';
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
  expiresIn: number;
}

export interface MeResponse {
  user: UserDto;
  member?: MemberSummaryDto;
  sro: { id: string; name: string };
}
