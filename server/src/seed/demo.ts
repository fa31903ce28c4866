import type { Types } from 'mongoose';
import type { Logger } from '../core/logger';
import { hashPassword } from '../auth/password';
import { User, type UserFields } from '../users/user.model';
import { Member, type MemberFields } from '../members/member.model';
import { seedDemoThreads } from '../threads';
import type { DemoPeople } from './demo-people';

/**
 * Demo data (API.md "Running"): staff, a member company, an individual member (a cadastral engineer), and
 * threads of each kind. Runs inside the SRO's tenant context. Idempotent: people are found or created one by
 * one (a seed interrupted half-way completes on the next start); the threads are added only on the run that
 * created the admin. Other domains append their own `seedX(people)` step to seedDemo().
 */
export const DEMO_PASSWORD = 'demo-password-1';

export type { DemoPeople } from './demo-people';

export async function seedDemo(logger: Logger): Promise<DemoPeople> {
  const fresh = !(await User.exists({ email: 'admin@example.org' }));
  const people = await seedPeople();
  if (fresh) {
    await seedDemoThreads(people);
    logger.info('demo data loaded');
  }
  return people;
}

type PersonInput = Pick<UserFields, 'email' | 'role'> & { name: string; memberId?: Types.ObjectId };

async function ensureUser(input: PersonInput, passwordHash: string): Promise<UserFields> {
  const existing = await User.findOne({ email: input.email }).lean<UserFields>();
  if (existing) return existing;
  return (await User.create({ ...input, passwordHash, status: 'active' })).toObject() as unknown as UserFields;
}

async function ensureMember(fields: Record<string, unknown> & { inn: string }): Promise<MemberFields> {
  const existing = await Member.findOne({ inn: fields.inn }).lean<MemberFields>();
  if (existing) return existing;
  return (await Member.create(fields)).toObject() as unknown as MemberFields;
}

/** The member's authorised person: INN sign-in finds this user. Never replaces one already set. */
async function makePrimary(member: MemberFields, user: UserFields): Promise<void> {
  await Member.updateOne({ _id: member._id, primaryUserId: null }, { $set: { primaryUserId: user._id } });
}

export const DEMO_COMPANY = {
  kind: 'legal_entity', name: 'Общество с ограниченной ответственностью «СтройМонтаж»', shortName: 'ООО «СтройМонтаж»',
  inn: '7701234560', ogrn: '1027700132195', regNumber: 'СРО-С-001-77', regDate: new Date('2017-03-15'), status: 'member',
  email: 'info@stroymontazh.example', phone: '+7 495 123-45-67',
  legalAddress: '119019, г. Москва, ул. Новый Арбат, д. 10, офис 5', postalAddress: '119019, г. Москва, ул. Новый Арбат, д. 10, офис 5',
} as const;

export const DEMO_ENGINEER = {
  kind: 'individual', name: 'Кадастрова Анна Петровна', inn: '500100732259', regNumber: 'КИ-0042', regDate: new Date('2019-06-01'),
  status: 'member', email: 'engineer@example.org', phone: '+7 916 555-12-34',
  // The closed part (seed 001: passport, residence, date and place of birth — staff and the member only).
  closed: {
    passport: { series: '4510', number: '123456', issuedBy: 'ОВД района Хамовники г. Москвы', issuedAt: '2010-05-20' },
    birthDate: '1985-02-11',
    birthPlace: 'г. Москва',
    residence: 'г. Москва, ул. Примерная, д. 1, кв. 2',
  },
} as const;

/** Staff (admin, expert) and the two demo members with their primary users, all active with DEMO_PASSWORD. */
export async function seedPeople(): Promise<DemoPeople> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const admin = await ensureUser({ email: 'admin@example.org', name: 'Ирина Администратор', role: 'admin' }, passwordHash);
  const expert = await ensureUser({ email: 'expert@example.org', name: 'Олег Экспертов', role: 'expert' }, passwordHash);

  const company = await ensureMember({ ...DEMO_COMPANY });
  const companyUser = await ensureUser({ email: 'member@example.org', name: 'Сергей Директоров', role: 'member', memberId: company._id }, passwordHash);
  await makePrimary(company, companyUser);

  const engineer = await ensureMember({ ...DEMO_ENGINEER });
  const engineerUser = await ensureUser({ email: 'engineer@example.org', name: 'Анна Кадастрова', role: 'member', memberId: engineer._id }, passwordHash);
  await makePrimary(engineer, engineerUser);
  // The demo members have accepted the ПЭП agreement (a new member meets it at the first sign-in).
  await User.updateMany({ _id: { $in: [companyUser._id, engineerUser._id] }, signatureAgreementAt: { $exists: false } }, { $set: { signatureAgreementAt: new Date('2026-01-15T09:00:00Z') } });

  return {
    adminId: String(admin._id),
    expertId: String(expert._id),
    companyId: String(company._id),
    companyUserId: String(companyUser._id),
    engineerId: String(engineer._id),
    engineerUserId: String(engineerUser._id),
  };
}
