import type { Logger } from '../core/logger';
import { hashPassword } from '../auth/password';
import { User } from '../users/user.model';
import { Member } from '../members/member.model';
import { memberSearchText } from '../members/member.search';
import { seedDemoThreads } from '../threads/threads.seed';

/**
 * Demo data (API.md "Running"): staff, a member company, an individual member, threads of each kind.
 * Idempotent: once the admin exists, nothing is added again.
 */
export const DEMO_PASSWORD = 'demo-password-1';

export async function seedDemo(logger: Logger): Promise<void> {
  if (await User.exists({ email: 'admin@example.org' })) return;
  const people = await seedPeople();
  await seedDemoThreads(people);
  logger.info('demo data loaded');
}

export interface DemoPeople {
  adminId: string;
  expertId: string;
  companyId: string;
  companyUserId: string;
  engineerId: string;
  engineerUserId: string;
}

async function seedPeople(): Promise<DemoPeople> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const active = { passwordHash, status: 'active' as const };
  const admin = await User.create({ email: 'admin@example.org', name: 'Ирина Администратор', role: 'admin', ...active });
  const expert = await User.create({ email: 'expert@example.org', name: 'Олег Экспертов', role: 'expert', ...active });

  const companyFields = {
    kind: 'legal_entity' as const, name: 'Общество с ограниченной ответственностью «СтройМонтаж»', shortName: 'ООО «СтройМонтаж»',
    inn: '7701234560', ogrn: '1027700132195', regNumber: 'СРО-С-001-77', regDate: new Date('2017-03-15'), status: 'member' as const,
    email: 'info@stroymontazh.example',
  };
  const company = await Member.create({ ...companyFields, searchText: memberSearchText(companyFields) });
  const companyUser = await User.create({ email: 'member@example.org', name: 'Сергей Директоров', role: 'member', memberId: company._id, ...active });
  await Member.updateOne({ _id: company._id }, { $set: { primaryUserId: companyUser._id } });

  const engineerFields = {
    kind: 'individual' as const, name: 'Кадастрова Анна Петровна', inn: '500100732259', regNumber: 'КИ-0042', regDate: new Date('2019-06-01'),
    status: 'member' as const, email: 'engineer@example.org',
  };
  const engineer = await Member.create(<Record<string, unknown>>{
    ...engineerFields,
    searchText: memberSearchText(engineerFields),
    closed: {
      passport: { series: '4510', number: '123456', issuedBy: 'ОВД района Хамовники г. Москвы', issuedAt: new Date('2010-05-20') },
      birthDate: new Date('1985-02-11'),
      birthPlace: 'г. Москва',
      residence: 'г. Москва, ул. Примерная, д. 1, кв. 2',
    },
  });
  const engineerUser = await User.create({ email: 'engineer@example.org', name: 'Анна Кадастрова', role: 'member', memberId: engineer._id, ...active });
  await Member.updateOne({ _id: engineer._id }, { $set: { primaryUserId: engineerUser._id } });

  return {
    adminId: String(admin._id),
    expertId: String(expert._id),
    companyId: String(company._id),
    companyUserId: String(companyUser._id),
    engineerId: String(engineer._id),
    engineerUserId: String(engineerUser._id),
  };
}
