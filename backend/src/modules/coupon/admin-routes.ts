import { z } from 'zod';
import { access } from '../../platform/http/access';
import { defineRoute, type RequestInfo } from '../../platform/http/route';
import * as s from './schemas';
import type { CouponServiceParts } from './service';

const meta = (req: RequestInfo) => ({ ip: req.ip, requestId: req.requestId });

/**
 * RULES §14: owners and operators run campaigns (write); every merchant role may read templates; finance
 * reads the stats too. Code CSVs hold redeemable codes: owners and operators only.
 */
const WRITE = access.admin('owner', 'operator');
const READ = access.admin();
const STATS = access.admin('owner', 'operator', 'finance');

export function adminRoutes(c: CouponServiceParts) {
  const tags = ['admin-coupons'];
  const { templates, redemption } = c;
  return [
    defineRoute({
      method: 'get',
      path: '/api/admin/coupon-templates',
      access: READ,
      summary: 'Coupon templates, newest first, by status, kind, channel and name',
      tags,
      query: s.templatesQuery,
      response: s.templateView,
      paged: true,
      handler: ({ query }) => templates.list(query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/coupon-templates/:id',
      access: READ,
      summary: 'A coupon template',
      tags,
      params: s.idParams,
      response: s.templateView,
      handler: ({ params }) => templates.get(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/coupon-templates',
      access: WRITE,
      summary:
        'Create a coupon template (money in fen, percent_off as 千分比 of the price kept, usable windows in shop ' +
        'time)',
      tags,
      body: s.templateBody,
      response: s.templateView,
      successStatus: 201,
      handler: ({ body, req }) => templates.create(req.principal!, body, meta(req)),
    }),
    defineRoute({
      method: 'put',
      path: '/api/admin/coupon-templates/:id',
      access: WRITE,
      summary:
        'Replace a coupon template. Once coupons were issued its terms (kind, amounts, scope, validity, ' +
        'windows, stacking) are fixed (CONFLICT); the total cannot go below what was issued',
      tags,
      params: s.idParams,
      body: s.templateBody,
      response: s.templateView,
      handler: ({ params, body, req }) => templates.update(req.principal!, params.id, body, meta(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/coupon-templates/:id/status',
      access: WRITE,
      summary: 'Enable or disable a coupon template (coupons already issued stay usable)',
      tags,
      params: s.idParams,
      body: s.statusBody,
      response: s.templateView,
      handler: ({ params, body, req }) =>
        templates.setStatus(req.principal!, params.id, body.status, meta(req)),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/admin/coupon-templates/:id',
      access: WRITE,
      summary: 'Delete a template nothing was issued from and no code was made for (otherwise disable it)',
      tags,
      params: s.idParams,
      successStatus: 204,
      handler: ({ params, req }) => templates.remove(req.principal!, params.id, meta(req)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/coupon-templates/:id/stats',
      access: STATS,
      summary: 'Issued, unused, locked, used, expired, discount given, orders, issues per channel, codes',
      tags,
      params: s.idParams,
      response: s.templateStats,
      handler: ({ params }) => templates.stats(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/coupon-templates/:id/grants',
      access: WRITE,
      summary:
        'Grant one coupon to each listed shopper (channel merchant_grant; per-user limit and quantity apply, ' +
        'the outcome is per shopper). The same idempotencyKey again issues nothing new',
      tags,
      params: s.idParams,
      body: s.grantBody,
      response: s.grantResult,
      handler: ({ params, body, req }) => templates.grant(req.principal!, params.id, body, meta(req)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/coupon-templates/:id/code-batches',
      access: READ,
      summary: 'Redemption code batches of a template, newest first',
      tags,
      params: s.idParams,
      response: z.array(s.batchView),
      handler: ({ params }) => redemption.listBatches(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/coupon-templates/:id/code-batches',
      access: WRITE,
      summary: 'Generate a batch of random redemption codes (the template must allow redemption_code)',
      tags,
      params: s.idParams,
      body: s.batchBody,
      response: s.batchView,
      successStatus: 201,
      handler: ({ params, body, req }) => redemption.createBatch(req.principal!, params.id, body, meta(req)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/coupon-code-batches/:id/codes.csv',
      access: WRITE,
      summary: 'The codes of a batch as CSV (UTF-8 with BOM): code, status, redeemed at, shopper; audited',
      tags,
      params: s.idParams,
      raw: true,
      response: z.string().describe('text/csv'),
      handler: async ({ params, req }) => {
        const { csv, filename } = await redemption.exportCsv(req.principal!, params.id, meta(req));
        req.koa.type = 'text/csv; charset=utf-8';
        req.koa.attachment(filename);
        req.koa.body = csv;
      },
    }),
  ];
}
