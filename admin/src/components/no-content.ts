import { ApiError } from '../api/api-error';
import { reportSessionEnded } from '../auth/session';

interface FetchResult {
  error?: unknown;
  response: Response;
}

/**
 * Settles a call whose success has no body (the DELETE routes answer 204). `fetchData` expects a `{ data }`
 * envelope and would call an empty success a bad response; failures are the same ApiError either way.
 */
export async function fetchNoContent(request: Promise<FetchResult>): Promise<void> {
  let result: FetchResult;
  try {
    result = await request;
  } catch (e) {
    throw new ApiError(e instanceof SyntaxError ? 'BAD_RESPONSE' : 'NETWORK_ERROR', 0);
  }
  if (result.response.ok) return;
  const failure = ApiError.fromResponse(result.response.status, result.error);
  if (failure.endsSession) reportSessionEnded(failure);
  throw failure;
}
