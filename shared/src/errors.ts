// The error body of the public contract (API.md "Errors") and the codes with their HTTP statuses.

export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_token: 400,
  invalid_credentials: 401,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  payload_too_large: 413,
  unsupported_type: 415,
  account_locked: 429,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  code: ErrorCode;
  message: string;
  /** Field path (dot-joined) → human message, for forms. */
  fields?: Record<string, string>;
}

export interface ErrorBody {
  error: ErrorDetail;
}

export const isErrorBody = (value: unknown): value is ErrorBody =>
  typeof value === 'object' && value !== null && 'error' in value &&
  typeof (value as ErrorBody).error?.code === 'string';
