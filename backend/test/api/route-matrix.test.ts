/**
 * Generated from the route registry: every route that exists is checked for authorization and for
 * malformed input, so a new route cannot be forgotten.
 */
import { QueryTypes } from 'sequelize';
import { z } from 'zod';
import { startTestApp, type TestApp } from '../support/app';
import { ADMIN_ROLES, allows, type Principal } from '../../src/platform/http/access';
import type { RouteDef } from '../../src/platform/http/route';

let t: TestApp;
const tokens = new Map<string, { token: string; principal: Principal }>();

beforeAll(async () => {
  t = await startTestApp();
  for (const role of ADMIN_ROLES) {
    tokens.set(role, { token: await t.adminToken(role), principal: { kind: 'admin', id: 0, role } });
  }
  const shopper = await t.shopperToken();
  tokens.set('shopper', { token: shopper.token, principal: { kind: 'shopper', id: shopper.id } });
});
afterAll(() => t.close());

const concretePath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '1');

function call(route: RouteDef, path: string, token?: string) {
  const req = t.http[route.method](path).set('X-Forwarded-For', t.nextIp());
  if (token) req.set('Authorization', `Bearer ${token}`);
  return req;
}

async function writesSoFar(): Promise<number> {
  const [row] = await t.platform.sequelize.query<{ n: number }>(
    'SELECT (SELECT COUNT(*) FROM audit_logs) + (SELECT COUNT(*) FROM outbox_events) AS n',
    { type: QueryTypes.SELECT },
  );
  return Number(row.n);
}

describe('route registry', () => {
  it('has routes for every audience', () => {
    const kinds = new Set(t.routes.map((r) => r.access.kind));
    expect(kinds).toEqual(new Set(['public', 'shopper', 'admin']));
  });

  it('documents every route in the OpenAPI document', async () => {
    const res = await t.http.get('/api/openapi.json').expect(200);
    for (const r of t.routes) {
      const p = r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      expect(res.body.paths[p]?.[r.method]).toBeDefined();
    }
  });
});

describe('authorization matrix', () => {
  it('refuses anonymous callers on every non-public route with 401', async () => {
    for (const route of t.routes.filter((r) => r.access.kind !== 'public')) {
      const res = await call(route, concretePath(route.path));
      expect({
        route: `${route.method} ${route.path}`,
        status: res.status,
        code: res.body.error?.code,
      }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    }
  });

  it('answers 403 to every principal the route does not allow, and lets allowed ones past authorization', async () => {
    for (const route of t.routes.filter((r) => r.access.kind !== 'public')) {
      for (const [who, { token, principal }] of tokens) {
        const res = await call(route, concretePath(route.path), token).send({});
        const label = `${route.method} ${route.path} as ${who}`;
        if (allows(route.access, principal)) {
          expect({ label, status: res.status }).not.toEqual({ label, status: 403 });
          expect({ label, status: res.status }).not.toEqual({ label, status: 401 });
        } else {
          expect({ label, status: res.status, code: res.body.error?.code }).toEqual({
            label,
            status: 403,
            code: 'FORBIDDEN',
          });
        }
      }
    }
  });

  it('refuses a forged token', async () => {
    const route = t.routes.find((r) => r.access.kind === 'admin')!;
    const [h, p] = tokens.get('operator')!.token.split('.');
    const forged = `${h}.${p}.${Buffer.from('not-the-signature').toString('base64url')}`;
    const res = await call(route, concretePath(route.path), forged);
    expect(res.status).toBe(401);
  });
});

function allowedToken(route: RouteDef): string | undefined {
  if (route.access.kind === 'public') return undefined;
  for (const { token, principal } of tokens.values()) if (allows(route.access, principal)) return token;
  throw new Error(`no test principal may call ${route.method} ${route.path}`);
}

/** An object whose every field has the wrong type for the schema (strings get objects, numbers get strings…). */
function wrongTyped(schema: z.ZodType): unknown {
  const def = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  if (!def) return 'not-an-object';
  return Object.fromEntries(Object.keys(def).map((k) => [k, { wrong: [k] }]));
}

describe('malformed-input matrix', () => {
  const withBody = () => t.routes.filter((r) => r.body);

  it('answers 400 MALFORMED_JSON to a broken JSON body on every route that takes one, and writes nothing', async () => {
    const before = await writesSoFar();
    for (const route of withBody()) {
      const req = call(route, concretePath(route.path), allowedToken(route)).set(
        'Content-Type',
        'application/json',
      );
      const res = await req.send('{"broken": ');
      expect({ route: route.path, status: res.status, code: res.body.error?.code }).toEqual({
        route: route.path,
        status: 400,
        code: 'MALFORMED_JSON',
      });
    }
    expect(await writesSoFar()).toBe(before);
  });

  it('answers 400 VALIDATION_FAILED with field details to wrong types, and writes nothing', async () => {
    const before = await writesSoFar();
    for (const route of withBody()) {
      const res = await call(route, concretePath(route.path), allowedToken(route)).send(
        wrongTyped(route.body!) as object,
      );
      expect({ route: route.path, status: res.status, code: res.body.error?.code }).toEqual({
        route: route.path,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(Array.isArray(res.body.error.details)).toBe(true);
    }
    expect(await writesSoFar()).toBe(before);
  });

  it('answers 400 to a non-numeric id in the path on every route with an id', async () => {
    for (const route of t.routes.filter((r) => r.path.includes(':id'))) {
      const res = await call(route, route.path.replace(/:([A-Za-z0-9_]+)/g, 'abc'), allowedToken(route)).send(
        {},
      );
      expect({ route: route.path, status: res.status, code: res.body.error?.code }).toEqual({
        route: route.path,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
  });

  it('answers 400 to an out-of-range page on every paged route', async () => {
    for (const route of t.routes.filter((r) => r.paged)) {
      const res = await call(
        route,
        `${concretePath(route.path)}?page=0&pageSize=100000`,
        allowedToken(route),
      );
      expect({ route: route.path, status: res.status }).toEqual({ route: route.path, status: 400 });
    }
  });
});
