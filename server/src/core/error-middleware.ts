import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import { fieldErrors } from '@sro/shared';
import { AppError, errors } from './errors';
import { redactUrl, type Logger } from './logger';

/**
 * The driver's and mongoose's ways of saying "the database cannot be reached": the server is down, the
 * connection dropped, or a command waited in mongoose's buffer. The client may retry (same clientMsgId).
 */
const DATABASE_DOWN = /^Mongo(ose)?(ServerSelection|Network|NetworkTimeout|NotConnected|TopologyClosed|PoolCleared)Error$/;
const isDatabaseDown = (e: { name?: string; message?: string }) =>
  DATABASE_DOWN.test(e?.name ?? '') || /buffering timed out|Client must be connected|connection .* closed/i.test(e?.message ?? '');

/** Maps anything thrown in a request to the contract's error body. Unknown errors are logged and become 500. */
export function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof z.ZodError) return errors.validation(fieldErrors(err));
  const e = err as { type?: string; code?: string | number; name?: string; status?: number };
  if (e?.type === 'entity.parse.failed') return errors.validation({ _: 'Тело запроса — не JSON' }, 'Некорректный JSON');
  if (e?.type === 'entity.verify.failed') return errors.validation({ _: 'Тело запроса — не UTF-8' }, 'Некорректная кодировка: ожидается UTF-8');
  if (e?.type === 'entity.too.large') return errors.payloadTooLarge('Запрос слишком большой');
  if (e?.code === 'LIMIT_FILE_SIZE') return errors.payloadTooLarge();
  if (e?.code === 'LIMIT_FILE_COUNT' || e?.code === 'LIMIT_PART_COUNT') return errors.payloadTooLarge('Слишком много файлов');
  if (typeof e?.code === 'string' && e.code.startsWith('LIMIT_')) return errors.validation({ file: 'Некорректная загрузка' });
  if (e?.name === 'CastError') return errors.notFound();
  if (isDatabaseDown(e as { name?: string; message?: string })) return errors.unavailable();
  if (e?.code === 11000) return errors.conflict('Такая запись уже существует');
  if (e?.status && e.status >= 400 && e.status < 500) return errors.validation({ _: 'Некорректный запрос' });
  return null;
}

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    if (res.headersSent) return void res.end();
    if (appError) return void res.status(appError.status).json({ error: appError.toDetail() });
    logger.error({ err, url: redactUrl(req.originalUrl) }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: 'Внутренняя ошибка. Мы уже разбираемся' } });
  };
}

export const notFoundApi: RequestHandler = (_req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: 'Нет такого адреса API' } });
};
