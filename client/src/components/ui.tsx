import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import type { ThreadStatus } from '@sro/shared/enums';
import { statusName, t } from '../i18n';

// Small building blocks with accessibility built in: labels bound to inputs, errors announced.

interface FieldProps {
  label: string;
  error?: string;
  hint?: string;
  children: (id: string, describedBy?: string) => ComponentChildren;
}

export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>{label}</label>
      {children(id, describedBy)}
      {hint && <p class="field__hint" id={hintId}>{hint}</p>}
      {error && <p class="field__error" id={errorId} role="alert">{error}</p>}
    </div>
  );
}

export function Button({ variant = 'primary', busy, children, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'ghost' | 'danger'; busy?: boolean; type?: string; disabled?: boolean }) {
  return (
    <button class={`btn btn--${variant}`} aria-busy={busy || undefined} {...rest} disabled={rest.disabled || busy}>
      {children}
    </button>
  );
}

export function EmptyState({ title, text, action }: { title: string; text?: string; action?: ComponentChildren }) {
  return (
    <div class="empty">
      <p class="empty__title">{title}</p>
      {text && <p class="empty__text">{text}</p>}
      {action}
    </div>
  );
}

export function Badge({ count, label }: { count: number; label?: string }) {
  if (!count) return null;
  return <span class="badge" aria-label={label ?? String(count)}>{count > 99 ? '99+' : count}</span>;
}

export function StatusPill({ status, staff }: { status: ThreadStatus; staff: boolean }) {
  return <span class={`pill pill--${status}`}>{statusName(status, !!staff)}</span>;
}

export function ErrorNote({ message }: { message?: string | null }) {
  if (!message) return null;
  return <p class="note note--error" role="alert">{message}</p>;
}

export function Loading() {
  return <p class="loading" role="status">{t('common.loading')}</p>;
}
