import { access } from '../../platform/http/access';
import { defineRoute, type RateLimitRule, type RequestInfo } from '../../platform/http/route';
import * as s from './schemas';
import type { CouponServiceParts } from './service';

const shopperId = (req: RequestInfo) => req.principal!.id;
const meta = (req: RequestInfo) => ({ ip: req.ip, requestId: req.requestId });

const claimLimit: RateLimitRule[] = [
  { name: 'coupon-claim', points: 30, durationSeconds: 60, by: 'principal' },
  { name: 'coupon-claim-ip', points: 120, durationSeconds: 60, by: 'ip' },
];
const redeemLimit: RateLimitRule[] = [
  { name: 'coupon-redeem', points: 20, durationSeconds: 60, by: 'principal' },
  { name: 'coupon-redeem-ip', points: 60, durationSeconds: 60, by: 'ip' },
];

export function shopRoutes(c: CouponServiceParts) {
  const tags = ['shop-coupons'];
  return [
    defineRoute({
      method: 'get',
      path: '/api/shop/coupon-center',
      access: access.public,
      summary:
        'The claim center (领券中心): coupons open for claiming, newest first, with how many the caller holds ' +
        '(0 without a login) and their state (available, claimed_max, sold_out)',
      tags,
      query: s.centerQuery,
      response: s.centerItem,
      paged: true,
      handler: ({ query, req }) =>
        c.queries.center(req.principal?.kind === 'shopper' ? req.principal.id : undefined, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/shop/coupon-center/:id/claim',
      access: access.shopper,
      summary:
        'Claim one coupon of a template from the claim center: COUPON_SOLD_OUT, COUPON_LIMIT (per-user limit), ' +
        'COUPON_NOT_CLAIMABLE (disabled, not in the claim center, outside its claim window or validity)',
      tags,
      params: s.idParams,
      response: s.myCoupon,
      successStatus: 201,
      rateLimit: claimLimit,
      handler: async ({ params, req }) => c.queries.view(await c.claim(shopperId(req), params.id, meta(req))),
    }),
    defineRoute({
      method: 'post',
      path: '/api/shop/coupons/redeem',
      access: access.shopper,
      summary:
        'Redeem a code (兑换码) for a coupon; case, spaces and dashes do not matter. A wrong or used code is ' +
        'COUPON_CODE_INVALID; after 10 of those in 15 minutes, RATE_LIMITED',
      tags,
      body: s.redeemBody,
      response: s.myCoupon,
      successStatus: 201,
      rateLimit: redeemLimit,
      handler: async ({ body, req }) =>
        c.queries.view(await c.redemption.redeem(shopperId(req), body.code, meta(req))),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/coupons',
      access: access.shopper,
      summary:
        'My coupons by tab: unused (with the ones an unpaid order holds, status locked), used, expired; soonest ' +
        'end first for unused',
      tags,
      query: s.myCouponsQuery,
      response: s.myCoupon,
      paged: true,
      handler: ({ query, req }) => c.queries.mine(shopperId(req), query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/coupons/summary',
      access: access.shopper,
      summary: 'How many coupons are in each tab of my coupons',
      tags,
      response: s.mySummary,
      handler: ({ req }) => c.queries.summary(shopperId(req)),
    }),
  ];
}
