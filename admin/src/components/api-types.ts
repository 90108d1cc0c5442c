import type { paths } from '../api/schema';

type JsonOf<Response> = Response extends { content: { 'application/json': infer Body } } ? Body : never;

/** The JSON body of an operation's success response (200 or 201), as the backend's OpenAPI document says. */
export type SuccessBody<Operation> = Operation extends { responses: infer Responses }
  ? Responses extends { 200: infer Ok }
    ? JsonOf<Ok>
    : Responses extends { 201: infer Created }
      ? JsonOf<Created>
      : never
  : never;

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The `data` of a route's success envelope: `ApiData<'/api/admin/categories', 'get'>`. */
export type ApiData<Path extends keyof paths, M extends Method> =
  SuccessBody<NonNullable<paths[Path][M]>> extends { data: infer Data } ? Data : never;

/** The JSON request body a route takes. */
export type ApiBody<Path extends keyof paths, M extends Method> =
  NonNullable<paths[Path][M]> extends { requestBody?: { content: { 'application/json': infer Body } } }
    ? Body
    : never;

/** The query parameters a route takes. */
export type ApiQuery<Path extends keyof paths, M extends Method> =
  NonNullable<paths[Path][M]> extends { parameters: { query?: infer Query } } ? NonNullable<Query> : never;
