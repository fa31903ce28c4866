import { useEffect, useState } from 'preact/hooks';
import { NOTIFICATION_SETTINGS, type NotificationSetting, type NotificationSettingsDto } from '@sro/shared/schemas/notifications';
import { THREAD_KINDS, type ThreadKind } from '@sro/shared/enums';
import { api, type ApiError } from '../../api/client';
import { t, type MessageKey } from '../../i18n';
import { isStaff } from '../../stores/session';
import { ErrorNote, Loading } from '../../components/ui';

// Сервис → Доступ: which events also come by e-mail (the bell always rings), and — staff — which kinds of new
// requests ring their bell. Each change is saved at once.

export function NotificationSettings() {
  const [settings, setSettings] = useState<NotificationSettingsDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => void api.get<NotificationSettingsDto>('/api/me/notification-settings').then(setSettings, (e: ApiError) => setError(e.message)), []);
  if (!settings) return error ? <ErrorNote message={error} /> : <Loading />;
  const save = async (patch: Partial<NotificationSettingsDto>) => {
    setSaved(false);
    try {
      setSettings(await api.put<NotificationSettingsDto>('/api/me/notification-settings', patch));
      setSaved(true);
    } catch (e) {
      setError((e as ApiError).message);
    }
  };
  const switches = NOTIFICATION_SETTINGS.filter((k) => isStaff.value ? k === 'emailNewThread' || k === 'emailOnReply' : k !== 'emailNewThread');
  const kinds = settings.newThreadKinds ?? [...THREAD_KINDS];
  const toggleKind = (kind: ThreadKind, on: boolean) => {
    const next = on ? [...new Set([...kinds, kind])] : kinds.filter((k) => k !== kind);
    void save({ newThreadKinds: next.length === THREAD_KINDS.length ? null : next });
  };
  return (
    <section aria-labelledby="notify-title">
      <h2 id="notify-title">{t('notify.title')}</h2>
      <p class="field__hint">{t('notify.hint')}</p>
      {switches.map((key: NotificationSetting) => (
        <label key={key} class="check"><input type="checkbox" checked={settings[key]} onChange={(e) => void save({ [key]: e.currentTarget.checked })} /> {t(`notify.${key}` as MessageKey)}</label>
      ))}
      {isStaff.value && (
        <fieldset class="field">
          <legend>{t('notify.kinds')}</legend>
          {THREAD_KINDS.filter((k) => k !== 'notice' && k !== 'complaint').map((kind) => (
            <label key={kind} class="check"><input type="checkbox" checked={kinds.includes(kind)} onChange={(e) => toggleKind(kind, e.currentTarget.checked)} /> {t(`kind.${kind}` as MessageKey)}</label>
          ))}
        </fieldset>
      )}
      <ErrorNote message={error} />
      {saved && <p class="note" role="status">{t('notify.saved')}</p>}
    </section>
  );
}
