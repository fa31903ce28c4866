import { t, type MessageKey } from '../../i18n';
import { formatRegistryValue } from './format';

/** One registry change as people read it: «Телефон: +7 495 … → +7 495 …», values worded as on the card. */
export function ChangeLine({ change }: { change: { field: string; old: unknown; new: unknown } }) {
  return <li>{t(`rf.${change.field}` as MessageKey)}: {formatRegistryValue(change.field, change.old)} → <strong>{formatRegistryValue(change.field, change.new)}</strong></li>;
}
