import type { TestApp } from '../../support/app';
import type { OwnedObject, OwnedObjectFixture, OwnershipEntry, Shopper } from './index';

const auth = (t: TestApp, token: string) => ({
  Authorization: `Bearer ${token}`,
  'X-Forwarded-For': t.nextIp(),
});

/**
 * A withdrawal of the owner, in review: the merchant makes the owner a distributor and credits ¥10 by hand,
 * the owner withdraws ¥5. Its number is the marker.
 */
async function withdrawalOf(t: TestApp, owner: Shopper): Promise<OwnedObject> {
  await t.http
    .post('/api/admin/distribution/distributors')
    .set(auth(t, await t.adminToken('operator')))
    .send({ shopperId: owner.id })
    .expect(201);
  await t.http
    .post(`/api/admin/distribution/distributors/${owner.id}/adjustments`)
    .set(auth(t, await t.adminToken('finance')))
    .send({ delta: 1000, reason: '归属测试' })
    .expect(201);
  const res = await t.http
    .post('/api/shop/distribution/withdrawals')
    .set(auth(t, owner.token))
    .send({ amount: 500 })
    .expect(201);
  return { params: { id: res.body.data.id }, marker: res.body.data.withdrawalNo };
}

const withdrawal: OwnedObjectFixture = {
  create: withdrawalOf,
  bodies: { post: { accept: true } },
  async assertIntact(t, owner, object) {
    const res = await t.http
      .get(`/api/shop/distribution/withdrawals/${object.params.id}`)
      .set(auth(t, owner.token))
      .expect(200);
    if (res.body.data.withdrawalNo !== object.marker || res.body.data.status !== 'reviewing') {
      throw new Error(`the withdrawal changed: ${JSON.stringify(res.body.data)}`);
    }
  },
};

export const ownership: Record<string, OwnershipEntry> = {
  '/api/shop/distribution/withdrawals/:id': withdrawal,
  '/api/shop/distribution/withdrawals/:id/transfer': withdrawal,
  '/api/shop/distribution/withdrawals/:id/sync': withdrawal,
  '/api/shop/distribution/withdrawals/:id/sandbox-confirm': withdrawal,
};
