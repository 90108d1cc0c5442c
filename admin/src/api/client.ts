import createClient, { type Middleware } from 'openapi-fetch';
import { reportSessionEnded, sessionToken } from '../auth/session';
import { ApiError } from './api-error';
import type { PageMeta } from './models';
import type { paths } from './schema';

const bearerToken: Middleware = {
  onRequest({ request }) {
    const token = sessionToken.get();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
};

/** Typed client: paths, parameters and bodies are checked against the backend's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: '' });
api.use(bearerToken);

interface FetchResult<Body> {
  data?: Body;
  error?: unknown;
  response: Response;
}

async function settle<Body>(request: Promise<FetchResult<Body>>): Promise<Body> {
  let result: FetchResult<Body>;
  try {
    result = await request;
  } catch (e) {
    // fetch rejects when the network fails; openapi-fetch rejects when a success body is not JSON
    throw new ApiError(e instanceof SyntaxError ? 'BAD_RESPONSE' : 'NETWORK_ERROR', 0);
  }
  const { data, error, response } = result;
  if (response.ok && data !== undefined) return data;
  const failure = ApiError.fromResponse(response.status, error);
  if (failure.endsSession) reportSessionEnded(failure);
  throw failure;
}

/** Resolves to the `data` of a `{ data }` envelope, or rejects with an ApiError. */
export async function fetchData<Data>(request: Promise<FetchResult<{ data?: Data }>>): Promise<Data> {
  // success envelopes always carry `data`; the schema marks it optional where a route declares no response
  return (await settle(request)).data as Data;
}

/** Resolves to the rows and paging of a `{ data: [...], meta }` envelope, or rejects with an ApiError. */
export async function fetchPage<Row>(
  request: Promise<FetchResult<{ data: Row[]; meta: PageMeta }>>,
): Promise<{ rows: Row[]; meta: PageMeta }> {
  const { data, meta } = await settle(request);
  return { rows: data, meta };
}
