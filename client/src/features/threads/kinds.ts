import type { ThreadKind } from '@sro/shared/enums';

/** What a member can request from the "Создать запрос" menu (stage one of seed 000, plus stage-two kinds). */
export const MEMBER_REQUEST_KINDS: ThreadKind[] = [
  'registry_extract', 'accounting_documents', 'general', 'odo_control', 'inspection', 'responsibility_level', 'right_to_work', 'specialists',
];
