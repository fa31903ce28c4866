import { locale, setLocale, t } from '../i18n';

/** Switches ru ⇄ en; shows the other language's name, marked with its own lang for screen readers. */
export function LanguageSwitch({ className = 'link' }: { className?: string }) {
  const other = locale.value === 'ru' ? 'en' : 'ru';
  return <button class={className} type="button" lang={other} onClick={() => void setLocale(other)}>{t('lang.switch')}</button>;
}
