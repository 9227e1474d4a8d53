import type { ErrorCode } from '../contract/define';

/** A domain error: a code from the contract and a sentence the user can act on. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const invalid = (message: string, fieldErrors?: Record<string, string>) =>
  new AppError('INVALID_INPUT', message, fieldErrors ? { fieldErrors } : undefined);
export const notFound = (message: string) => new AppError('NOT_FOUND', message);
export const forbidden = (message: string) => new AppError('FORBIDDEN', message);
export const conflict = (message: string, details?: unknown) => new AppError('CONFLICT', message, details);
export const locked = (message: string, details?: unknown) => new AppError('LOCKED', message, details);
