import { OpenAPIRegistry, OpenApiGeneratorV31, extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ERROR_CODES } from '../errors';
import type { RouteDef } from './route';

extendZodWithOpenApi(z);

const errorSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [string, ...string[]]),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

const metaSchema = z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int() });

const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(routes: RouteDef[], info: { title: string; version: string }) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  const ErrorEnvelope = registry.register('ErrorEnvelope', errorSchema);
  for (const r of routes) {
    const data = r.response ?? z.unknown();
    const success = r.paged ? z.object({ data: z.array(data), meta: metaSchema }) : z.object({ data });
    const status = String(r.successStatus ?? 200);
    registry.registerPath({
      method: r.method,
      path: toOpenApiPath(r.path),
      summary: r.summary,
      tags: r.tags,
      security: r.access.kind === 'public' ? [] : [{ bearer: [] }],
      description:
        r.access.kind === 'admin' ? `Roles: ${r.access.roles.join(', ')}` : `Access: ${r.access.kind}`,
      request: {
        ...(r.params ? { params: r.params as z.ZodObject } : {}),
        ...(r.query ? { query: r.query as z.ZodObject } : {}),
        ...(r.body ? { body: { content: { 'application/json': { schema: r.body } } } } : {}),
      },
      responses: {
        [status]: r.raw
          ? { description: 'Raw response' }
          : status === '204'
            ? { description: 'No content' }
            : { description: 'Success', content: { 'application/json': { schema: success } } },
        default: { description: 'Error', content: { 'application/json': { schema: ErrorEnvelope } } },
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
  });
}
