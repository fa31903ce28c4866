// Every enumerated value the server and client agree on. Names are the lower_snake names of DESIGN.md.

export const ROLES = ['member', 'expert', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const STAFF_ROLES: readonly Role[] = ['expert', 'admin'];
export const isStaffRole = (role: Role): boolean => STAFF_ROLES.includes(role);

export const USER_STATUSES = ['invited', 'active', 'blocked'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const MEMBER_KINDS = ['legal_entity', 'sole_proprietor', 'individual'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

export const MEMBER_STATUSES = ['member', 'suspended', 'excluded'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const THREAD_KINDS = [
  'registry_extract',
  'accounting_documents',
  'registry_change',
  'annual_report',
  'odo_control',
  'inspection',
  'responsibility_level',
  'right_to_work',
  'specialists',
  'general',
  'notice',
  'complaint',
] as const;
export type ThreadKind = (typeof THREAD_KINDS)[number];

export const THREAD_STATUSES = [
  'draft',
  'submitted',
  'registered',
  'in_progress',
  'waiting_member',
  'resolved',
  'rejected',
  'closed',
] as const;
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

export const MESSAGE_KINDS = ['text', 'status_change', 'system', 'internal_note'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
