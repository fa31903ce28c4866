import { featureTranslator } from '../../i18n';

// Strings of the registry pages that the shared dictionary does not have yet. Kept beside the pages that use
// them (the shared ru.ts/en.ts belong to the shell); same {param} syntax as t().

const ru = {
  'reg.oldValue': 'Было',
  'reg.newValue': 'Стало',
  'reg.same': 'без изменений',
  'reg.applied': 'Внесено в реестр',
  'reg.rejected': 'Изменения отклонены',
  'reg.pending': 'Ожидает рассмотрения СРО',
  'reg.documents': 'Подтверждающие документы',
  'reg.docComment': 'Комментарий к документу',
  'reg.phoneHint': 'Несколько номеров — через запятую',
  'reg.encoding': 'Кодировка: {encoding}, разделитель «{delimiter}»',
  'reg.unknownColumns': 'Столбцы не распознаны и пропущены: {list}',
  'reg.moreErrors': 'и ещё {n} ошибок не показано',
  'reg.preview': 'Что изменится (первые строки)',
  'reg.create': 'новый',
  'reg.update': 'изменение',
  'reg.card': 'Сведения из реестра',
  'reg.close': 'Свернуть',
  'reg.allStatuses': 'Все статусы',
  'reg.invited': 'Приглашено пользователей: {n}',
  'reg.dryDone': 'Проверка завершена: в реестре ничего не изменено.',
  'reg.applyDone': 'Импорт выполнен.',
} as const;

const en: Record<keyof typeof ru, string> = {
  'reg.oldValue': 'Was',
  'reg.newValue': 'Now',
  'reg.same': 'unchanged',
  'reg.applied': 'Entered in the registry',
  'reg.rejected': 'Changes rejected',
  'reg.pending': 'Awaiting the SRO',
  'reg.documents': 'Supporting documents',
  'reg.docComment': 'Comment on the document',
  'reg.phoneHint': 'Several numbers — separate with commas',
  'reg.encoding': 'Encoding: {encoding}, delimiter "{delimiter}"',
  'reg.unknownColumns': 'Columns not recognised and skipped: {list}',
  'reg.moreErrors': 'and {n} more errors not shown',
  'reg.preview': 'What will change (first rows)',
  'reg.create': 'new',
  'reg.update': 'change',
  'reg.card': 'Registry entry',
  'reg.close': 'Collapse',
  'reg.allStatuses': 'All statuses',
  'reg.invited': 'Users invited: {n}',
  'reg.dryDone': 'Check finished: nothing in the registry was changed.',
  'reg.applyDone': 'Import done.',
};

export type RegistryKey = keyof typeof ru;

export const rt = featureTranslator<RegistryKey>(ru, en);
