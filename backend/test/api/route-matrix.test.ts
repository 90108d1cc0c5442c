/**
 * Generated from the route registry: every route that exists is checked for authorization, for
 * malformed input and (shopper routes with a path parameter) for another shopper's objects, so a new route
 * cannot be forgotten.
 */
import { QueryTypes } from 'sequelize';
import { z } from 'zod';
import { startTestApp, type TestApp } from '../support/app';
import { ADMIN_ROLES, allows, type Principal } from '../../src/platform/http/access';
import type { RouteDef } from '../../src/platform/http/route';
import { isNotOwned, loadOwnershipFixtures, type Shopper } from './ownership';

let t: TestApp;
const tokens = new Map<string, { token: string; principal: Principal }>();

beforeAll(async () => {
  t = await startTestApp();
  for (const role of ADMIN_ROLES) {
    tokens.set(role, { token: await t.adminToken(role), principal: { kind: 'admin', id: 0, role } });
  }
  const shopper = await t.shopperToken();
  tokens.set('shopper', { token: shopper.token, principal: { kind: 'shopper', id: shopper.id } });
  tokens.set('staff', await staffLogin());
});
afterAll(() => t.close());

/** A store, a shopper bound to it as staff, and that shopper's staff token (all through the API). */
async function staffLogin(): Promise<{ token: string; principal: Principal }> {
  const owner = { Authorization: `Bearer ${await t.adminToken('owner')}` };
  const store = await t.http
    .post('/api/admin/stores')
    .set(owner)
    .send({
      name: '矩阵店',
      address: '矩阵路 1 号',
      phone: '021-12345678',
      opensAt: '09:00',
      closesAt: '21:00',
    })
    .expect(201);
  const worker = await t.shopperToken();
  await t.http
    .post(`/api/admin/stores/${store.body.data.id}/staff`)
    .set(owner)
    .send({ shopperId: worker.id, name: '矩阵店员' })
    .expect(201);
  const session = await t.http
    .post('/api/shop/staff-session')
    .set('Authorization', `Bearer ${worker.token}`)
    .expect(200);
  return { token: session.body.data.token, principal: { kind: 'staff', id: session.body.data.staffId } };
}

/** Path parameters get an id that no row has, so that no call of the matrix changes the fixtures above. */
const concretePath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '987654321');

function call(route: RouteDef, path: string, token?: string) {
  const req = t.http[route.method](path).set('X-Forwarded-For', t.nextIp());
  if (token) req.set('Authorization', `Bearer ${token}`);
  return req;
}

/** Row counts of every table: a refused request must leave each of them as it was. */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = (await t.platform.sequelize.getQueryInterface().showAllTables())
    .map((x) => (typeof x === 'string' ? x : (x as { tableName: string }).tableName))
    .filter((name) => name !== 'schema_migrations' && name !== 'sqlite_sequence');
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await t.platform.sequelize.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`, {
      type: QueryTypes.SELECT,
    });
    counts[table] = Number(row.n);
  }
  return counts;
}

describe('route registry', () => {
  it('has routes for every audience', () => {
    const kinds = new Set(t.routes.map((r) => r.access.kind));
    expect(kinds).toEqual(new Set(['public', 'shopper', 'admin', 'staff']));
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

  it('has a principal of every kind, and the staff principal is refused everywhere but on staff routes', async () => {
    expect(new Set([...tokens.values()].map((v) => v.principal.kind))).toEqual(
      new Set(['admin', 'shopper', 'staff']),
    );
    const staff = tokens.get('staff')!;
    const staffRoutes = t.routes.filter((r) => r.access.kind === 'staff');
    expect(staffRoutes.length).toBeGreaterThan(0);
    for (const route of staffRoutes.filter((r) => r.method === 'get' && !r.path.includes(':'))) {
      const res = await call(route, route.path, staff.token);
      expect({ route: route.path, status: res.status }).toEqual({ route: route.path, status: 200 });
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
    const before = await rowCounts();
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
    expect(await rowCounts()).toEqual(before);
  });

  it('answers 400 VALIDATION_FAILED with field details to wrong types, and writes nothing', async () => {
    const before = await rowCounts();
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
    expect(await rowCounts()).toEqual(before);
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

/**
 * Shopper routes with a path parameter whose owners have not written an ownership fixture yet (in
 * ./ownership/<module>.ts). Remove a line when its fixture exists; the test below says when.
 */
const AWAITING_OWNERSHIP_FIXTURES = new Set<string>([]);

describe("another shopper's objects", () => {
  const fixtures = loadOwnershipFixtures();
  const ownedRoutes = () => t.routes.filter((r) => r.access.kind === 'shopper' && r.path.includes(':'));

  it('has an ownership fixture for every shopper route with a path parameter', () => {
    const paths = [...new Set(ownedRoutes().map((r) => r.path))];
    const missing = paths.filter((p) => !fixtures.has(p) && !AWAITING_OWNERSHIP_FIXTURES.has(p));
    expect({ missingFixtures: missing }).toEqual({ missingFixtures: [] });
    const stale = [...AWAITING_OWNERSHIP_FIXTURES].filter((p) => fixtures.has(p) || !paths.includes(p));
    expect({ staleAwaitingEntries: stale }).toEqual({ staleAwaitingEntries: [] });
    const unused = [...fixtures.keys()].filter((p) => !paths.includes(p));
    expect({ fixturesWithoutRoute: unused }).toEqual({ fixturesWithoutRoute: [] });
  });

  it("never returns one shopper's object to another: every method answers 404 or 403 and changes nothing", async () => {
    const byPath = new Map<string, RouteDef[]>();
    for (const r of ownedRoutes()) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
    let checked = 0;
    for (const [routePath, routes] of byPath) {
      const fixture = fixtures.get(routePath);
      if (!fixture || isNotOwned(fixture)) continue;
      const owner: Shopper = await t.shopperToken();
      const intruder: Shopper = await t.shopperToken();
      const object = await fixture.create(t, owner);
      await fixture.assertIntact(t, owner, object);
      const query = object.query
        ? `?${new URLSearchParams(Object.entries(object.query).map(([k, v]): [string, string] => [k, String(v)]))}`
        : '';
      const path =
        routePath.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
          if (object.params[name] === undefined)
            throw new Error(`${routePath}: the fixture gives no ${name}`);
          return String(object.params[name]);
        }) + query;
      // reads first, deletions last: a refused delete must leave the object for the other methods to try
      const order = ['get', 'put', 'patch', 'post', 'delete'];
      for (const route of [...routes].sort((a, b) => order.indexOf(a.method) - order.indexOf(b.method))) {
        const res = await call(route, path, intruder.token).send(fixture.bodies?.[route.method] ?? {});
        const label = `${route.method} ${routePath} as another shopper`;
        expect({ label, refused: [403, 404].includes(res.status) }).toEqual({ label, refused: true });
        expect({ label, leaked: res.text.includes(object.marker) }).toEqual({ label, leaked: false });
        checked++;
      }
      await fixture.assertIntact(t, owner, object);
    }
    expect(checked).toBeGreaterThanOrEqual(3);
  });
});
