import { fenToYuanString } from '../platform/money';
import type { z } from 'zod';
import type * as order from '../modules/order/schemas';
import type { ApiClient, Caller } from './api-client';
import { demoInvoicePdf } from './invoice-pdf';
import type { ShopperKey, ShopperSession } from './shoppers';

type OrderDetail = z.infer<typeof order.orderDetail>;
type OrderStatus = z.infer<typeof order.orderStatus>;
type OrderSettings = z.infer<typeof order.orderSettings>;

/**
 * What the demo leaves, by order status, right after seeding (the test checks these through the admin API).
 * Later on their own: the 1-minute order is cancelled by the unpaid-timeout job (pending 2 → 1, cancelled
 * 2 → 3), the other pending one after 30 minutes, and the refunds settle when the worker runs.
 */
export const DEMO_ORDER_COUNTS: Partial<Record<OrderStatus, number>> = {
  pending_payment: 2,
  to_ship: 1,
  shipped: 1,
  to_verify: 2,
  received: 3,
  completed: 1,
  cancelled: 2,
  cancelled_refunded: 1,
};

export interface OrderSeedDeps {
  api: ApiClient;
  owner: Caller;
  shoppers: Record<ShopperKey, ShopperSession>;
  skuIds: Map<string, number>;
  /** runs a cron job now, as `npm run cron -- run NAME` would */
  runJob(name: string): Promise<void>;
}

type Items = [skuCode: string, quantity: number][];

/** The shoppers' and the merchant's steps, one small function each, all through the HTTP API. */
function steps({ api, owner, shoppers, skuIds }: OrderSeedDeps) {
  const skuId = (code: string) => {
    const id = skuIds.get(code);
    if (!id) throw new Error(`demo order: unknown SKU code ${code}`);
    return id;
  };
  const lineOf = (o: OrderDetail, code: string) => {
    const line = o.lines.find((l) => l.skuId === skuId(code));
    if (!line) throw new Error(`demo order ${o.orderNo} has no line of ${code}`);
    return line;
  };
  return {
    async addToCart(who: ShopperKey, items: Items) {
      for (const [code, quantity] of items) {
        await api.call(shoppers[who], 'POST', '/api/shop/cart/items', {
          body: { skuId: skuId(code), quantity },
        });
      }
    },
    /** a direct order of `items`, or the selected cart lines without them; the key makes a retry harmless */
    place: (who: ShopperKey, key: string, items?: Items, opts: { ships?: boolean; remark?: string } = {}) =>
      api.call<OrderDetail>(shoppers[who], 'POST', '/api/shop/orders', {
        headers: { 'Idempotency-Key': `demo-seed-${key}` },
        body: {
          items: items?.map(([code, quantity]) => ({ skuId: skuId(code), quantity })),
          addressId: opts.ships === false ? undefined : shoppers[who].addressId,
          remark: opts.remark,
        },
      }),
    /** through the sandbox: start the payment, then confirm it as the payer (a signed v3 notification) */
    async pay(who: ShopperKey, o: OrderDetail) {
      const started = await api.call<{ paymentId: number }>(
        shoppers[who],
        'POST',
        `/api/shop/orders/${o.id}/pay`,
      );
      await api.call(shoppers[who], 'POST', `/api/shop/pay/sandbox/${started.paymentId}/confirm`);
    },
    ship: (
      o: OrderDetail,
      carrier: string,
      trackingNo: string,
      lines: [skuCode: string, quantity: number][],
    ) =>
      api.call(owner, 'POST', `/api/admin/orders/${o.id}/packages`, {
        body: {
          carrier,
          trackingNo,
          lines: lines.map(([code, quantity]) => ({ orderLineId: lineOf(o, code).id, quantity })),
        },
      }),
    receive: (who: ShopperKey, o: OrderDetail) =>
      api.call(shoppers[who], 'POST', `/api/shop/orders/${o.id}/receive`),
    cancelByShopper: (who: ShopperKey, o: OrderDetail) =>
      api.call(shoppers[who], 'POST', `/api/shop/orders/${o.id}/cancel`),
    cancelByMerchant: (o: OrderDetail, reason: string) =>
      api.call(owner, 'POST', `/api/admin/orders/${o.id}/cancel`, { body: { reason } }),
    askRefund: (who: ShopperKey, o: OrderDetail, code: string, quantity: number, reason: string) =>
      api.call<{ id: number }>(shoppers[who], 'POST', `/api/shop/orders/${o.id}/after-sales`, {
        body: { orderLineId: lineOf(o, code).id, type: 'refund_only', quantity, reason },
      }),
    /** the merchant approves and refunds; the sandbox settles the refund later through its queue job */
    async approveAndRefund(afterSaleId: number) {
      await api.call(owner, 'POST', `/api/admin/after-sales/${afterSaleId}/approve`);
      await api.call(owner, 'POST', `/api/admin/after-sales/${afterSaleId}/refund`);
    },
    askInvoice: (who: ShopperKey, o: OrderDetail, body: object) =>
      api.call<{ id: number }>(shoppers[who], 'PUT', `/api/shop/orders/${o.id}/invoice`, { body }),
    issueInvoice: (invoiceId: number, o: OrderDetail) =>
      api.call(owner, 'POST', `/api/admin/invoices/${invoiceId}/issue`, {
        body: {
          pdfBase64: demoInvoicePdf([
            'Demo e-invoice (not a real fapiao)',
            `Order ${o.orderNo}`,
            `Amount: CNY ${fenToYuanString(o.payAmount)}`,
          ]).toString('base64'),
        },
      }),
    settings: {
      get: () => api.call<OrderSettings>(owner, 'GET', '/api/admin/order-settings'),
      set: (patch: Partial<OrderSettings>) =>
        api.call<OrderSettings>(owner, 'PATCH', '/api/admin/order-settings', { body: patch }),
    },
  };
}

/** Orders in every state a shopper and the merchant reach today (see DEMO_ORDER_COUNTS and the README). */
export async function seedOrders(deps: OrderSeedDeps): Promise<void> {
  const s = steps(deps);

  // to_ship: bought from the cart, an invoice asked for
  await s.addToCart('chen', [
    ['TX-WHT-M', 2],
    ['XYY-2KG', 1],
  ]);
  const toShip = await s.place('chen', 'to-ship', undefined, { remark: '工作日白天送货，谢谢' });
  await s.pay('chen', toShip);
  await s.askInvoice('chen', toShip, {
    type: 'company',
    title: '杭州思远科技有限公司',
    taxId: '91330106MA2B3C4D5E',
    email: 'chen.siyuan@example.com',
  });

  // shipped in two packages
  const shipped = await s.place('lin', 'shipped', [
    ['EJ-ANC-BLK', 1],
    ['BWB-500-WHT', 1],
  ]);
  await s.pay('lin', shipped);
  await s.ship(shipped, 'SF', 'SF1420386157203', [['EJ-ANC-BLK', 1]]);
  await s.ship(shipped, 'ZTO', '78391022456190', [['BWB-500-WHT', 1]]);

  // received by the shopper, an invoice asked for, an after-sale waiting for the merchant
  const received = await s.place('zhou', 'received', [
    ['JG-30', 1],
    ['DM-WC-5KG', 1],
  ]);
  await s.pay('zhou', received);
  await s.ship(received, 'YTO', 'YT8842091735521', [
    ['JG-30', 1],
    ['DM-WC-5KG', 1],
  ]);
  await s.receive('zhou', received);
  await s.askInvoice('zhou', received, {
    type: 'personal',
    title: '周小雨',
    email: 'zhou.xiaoyu@example.com',
  });
  await s.askRefund('zhou', received, 'DM-WC-5KG', 1, '外包装破损，大米洒了一些');

  // partially refunded: one of two bags of nuts, after receipt
  const partial = await s.place('lin', 'partial-refund', [
    ['TX-BLK-L', 1],
    ['JG-15', 2],
  ]);
  await s.pay('lin', partial);
  await s.ship(partial, 'SF', 'SF1420386157888', [
    ['TX-BLK-L', 1],
    ['JG-15', 2],
  ]);
  await s.receive('lin', partial);
  await s.approveAndRefund((await s.askRefund('lin', partial, 'JG-15', 1, '口味不太喜欢，未拆封')).id);

  // to be completed: shipped and paid now, received below while the after-sales window is 0 days
  const completed = await s.place('chen', 'completed', [['XYY-1KGX3', 2]]);
  await s.pay('chen', completed);
  const invoice = await s.askInvoice('chen', completed, {
    type: 'company',
    title: '杭州思远科技有限公司',
    taxId: '91330106MA2B3C4D5E',
    email: 'chen.siyuan@example.com',
  });
  await s.issueInvoice(invoice.id, completed);
  await s.ship(completed, 'SF', 'SF1420386159951', [['XYY-1KGX3', 2]]);

  // virtual: delivered (received) on payment
  const course = await s.place('zhou', 'virtual', [['KC-PY-101', 1]], { ships: false });
  await s.pay('zhou', course);

  // local services waiting for verification in a store
  const carwash = await s.place('lin', 'carwash', [['XC-3-CAR', 1]], { ships: false });
  await s.pay('lin', carwash);
  const coffee = await s.place('chen', 'coffee', [['KF-5', 1]], { ships: false });
  await s.pay('chen', coffee);

  // cancelled_refunded: a paid meal refunded before it was used closes the order
  const meal = await s.place('chen', 'meal-refunded', [['TC-SHUANGREN', 1]], { ships: false });
  await s.pay('chen', meal);
  await s.approveAndRefund((await s.askRefund('chen', meal, 'TC-SHUANGREN', 1, '计划有变，去不了了')).id);

  // cancelled by the shopper, and by the merchant
  await s.cancelByShopper('chen', await s.place('chen', 'cancelled-shopper', [['EJ-ANC-WHT', 1]]));
  const wrongAddress = await s.place('zhou', 'cancelled-merchant', [['TX-BLU-M', 1]]);
  await s.cancelByMerchant(wrongAddress, '顾客来电要改地址，已取消，请重新下单');

  // pending payment, from the cart; and a cart left with a course in it
  await s.addToCart('zhou', [['BWB-350-BLK', 1]]);
  await s.place('zhou', 'pending');
  await s.addToCart('lin', [['KC-VIP-1Y', 1]]);

  await withShortDeadlines(s.settings, async () => {
    // unpaid for 1 minute: the unpaid-timeout job cancels it (in embedded mode within two minutes of start)
    await s.place('lin', 'timeout', [['DM-WC-5KG', 1]]);
    // received with a 0-day after-sales window: complete at once
    await s.receive('chen', completed);
  });
  await deps.runJob('order-auto-complete');
}

/**
 * The two orders whose next state comes with time are made under the shortest settings the shop allows
 * (1-minute unpaid timeout, 0-day after-sales window), then the merchant's settings are put back. Both are
 * audited setting changes by the owner, as if the merchant had done it.
 */
async function withShortDeadlines(
  settings: ReturnType<typeof steps>['settings'],
  fn: () => Promise<void>,
): Promise<void> {
  const before = await settings.get();
  await settings.set({ unpaidTimeoutMinutes: 1, aftersaleWindowDays: 0 });
  try {
    await fn();
  } finally {
    await settings.set({
      unpaidTimeoutMinutes: before.unpaidTimeoutMinutes,
      aftersaleWindowDays: before.aftersaleWindowDays,
    });
  }
}
