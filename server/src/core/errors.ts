import { ERROR_STATUS, type ErrorCode, type ErrorDetail } from '@sro/shared';

// Typed errors thrown by services; the error middleware turns them into the contract's body.

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }

  toDetail(): ErrorDetail {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message };
  }
}

export const errors = {
  validation: (fields: Record<string, string>, message = 'Проверьте заполнение полей') =>
    new AppError('validation_failed', message, fields),
  unauthenticated: (message = 'Войдите в личный кабинет') => new AppError('unauthenticated', message),
  invalidCredentials: () => new AppError('invalid_credentials', 'Неверный логин или пароль'),
  forbidden: (message = 'Недостаточно прав') => new AppError('forbidden', message),
  notFound: (message = 'Не найдено') => new AppError('not_found', message),
  conflict: (message: string) => new AppError('conflict', message),
  invalidTransition: (message: string) => new AppError('invalid_transition', message),
  invalidToken: (message = 'Ссылка недействительна или устарела') => new AppError('invalid_token', message),
  rateLimited: (message = 'Слишком много попыток. Повторите позже') => new AppError('rate_limited', message),
  payloadTooLarge: (message = 'Файл слишком большой') => new AppError('payload_too_large', message),
  unavailable: (message = 'База данных временно недоступна. Повторите через несколько секунд — ничего не потеряно') => new AppError('unavailable', message),
  unsupportedType: (message = 'Этот тип файла не принимается') => new AppError('unsupported_type', message),
};
