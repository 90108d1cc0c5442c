import { errorMessageFor } from './error-messages';

/** An error from the API envelope `{ error: { code, message, details } }`, or a transport failure. */
export class ApiError extends Error {
  /** Chinese text for the shopper; `serverMessage` keeps the API's own (English) message for logs. */
  constructor(
    readonly code: string,
    readonly status: number,
    readonly serverMessage?: string,
    readonly details?: unknown,
  ) {
    super(errorMessageFor(code));
    this.name = 'ApiError';
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

/** Codes after which a fresh login can make the same request succeed. */
export const isSessionExpired = (e: ApiError): boolean =>
  e.code === 'UNAUTHENTICATED' || e.code === 'TOKEN_EXPIRED';
