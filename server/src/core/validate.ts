import type { z } from 'zod';
import { fieldErrors } from '@sro/shared';
import { errors } from './errors';

/** Parses with a shared schema or throws the contract's validation error (for socket handlers and services). */
export function parseOrThrow<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (!result.success) throw errors.validation(fieldErrors(result.error));
  return result.data;
}
