import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('platform HTTP contract', () => {
  it('reports health with the database and the drivers', async () => {
    const res = await t.http.get('/api/health').expect(200);
    expect(res.body.data.status).toBe('ok');
    expect(['mysql', 'sqlite']).toContain(res.body.data.database);
  });

  it('serves the OpenAPI document and the offline docs page', async () => {
    const doc = await t.http.get('/api/openapi.json').expect(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(doc.body.paths['/api/admin/auth/login'].post).toBeDefined();
    const page = await t.http.get('/api/docs').expect(200);
    expect(page.text).toContain('/api/docs/assets/swagger-ui-bundle.js');
    await t.http.get('/api/docs/assets/swagger-ui-bundle.js').expect(200);
  });

  it('answers unknown routes with the error envelope and echoes a request id', async () => {
    const res = await t.http.get('/api/nope').set('X-Request-Id', 'abcdef12-test').expect(404);
    expect(res.body).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message: expect.any(String) } });
    expect(res.headers['x-request-id']).toBe('abcdef12-test');
  });

  it('answers a wrong method with 405', async () => {
    const res = await t.http.put('/api/health').expect(405);
    expect(res.body.error.code).toBe('METHOD_NOT_ALLOWED');
  });
});

describe('accounts and auth', () => {
  it('logs an owner in, records the login in the audit log with the client IP from the trusted proxy', async () => {
    const token = await t.adminToken('owner');
    const me = await t.http.get('/api/admin/me').set(bearer(token)).expect(200);
    expect(me.body.data).toMatchObject({ username: 't-owner', role: 'owner' });
    const log = await t.http.get('/api/admin/audit-logs?action=admin.login').set(bearer(token)).expect(200);
    expect(log.body.meta.total).toBeGreaterThanOrEqual(1);
    const entry = log.body.data.find((e: { actorName: string }) => e.actorName === '测试owner');
    expect(entry.ip).toMatch(/^10\./);
  });

  it('refuses a wrong password with INVALID_CREDENTIALS and the same answer for an unknown user', async () => {
    await t.adminToken('operator');
    const wrong = await t.http
      .post('/api/admin/auth/login')
      .set('X-Forwarded-For', t.nextIp())
      .send({ username: 't-operator', password: 'nope' })
      .expect(401);
    const unknown = await t.http
      .post('/api/admin/auth/login')
      .set('X-Forwarded-For', t.nextIp())
      .send({ username: 'nobody', password: 'nope' })
      .expect(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.error).toEqual(wrong.body.error);
  });

  it('rate-limits admin logins per client IP (refused attempts count) without touching other IPs', async () => {
    const ip = '203.0.113.7';
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await t.http
        .post('/api/admin/auth/login')
        .set('X-Forwarded-For', ip)
        .send({ username: 'x', password: 'y' });
      codes.push(res.status);
    }
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
    await t.http
      .post('/api/admin/auth/login')
      .set('X-Forwarded-For', '203.0.113.8')
      .send({ username: 'x', password: 'y' })
      .expect(401);
  });

  it('ignores X-Forwarded-For from an untrusted peer', async () => {
    const { createApp } = await import('../../src/app');
    const app = createApp({ ...t.platform, config: { ...t.platform.config, trustedProxies: [] } }, t.modules);
    const request = (await import('supertest')).default;
    const ip = '198.51.100.1';
    for (let i = 0; i < 10; i++) {
      await request(app.callback())
        .post('/api/admin/auth/login')
        .set('X-Forwarded-For', `${ip}${i}`)
        .send({ username: 'x', password: 'y' });
    }
    // all ten came from the same real peer (127.0.0.1), so the eleventh is refused whatever header it sends
    const res = await request(app.callback())
      .post('/api/admin/auth/login')
      .set('X-Forwarded-For', '198.51.100.99')
      .send({ username: 'x', password: 'y' });
    expect(res.status).toBe(429);
  });

  it('keeps a shopper behind the privacy step until the guide is accepted', async () => {
    const login = await t.http
      .post('/api/shop/auth/dev-login')
      .set('X-Forwarded-For', t.nextIp())
      .send({})
      .expect(200);
    expect(login.body.data.shopper.privacyAccepted).toBe(false);
    const token = login.body.data.token as string;
    const me = await t.http.get('/api/shop/me').set(bearer(token)).expect(200);
    expect(me.body.data.privacyAccepted).toBe(false);
    const stale = await t.http
      .post('/api/shop/privacy/accept')
      .set(bearer(token))
      .send({ version: '1999-01' })
      .expect(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    const guide = await t.http.get('/api/shop/privacy').expect(200);
    const accepted = await t.http
      .post('/api/shop/privacy/accept')
      .set(bearer(token))
      .send({ version: guide.body.data.version })
      .expect(200);
    expect(accepted.body.data.privacyAccepted).toBe(true);
  });

  it('logs the same openid in as the same shopper, and registers it once with an outbox event', async () => {
    const a = await t.shopperToken({ openid: 'same-openid-1' });
    const b = await t.shopperToken({ openid: 'same-openid-1' });
    expect(a.id).toBe(b.id);
    const [rows] = await t.platform.sequelize.query(
      "SELECT COUNT(*) AS n FROM outbox_events WHERE name = 'shopper.registered' AND payload LIKE '%same-openid-1%'",
    );
    expect(Number((rows as { n: number }[])[0].n)).toBe(1);
  });

  it('refuses a frozen shopper at once, on a token issued before the freeze', async () => {
    const shopper = await t.shopperToken();
    await t.http.get('/api/shop/me').set(bearer(shopper.token)).expect(200);
    const owner = await t.adminToken('owner');
    await t.http
      .post(`/api/admin/shoppers/${shopper.id}/freeze`)
      .set(bearer(owner))
      .send({ reason: '刷单' })
      .expect(200);
    const refused = await t.http.get('/api/shop/me').set(bearer(shopper.token)).expect(403);
    expect(refused.body.error.code).toBe('ACCOUNT_FROZEN');
    await t.http
      .post(`/api/admin/shoppers/${shopper.id}/unfreeze`)
      .set(bearer(owner))
      .send({ reason: '误判' })
      .expect(200);
    await t.http.get('/api/shop/me').set(bearer(shopper.token)).expect(200);
    const audit = await t.http
      .get('/api/admin/audit-logs?subjectType=shopper')
      .set(bearer(owner))
      .expect(200);
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual([
      'shopper.unfreeze',
      'shopper.freeze',
    ]);
    expect(audit.body.data[1].after).toEqual({ status: 'frozen', reason: '刷单' });
  });

  it('applies a role change at once and audits it with before and after', async () => {
    const owner = await t.adminToken('owner');
    const created = await t.http
      .post('/api/admin/admin-users')
      .set(bearer(owner))
      .send({ username: 'clerk', displayName: '店员', password: 'clerk-pass-1', role: 'finance' })
      .expect(201);
    const login = await t.http
      .post('/api/admin/auth/login')
      .set('X-Forwarded-For', t.nextIp())
      .send({ username: 'clerk', password: 'clerk-pass-1' })
      .expect(200);
    const clerk = login.body.data.token as string;
    await t.http.get('/api/admin/audit-logs').set(bearer(clerk)).expect(200);
    await t.http
      .patch(`/api/admin/admin-users/${created.body.data.id}`)
      .set(bearer(owner))
      .send({ role: 'service' })
      .expect(200);
    const refused = await t.http.get('/api/admin/audit-logs').set(bearer(clerk)).expect(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    const dup = await t.http
      .post('/api/admin/admin-users')
      .set(bearer(owner))
      .send({ username: 'clerk', displayName: '店员2', password: 'clerk-pass-2', role: 'finance' })
      .expect(409);
    expect(dup.body.error.code).toBe('CONFLICT');
    const audit = await t.http
      .get('/api/admin/audit-logs?action=admin_user.update')
      .set(bearer(owner))
      .expect(200);
    expect(audit.body.data[0].before.role).toBe('finance');
    expect(audit.body.data[0].after.role).toBe('service');
    expect(JSON.stringify(audit.body.data)).not.toContain('clerk-pass');
  });

  it('does not let an owner demote or freeze themselves', async () => {
    const owner = await t.adminToken('owner');
    const me = await t.http.get('/api/admin/me').set(bearer(owner)).expect(200);
    const res = await t.http
      .patch(`/api/admin/admin-users/${me.body.data.id}`)
      .set(bearer(owner))
      .send({ role: 'service' })
      .expect(422);
    expect(res.body.error.code).toBe('BUSINESS_RULE');
  });
});
