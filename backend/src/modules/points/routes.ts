import { access } from '../../platform/http/access';
import { defineRoute, type RequestInfo } from '../../platform/http/route';
import * as s from './schemas';
import type { PointsServiceInternal } from './service';

const meta = (req: RequestInfo) => ({ ip: req.ip, requestId: req.requestId });

/**
 * Settings: owner and operator (points are a marketing tool). Ledgers: every merchant role may read them.
 * Manual adjustments credit or take value (100 points = ¥1 by default): owner and finance (RULES §14: the
 * operator moves no money).
 */
const SETTINGS = access.admin('owner', 'operator');
const READ = access.admin();
const ADJUST = access.admin('owner', 'finance');

export function pointsRoutes(points: PointsServiceInternal) {
  return [
    // ── shop ──
    defineRoute({
      method: 'get',
      path: '/api/shop/points',
      access: access.shopper,
      summary: 'My points balance and the shop rules for spending and earning them',
      tags: ['shop-points'],
      response: s.shopPoints,
      handler: ({ req }) => points.shopView(req.principal!.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/points/ledger',
      access: access.shopper,
      summary: 'My points ledger, newest first',
      tags: ['shop-points'],
      query: s.shopLedgerQuery,
      response: s.ledgerEntry,
      paged: true,
      handler: ({ query, req }) => points.shopperLedger(req.principal!.id, query),
    }),

    // ── admin ──
    defineRoute({
      method: 'get',
      path: '/api/admin/points/settings',
      access: SETTINGS,
      summary: 'Points rules: on/off, points per ¥1, cap per order, minimum, earning rate',
      tags: ['points'],
      response: s.pointsSettings,
      handler: () => points.settingsService.get(),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/admin/points/settings',
      access: SETTINGS,
      summary: 'Change the points rules (prices and orders from now on)',
      tags: ['points'],
      body: s.pointsSettingsPatch,
      response: s.pointsSettings,
      handler: ({ body, req }) => points.settingsService.update(req.principal!, body, meta(req)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/points/ledger',
      access: READ,
      summary: 'Points ledger of every shopper, newest first; by shopper, reason or order',
      tags: ['points'],
      query: s.adminLedgerQuery,
      response: s.adminLedgerEntry,
      paged: true,
      handler: ({ query }) => points.adminLedger(query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/points/shoppers/:id',
      access: READ,
      summary: "A shopper's points balance and totals",
      tags: ['points'],
      params: s.idParams,
      response: s.shopperPoints,
      handler: ({ params }) => points.shopperSummary(params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/points/shoppers/:id/adjustments',
      access: ADJUST,
      summary: 'Credit or debit points by hand with a reason (audited; never below 0)',
      tags: ['points'],
      params: s.idParams,
      body: s.adjustBody,
      response: s.adminLedgerEntry,
      successStatus: 201,
      handler: ({ params, body, req }) => points.adjust(req.principal!, params.id, body, meta(req)),
    }),
  ];
}
