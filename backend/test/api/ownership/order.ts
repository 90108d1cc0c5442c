import crypto from 'node:crypto';
import type { TestApp } from '../../support/app';
import type { OwnedObject, OwnedObjectFixture, OwnershipEntry, Shopper } from './index';

const auth = (t: TestApp, token: string) => ({
  Authorization: `Bearer ${token}`,
  'X-Forwarded-For': t.nextIp(),
});

/** One virtual product per test app (no address needed), created through the admin API. */
const skus = new WeakMap<TestApp, Promise<number>>();
function virtualSku(t: TestApp): Promise<number> {
  let sku = skus.get(t);
  if (!sku) {
    sku = (async () => {
      const op = await t.adminToken('operator');
      const category = await t.http
        .post('/api/admin/categories')
        .set(auth(t, op))
        .send({ name: '归属测试' })
        .expect(201);
      const product = await t.http
        .post('/api/admin/products')
        .set(auth(t, op))
        .send({
          title: '归属测试课',
          kind: 'virtual',
          categoryId: category.body.data.id,
          images: ['https://img.example.com/p.jpg'],
          status: 'on_sale',
          skus: [{ price: 990, stock: 10000 }],
        })
        .expect(201);
      return product.body.data.skus[0].id as number;
    })();
    skus.set(t, sku);
  }
  return sku;
}

async function placeOrder(t: TestApp, owner: Shopper) {
  const res = await t.http
    .post('/api/shop/orders')
    .set(auth(t, owner.token))
    .set('Idempotency-Key', `own-${crypto.randomUUID()}`)
    .send({ items: [{ skuId: await virtualSku(t), quantity: 1 }] })
    .expect(200);
  return res.body.data as { id: number; orderNo: string; lines: { id: number }[] };
}

async function orderStatus(t: TestApp, owner: Shopper, id: number) {
  const res = await t.http.get(`/api/shop/orders/${id}`).set(auth(t, owner.token)).expect(200);
  return res.body.data as { status: string; orderNo: string; refundedAmount?: number };
}

/** A paid order of the owner (through the sandbox), with one refund-only after-sale requested. */
async function afterSaleOf(t: TestApp, owner: Shopper): Promise<OwnedObject> {
  const order = await placeOrder(t, owner);
  const pay = await t.http.post(`/api/shop/orders/${order.id}/pay`).set(auth(t, owner.token)).expect(200);
  await t.http
    .post(`/api/shop/pay/sandbox/${pay.body.data.paymentId}/confirm`)
    .set(auth(t, owner.token))
    .expect(200);
  const marker = `归属售后-${crypto.randomUUID().slice(0, 8)}`;
  const created = await t.http
    .post(`/api/shop/orders/${order.id}/after-sales`)
    .set(auth(t, owner.token))
    .send({ orderLineId: order.lines[0].id, type: 'refund_only', quantity: 1, reason: marker })
    .expect(201);
  return { params: { id: created.body.data.id }, marker };
}

/** A pending order of the owner; `post` is a valid body for the path's POST, so only ownership can refuse it. */
const pendingOrder = (post?: object, put?: object): OwnedObjectFixture => ({
  async create(t, owner) {
    const order = await placeOrder(t, owner);
    return { params: { id: order.id }, marker: order.orderNo };
  },
  bodies: { post, put },
  async assertIntact(t, owner, { params, marker }) {
    const o = await orderStatus(t, owner, Number(params.id));
    if (o.status !== 'pending_payment' || o.orderNo !== marker) {
      throw new Error(`order ${params.id} changed: ${o.status}`);
    }
  },
});

const afterSale: OwnershipEntry = {
  create: afterSaleOf,
  bodies: { post: { carrier: 'SF', trackingNo: 'SF1234567890' } },
  async assertIntact(t, owner, { params, marker }) {
    const res = await t.http.get(`/api/shop/after-sales/${params.id}`).set(auth(t, owner.token)).expect(200);
    if (res.body.data.status !== 'requested' || res.body.data.reason !== marker) {
      throw new Error(`after-sale ${params.id} changed: ${res.text}`);
    }
  },
};

const invoice = { type: 'personal', title: '别人', email: 'x@example.com' };

export const ownership: Record<string, OwnershipEntry> = {
  '/api/shop/cart/items/:skuId': {
    notOwned: 'the SKU is catalog data; the route acts on the caller’s own cart',
  },
  '/api/shop/orders/:id': pendingOrder(),
  '/api/shop/orders/:id/pay': pendingOrder(),
  '/api/shop/orders/:id/cancel': pendingOrder(),
  '/api/shop/orders/:id/receive': pendingOrder(),
  '/api/shop/orders/:id/after-sales': pendingOrder({
    orderLineId: 1,
    type: 'refund_only',
    quantity: 1,
    reason: '别人的订单',
  }),
  '/api/shop/orders/:id/after-sales/preview': {
    async create(t, owner) {
      const order = await placeOrder(t, owner);
      return {
        params: { id: order.id },
        marker: order.orderNo,
        query: { orderLineId: order.lines[0].id, quantity: 1 },
      };
    },
    assertIntact: pendingOrder().assertIntact,
  },
  '/api/shop/orders/:id/invoice': pendingOrder(invoice, invoice),
  '/api/shop/orders/:id/invoice/file': pendingOrder(),
  '/api/shop/after-sales/:id': afterSale,
  '/api/shop/after-sales/:id/withdraw': afterSale,
  '/api/shop/after-sales/:id/return-parcel': afterSale,
  '/api/shop/pay/sandbox/:paymentId/confirm': {
    async create(t, owner) {
      const order = await placeOrder(t, owner);
      const pay = await t.http.post(`/api/shop/orders/${order.id}/pay`).set(auth(t, owner.token)).expect(200);
      return { params: { paymentId: pay.body.data.paymentId, orderId: order.id }, marker: order.orderNo };
    },
    async assertIntact(t, owner, { params }) {
      const o = await orderStatus(t, owner, Number(params.orderId));
      if (o.status !== 'pending_payment') throw new Error(`order ${params.orderId} was paid by someone else`);
    },
  },
};
