import type { ErrorCode, FieldMessageKey } from '@tongxing/contracts';

export interface FieldError {
  path: string;
  /** A key of the contracts' `fieldMessages`, or a zod issue code. */
  code: FieldMessageKey | string;
  message?: string;
}

/** The one error type services throw; the errors plugin renders it as problem+json. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly options: {
      detail?: string;
      fields?: FieldError[];
      params?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(code);
    this.name = 'AppError';
  }
}

export const notFound = () => new AppError('NOT_FOUND');
