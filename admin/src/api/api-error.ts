import { errorMessage, type ClientErrorCode } from './error-messages';
import type { ErrorCode } from './models';

export type ApiErrorCode = ErrorCode | ClientErrorCode;

interface ErrorEnvelope {
  error: { code: string; message?: string; details?: unknown };
}

const isEnvelope = (body: unknown): body is ErrorEnvelope =>
  typeof (body as ErrorEnvelope | undefined)?.error?.code === 'string';

/** A failed API call. `message` is Chinese and meant for people; `serverMessage` is the backend's own. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly status: number,
    readonly details?: unknown,
    readonly serverMessage?: string,
  ) {
    super(errorMessage(code, details));
    this.name = 'ApiError';
  }

  static fromResponse(status: number, body: unknown): ApiError {
    if (!isEnvelope(body)) return new ApiError(status >= 500 ? 'INTERNAL' : 'BAD_RESPONSE', status);
    const { code, message, details } = body.error;
    return new ApiError(code as ErrorCode, status, details, message);
  }

  /** The token is no longer accepted: the person has to log in again. */
  get endsSession(): boolean {
    return (this.status === 401 && this.code !== 'INVALID_CREDENTIALS') || this.code === 'ACCOUNT_FROZEN';
  }
}
