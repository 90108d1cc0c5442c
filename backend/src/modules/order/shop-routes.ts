import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { access } from '../../platform/http/access';
import { defineRoute, type RateLimitRule, type RequestInfo } from '../../platform/http/route';
import { uploadBody, uploadedBytes, uploadedFile } from '../../platform/storage/upload-request';
import * as s from './schemas';
import type { OrderServiceParts } from './service';

const shopperId = (req: RequestInfo) => req.principal!.id;
const meta = (req: RequestInfo) => ({ ip: req.ip, requestId: req.requestId });

const cartLimit: RateLimitRule[] = [
  { name: 'cart-write', points: 120, durationSeconds: 60, by: 'principal' },
];
const orderLimit: RateLimitRule[] = [
  { name: 'order-create', points: 10, durationSeconds: 60, by: 'principal' },
  { name: 'order-create-ip', points: 60, durationSeconds: 60, by: 'ip' },
];
const payLimit: RateLimitRule[] = [{ name: 'order-pay', points: 20, durationSeconds: 60, by: 'principal' }];
const aftersaleLimit: RateLimitRule[] = [
  { name: 'aftersale-write', points: 20, durationSeconds: 60, by: 'principal' },
];

function idempotencyKey(req: RequestInfo): string {
  const key = req.koa.get('idempotency-key');
  if (!s.IDEMPOTENCY_KEY.test(key)) {
    throw new AppError(
      'VALIDATION_FAILED',
      'The Idempotency-Key header is required (8–64 of A-Z a-z 0-9 _ . : -)',
      [{ path: 'Idempotency-Key', message: 'required header', code: 'custom' }],
    );
  }
  return key;
}

export function shopRoutes(o: OrderServiceParts, opts: { uploadMaxBytes: number }) {
  const tags = ['shop-orders'];
  return [
    defineRoute({
      method: 'post',
      path: '/api/shop/uploads/images',
      access: access.shopper,
      summary: 'Upload a photo for an after-sale request (raw image bytes, or JSON { dataBase64, filename })',
      tags: ['shop-after-sales'],
      body: uploadBody,
      response: uploadedFile,
      successStatus: 201,
      rateLimit: [{ name: 'shop-upload', points: 30, durationSeconds: 60, by: 'principal' }],
      handler: async ({ body, req }) =>
        o.afterSales.uploadPhoto({
          bytes: await uploadedBytes(req, body, opts.uploadMaxBytes),
          filename: body.filename,
        }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/cart',
      access: access.shopper,
      summary: 'The cart with current prices, stock and availability of each line',
      tags: ['shop-cart'],
      response: s.cartView,
      handler: ({ req }) => o.cart.list(shopperId(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/shop/cart/items',
      access: access.shopper,
      summary: 'Add units of a SKU to the cart',
      tags: ['shop-cart'],
      body: s.addCartBody,
      response: s.cartView,
      rateLimit: cartLimit,
      handler: ({ body, req }) => o.cart.add(shopperId(req), body.skuId, body.quantity),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/shop/cart/items/:skuId',
      access: access.shopper,
      summary: 'Set the quantity or selection of a cart line',
      tags: ['shop-cart'],
      params: s.skuParams,
      body: s.updateCartBody,
      response: s.cartView,
      rateLimit: cartLimit,
      handler: ({ params, body, req }) => o.cart.update(shopperId(req), params.skuId, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/shop/cart/items/:skuId',
      access: access.shopper,
      summary: 'Remove a line from the cart',
      tags: ['shop-cart'],
      params: s.skuParams,
      response: s.cartView,
      rateLimit: cartLimit,
      handler: ({ params, req }) => o.cart.remove(shopperId(req), [params.skuId]),
    }),
    defineRoute({
      method: 'post',
      path: '/api/shop/cart/remove',
      access: access.shopper,
      summary: 'Remove several lines from the cart',
      tags: ['shop-cart'],
      body: s.removeCartBody,
      response: s.cartView,
      rateLimit: cartLimit,
      handler: ({ body, req }) => o.cart.remove(shopperId(req), body.skuIds),
    }),
    defineRoute({
      method: 'post',
      path: '/api/shop/cart/select',
      access: access.shopper,
      summary: 'Select or unselect lines (all lines when no SKU is named)',
      tags: ['shop-cart'],
      body: s.selectCartBody,
      response: s.cartView,
      rateLimit: cartLimit,
      handler: ({ body, req }) => o.cart.select(shopperId(req), body.selected, body.skuIds),
    }),
    defineRoute({
      method: 'post',
      path: '/api/shop/checkout/preview',
      access: access.shopper,
      summary: 'What an order would cost (lines, freight, discount, pay amount), without placing it',
      tags,
      body: s.checkoutBody,
      response: s.checkoutPreview,
      handler: ({ body, req }) => o.checkout.preview(shopperId(req), body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/shop/orders',
      access: access.shopper,
      summary:
        'Place an order from the selected cart lines or `items` (Idempotency-Key header required: the same key ' +
        'and body answer the same order, marked by the header Idempotent-Replayed: true; another body with the ' +
        'same key is IDEMPOTENCY_CONFLICT)',
      tags,
      body: s.checkoutBody,
      response: s.orderDetail,
      rateLimit: orderLimit,
      handler: async ({ body, req }) => {
        const { orderId, created } = await o.checkout.create(
          shopperId(req),
          idempotencyKey(req),
          body,
          meta(req),
        );
        if (!created) req.koa.set('Idempotent-Replayed', 'true');
        return o.queries.detailForShopper(shopperId(req), orderId);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/orders',
      access: access.shopper,
      summary: "The shopper's orders, newest first, by app tab",
      tags,
      query: s.shopOrdersQuery,
      response: s.orderView,
      paged: true,
      handler: ({ query, req }) =>
        o.queries.listForShopper(shopperId(req), {
          page: query.page,
          pageSize: query.pageSize,
          status: query.tab ? [...s.SHOP_TABS[query.tab]] : undefined,
        }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/orders/:id',
      access: access.shopper,
      summary: 'One order with its packages, timeline and after-sales',
      tags,
      params: s.idParams,
      response: s.orderDetail,
      handler: ({ params, req }) => o.queries.detailForShopper(shopperId(req), params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/shop/orders/:id/pay',
      access: access.shopper,
      summary: 'Start paying a pending order: the parameters for wx.requestPayment (or the sandbox)',
      tags,
      params: s.idParams,
      response: s.payResult,
      rateLimit: payLimit,
      handler: ({ params, req }) => o.checkout.pay(shopperId(req), params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/shop/orders/:id/cancel',
      access: access.shopper,
      summary: 'Cancel an unpaid order (its stock is returned); cancelling a cancelled order changes nothing',
      tags,
      params: s.idParams,
      response: s.orderDetail,
      handler: async ({ params, req }) => {
        await o.lifecycle.cancel(params.id, 'shopper', req.principal!, { shopperId: shopperId(req) });
        return o.queries.detailForShopper(shopperId(req), params.id);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/shop/orders/:id/receive',
      access: access.shopper,
      summary: 'Confirm receipt of a shipped order (starts the after-sales window)',
      tags,
      params: s.idParams,
      response: s.orderDetail,
      handler: async ({ params, req }) => {
        await o.lifecycle.receive(params.id, req.principal!, { shopperId: shopperId(req) });
        return o.queries.detailForShopper(shopperId(req), params.id);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/orders/:id/after-sales/preview',
      access: access.shopper,
      summary: 'What a refund of some units of a line would pay back now (before asking)',
      tags: ['shop-after-sales'],
      params: s.idParams,
      query: s.afterSalePreviewQuery,
      response: s.afterSalePreview,
      handler: ({ params, query, req }) =>
        o.afterSales.previewAmount(shopperId(req), params.id, query.orderLineId, query.quantity),
    }),
    defineRoute({
      method: 'post',
      path: '/api/shop/orders/:id/after-sales',
      access: access.shopper,
      summary: 'Ask for a refund (or a return and refund) of some units of one line',
      tags: ['shop-after-sales'],
      params: s.idParams,
      body: s.afterSaleBody,
      response: s.afterSaleView,
      successStatus: 201,
      rateLimit: aftersaleLimit,
      handler: ({ params, body, req }) => o.afterSales.request(shopperId(req), params.id, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/after-sales',
      access: access.shopper,
      summary: "The shopper's after-sales, newest first",
      tags: ['shop-after-sales'],
      query: s.afterSalesQuery,
      response: s.afterSaleView,
      paged: true,
      handler: ({ query, req }) =>
        o.queries.afterSalesForShopper(shopperId(req), {
          page: query.page,
          pageSize: query.pageSize,
          status: query.status ? [query.status] : undefined,
          orderId: query.orderId,
        }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/after-sales/:id',
      access: access.shopper,
      summary: 'One after-sale',
      tags: ['shop-after-sales'],
      params: s.idParams,
      response: s.afterSaleView,
      handler: ({ params, req }) => o.queries.afterSaleForShopper(shopperId(req), params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/shop/after-sales/:id/withdraw',
      access: access.shopper,
      summary: 'Withdraw an after-sale that is not being refunded yet',
      tags: ['shop-after-sales'],
      params: s.idParams,
      response: s.afterSaleView,
      rateLimit: aftersaleLimit,
      handler: ({ params, req }) => o.afterSales.withdraw(shopperId(req), params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/shop/after-sales/:id/return-parcel',
      access: access.shopper,
      summary: 'The parcel the shopper sent the goods back in',
      tags: ['shop-after-sales'],
      params: s.idParams,
      body: s.returnParcelBody,
      response: s.afterSaleView,
      rateLimit: aftersaleLimit,
      handler: ({ params, body, req }) => o.afterSales.submitReturn(shopperId(req), params.id, body),
    }),
    defineRoute({
      method: 'put',
      path: '/api/shop/orders/:id/invoice',
      access: access.shopper,
      summary: 'Ask for an invoice of a paid order (or correct the request until it is issued)',
      tags: ['shop-invoices'],
      params: s.idParams,
      body: s.invoiceBody,
      response: s.invoiceView,
      handler: ({ params, body, req }) => o.invoices.request(shopperId(req), params.id, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/orders/:id/invoice',
      access: access.shopper,
      summary: 'The invoice request of an order and its status',
      tags: ['shop-invoices'],
      params: s.idParams,
      response: s.invoiceView,
      handler: ({ params, req }) => o.invoices.getForShopper(shopperId(req), params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/orders/:id/invoice/file',
      access: access.shopper,
      summary: 'Download the issued invoice (PDF)',
      tags: ['shop-invoices'],
      params: s.idParams,
      raw: true,
      response: z.string().describe('application/pdf'),
      handler: async ({ params, req }) => {
        const file = await o.invoices.fileForShopper(shopperId(req), params.id);
        req.koa.type = 'application/pdf';
        req.koa.attachment(file.filename);
        req.koa.body = file.bytes;
      },
    }),
  ];
}
