import { z } from 'zod';
import { access } from '../../platform/http/access';
import { defineRoute, type RequestInfo } from '../../platform/http/route';
import * as s from './schemas';
import type { OrderServiceParts } from './service';

const meta = (req: RequestInfo) => ({ ip: req.ip, requestId: req.requestId });
const dates = (q: { from?: string; to?: string }) => ({
  from: q.from ? new Date(q.from) : undefined,
  to: q.to ? new Date(q.to) : undefined,
});

/** Roles per RULES §14: orders are read by every role; operators ship; money out is owner and finance. */
const READ = access.admin();
const FULFIL = access.admin('owner', 'operator');
const AFTERSALE = access.admin('owner', 'operator', 'service');
const REFUND = access.admin('owner', 'finance', 'service');
const INVOICE = access.admin('owner', 'finance');

export function adminRoutes(o: OrderServiceParts) {
  const tags = ['admin-orders'];
  return [
    // before /:id, so that `export` is not read as an id
    defineRoute({
      method: 'get',
      path: '/api/admin/orders/export',
      access: access.admin('owner', 'operator', 'finance'),
      summary: `Orders as CSV (UTF-8 with BOM, at most 50,000 rows), same filters as the list`,
      tags,
      query: s.exportQuery,
      raw: true,
      response: z.string().describe('text/csv'),
      handler: async ({ query, req }) => {
        const csv = await o.queries.exportCsv({
          ...query,
          ...dates(query),
          status: query.status ? [query.status] : undefined,
        });
        req.koa.type = 'text/csv; charset=utf-8';
        req.koa.attachment(`orders-${new Date().toISOString().slice(0, 10)}.csv`);
        req.koa.body = csv;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/orders',
      access: READ,
      summary: 'Orders, newest first, by status, kind, order number, shopper and creation time',
      tags,
      query: s.adminOrdersQuery,
      response: s.orderView,
      paged: true,
      handler: ({ query }) =>
        o.queries.listForAdmin({
          ...query,
          ...dates(query),
          status: query.status ? [query.status] : undefined,
        }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/orders/:id',
      access: READ,
      summary: 'One order with cost prices, packages, timeline, after-sales and the shipping-info upload',
      tags,
      params: s.idParams,
      response: s.orderDetail,
      handler: ({ params }) => o.queries.detailForAdmin(params.id),
    }),
    defineRoute({
      method: 'put',
      path: '/api/admin/orders/:id/remark',
      access: FULFIL,
      summary: "The merchant's remark on an order (not shown to the shopper)",
      tags,
      params: s.idParams,
      body: s.remarkBody,
      response: s.orderDetail,
      handler: ({ params, body, req }) =>
        o.queries.setRemark(req.principal!, params.id, body.remark, meta(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/orders/:id/cancel',
      access: FULFIL,
      summary: 'Cancel an unpaid order (its stock is returned)',
      tags,
      params: s.idParams,
      body: s.adminCancelBody,
      response: s.orderDetail,
      handler: async ({ params, body, req }) => {
        await o.lifecycle.cancel(params.id, 'merchant', req.principal!, {
          meta: meta(req),
          note: body.reason,
        });
        return o.queries.detailForAdmin(params.id);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/orders/:id/packages',
      access: FULFIL,
      summary:
        'Ship a package (carrier, tracking number, units per line); the order is shipped when every unit is ' +
        'in a package. At most 15 packages.',
      tags,
      params: s.idParams,
      body: s.packageBody,
      response: s.packageResult,
      successStatus: 201,
      handler: ({ params, body, req }) => o.shipping.addPackage(req.principal!, params.id, body, meta(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/orders/:id/shipping-upload/retry',
      access: FULFIL,
      summary: 'Queue the WeChat shipping-info upload of an order again',
      tags,
      params: s.idParams,
      response: s.uploadRetryResult,
      handler: ({ params, req }) => o.shipping.retryUpload(req.principal!, params.id, meta(req)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/after-sales',
      access: READ,
      summary: 'After-sales, newest first',
      tags: ['admin-after-sales'],
      query: s.afterSalesQuery,
      response: s.afterSaleView,
      paged: true,
      handler: ({ query }) =>
        o.queries.afterSalesForAdmin({
          page: query.page,
          pageSize: query.pageSize,
          status: query.status ? [query.status] : undefined,
          orderId: query.orderId,
        }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/after-sales/:id',
      access: READ,
      summary: 'One after-sale',
      tags: ['admin-after-sales'],
      params: s.idParams,
      response: s.afterSaleView,
      handler: ({ params }) => o.queries.afterSaleForAdmin(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/after-sales/:id/approve',
      access: AFTERSALE,
      summary: 'Approve (the service role up to the configured amount); a return waits for the goods next',
      tags: ['admin-after-sales'],
      params: s.idParams,
      response: s.afterSaleView,
      handler: ({ params, req }) => o.afterSales.approve(req.principal!, params.id, meta(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/after-sales/:id/reject',
      access: AFTERSALE,
      summary: 'Reject with a reason',
      tags: ['admin-after-sales'],
      params: s.idParams,
      body: s.rejectBody,
      response: s.afterSaleView,
      handler: ({ params, body, req }) =>
        o.afterSales.reject(req.principal!, params.id, body.reason, meta(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/after-sales/:id/receive',
      access: AFTERSALE,
      summary: 'The returned goods arrived (restock: back to stock, default yes)',
      tags: ['admin-after-sales'],
      params: s.idParams,
      body: s.receiveReturnBody,
      response: s.afterSaleView,
      handler: ({ params, body, req }) =>
        o.afterSales.receiveReturn(req.principal!, params.id, body, meta(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/after-sales/:id/refund',
      access: REFUND,
      summary:
        'Refund an approved (or returned) after-sale through the payment provider; asking again for one ' +
        'being refunded repeats the provider request',
      tags: ['admin-after-sales'],
      params: s.idParams,
      response: s.afterSaleView,
      handler: ({ params, req }) => o.afterSales.refund(req.principal!, params.id, meta(req)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/invoices',
      access: access.admin('owner', 'finance', 'operator'),
      summary: 'Invoice requests',
      tags: ['admin-invoices'],
      query: s.invoicesQuery,
      response: s.invoiceView,
      paged: true,
      handler: ({ query }) => o.invoices.list(query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/invoices/:id/issue',
      access: INVOICE,
      summary: 'Issue an invoice by uploading its PDF (base64); a new upload replaces the file',
      tags: ['admin-invoices'],
      params: s.idParams,
      body: s.issueInvoiceBody,
      response: s.invoiceView,
      handler: ({ params, body, req }) =>
        o.invoices.issue(
          req.principal!,
          params.id,
          Buffer.from(body.pdfBase64, 'base64'),
          body.invoiceNo ?? null,
          meta(req),
        ),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/invoices/:id/file',
      access: access.admin('owner', 'finance', 'operator'),
      summary: 'Download an issued invoice (PDF)',
      tags: ['admin-invoices'],
      params: s.idParams,
      raw: true,
      response: z.string().describe('application/pdf'),
      handler: async ({ params, req }) => {
        const file = await o.invoices.fileForAdmin(params.id);
        req.koa.type = 'application/pdf';
        req.koa.attachment(file.filename);
        req.koa.body = file.bytes;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/order-settings',
      access: READ,
      summary: 'Unpaid timeout, auto-receive, after-sales window, service approval limit',
      tags: ['admin-settings'],
      response: s.orderSettingsView,
      handler: () => o.settings.view(),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/admin/order-settings',
      access: access.admin('owner'),
      summary: 'Change the order rules (applies to orders placed, shipped or received from now on)',
      tags: ['admin-settings'],
      body: s.orderSettingsPatch,
      response: s.orderSettingsView,
      handler: async ({ body, req }) => {
        await o.settings.update(req.principal!, body, meta(req));
        return o.settings.view();
      },
    }),
  ];
}
