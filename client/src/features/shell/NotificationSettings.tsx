import { useEffect, useState } from 'preact/hooks';
import { NOTICE_TOPICS, type NoticeTopic, type NotificationSettingsDto } from '@sro/shared/schemas/notifications';
import { THREAD_KINDS, type ThreadKind } from '@sro/shared/enums';
import { api, type ApiError } from '../../api/client';
import { kindName, t, type MessageKey } from '../../i18n';
import { isStaff } from '../../stores/session';
import { ErrorNote, Loading } from '../../components/ui';

// Сервис → Доступ: for each kind of event, the bell and/or an e-mail; the daily digest instead of a letter per
// event; and — staff — which kinds of new requests ring their bell. Each change is saved at once.

const MEMBER_TOPICS: NoticeTopic[] = ['reply', 'status', 'document', 'reminders'];
const STAFF_TOPICS: NoticeTopic[] = ['newThread'];

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
  const topics = isStaff.value ? STAFF_TOPICS : MEMBER_TOPICS;
  const kinds = settings.newThreadKinds ?? [...THREAD_KINDS];
  const toggleKind = (kind: ThreadKind, on: boolean) => {
    const next = on ? [...new Set([...kinds, kind])] : kinds.filter((k) => k !== kind);
    void save({ newThreadKinds: next.length === THREAD_KINDS.length ? null : next });
  };
  return (
    <section aria-labelledby="notify-title">
      <h2 id="notify-title">{t('notify.title')}</h2>
      <p class="field__hint">{t('notify.hint')}</p>
      <div class="table-scroll"><table class="records notify-table">
        <thead><tr><th scope="col">{t('notify.topic')}</th><th scope="col">{t('notify.bell')}</th><th scope="col">{t('notify.email')}</th></tr></thead>
        <tbody>
          {topics.map((topic) => {
            const { bell, email } = NOTICE_TOPICS[topic];
            const label = t(`notify.topic.${topic}` as MessageKey);
            return (
              <tr key={topic}>
                <th scope="row">{label}</th>
                <td>{bell
                  ? <input type="checkbox" checked={settings[bell]} aria-label={`${label}: ${t('notify.bell')}`} onChange={(e) => void save({ [bell]: e.currentTarget.checked })} />
                  : <span class="muted">{t('notify.bellNewThread')}</span>}</td>
                <td><input type="checkbox" checked={settings[email]} aria-label={`${label}: ${t('notify.email')}`} onChange={(e) => void save({ [email]: e.currentTarget.checked })} /></td>
              </tr>
            );
          })}
        </tbody>
      </table></div>
      <label class="check"><input type="checkbox" checked={settings.emailDigest} onChange={(e) => void save({ emailDigest: e.currentTarget.checked })} /> {t('notify.emailDigest')}</label>
      {isStaff.value && (
        <fieldset class="field">
          <legend>{t('notify.kinds')}</legend>
          {THREAD_KINDS.filter((k) => k !== 'notice' && k !== 'complaint').map((kind) => (
            <label key={kind} class="check"><input type="checkbox" checked={kinds.includes(kind)} onChange={(e) => toggleKind(kind, e.currentTarget.checked)} /> {kindName(kind)}</label>
          ))}
        </fieldset>
      )}
      <ErrorNote message={error} />
      {saved && <p class="note" role="status">{t('notify.saved')}</p>}
    </section>
  );
}
