import { access } from '../../platform/http/access';
import { toAppError } from '../../platform/http/errors-middleware';
import { defineRoute, type RequestInfo, type RouteDef } from '../../platform/http/route';
import type { Logger } from '../../platform/logger';
import * as s from './schemas';
import type { DistributionInternals } from './service';

const meta = (req: RequestInfo) => ({ ip: req.ip, requestId: req.requestId });
const me = (req: RequestInfo) => req.principal!.id;

export const TRANSFER_NOTIFY_PATH = '/api/pay/notify/wechat-transfer';

/**
 * The distributor center (every route answers only the caller's own data: another shopper's withdrawal is
 * NOT_FOUND), the withdrawal flow with the mini-program's confirmation, and WeChat Pay's transfer callback.
 */
export function shopRoutes(
  d: DistributionInternals,
  opts: { sandboxConfirm: boolean; logger: Logger },
): RouteDef[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/shop/distribution',
      access: access.shopper,
      summary:
        'My distributor center: status (none, pending, active, frozen), how to apply, profile and level, my promoter, ' +
        'earnings by state with today and this month, team size, withdrawal rules',
      tags: ['shop-distribution'],
      response: s.center,
      handler: ({ req }) => d.queries.center(me(req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/shop/distribution/apply',
      access: access.shopper,
      summary:
        'Become a distributor: at once (everyone, or spend ≥ threshold) or an application for review. ' +
        'DISTRIBUTOR_EXISTS, DISTRIBUTION_APPLICATION_PENDING, DISTRIBUTION_SPEND_NOT_REACHED',
      tags: ['shop-distribution'],
      body: s.applyBody,
      response: s.applyResult,
      successStatus: 201,
      rateLimit: [{ name: 'distribution-apply', points: 10, durationSeconds: 60, by: 'principal' }],
      handler: ({ body, req }) => d.distributors.apply(me(req), body),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/shop/distribution/profile',
      access: access.shopper,
      summary: 'Change my distributor profile (real name, phone)',
      tags: ['shop-distribution'],
      body: s.profileBody,
      response: s.center,
      handler: async ({ body, req }) => {
        await d.distributors.updateProfile(me(req), body);
        return d.queries.center(me(req));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/distribution/commissions',
      access: access.shopper,
      summary: 'My commission entries (paid orders), newest first; by status, level or team member',
      tags: ['shop-distribution'],
      query: s.shopCommissionQuery,
      response: s.commission,
      paged: true,
      handler: ({ query, req }) => d.queries.commissions({ beneficiaryId: me(req) }, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/distribution/ledger',
      access: access.shopper,
      summary: 'My balance ledger (credits, clawbacks, withdrawals and returns), newest first',
      tags: ['shop-distribution'],
      query: s.shopLedgerQuery,
      response: s.ledgerEntry,
      paged: true,
      handler: ({ query, req }) => d.queries.ledgerPage({ distributorId: me(req) }, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/distribution/team',
      access: access.shopper,
      summary: 'My team at level 1 (bound to me) or 2, with their orders, sales and what I earn on them',
      tags: ['shop-distribution'],
      query: s.teamQuery,
      response: s.teamMember,
      paged: true,
      handler: ({ query, req }) => d.queries.team(me(req), { ...query, level: query.level === 2 ? 2 : 1 }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/distribution/withdrawals',
      access: access.shopper,
      summary: 'My withdrawals, newest first',
      tags: ['shop-distribution'],
      query: s.withdrawalQuery,
      response: s.withdrawal,
      paged: true,
      handler: ({ query, req }) => d.queries.withdrawals({ distributorId: me(req) }, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/shop/distribution/withdrawals',
      access: access.shopper,
      summary:
        'Withdraw from my balance to WeChat (商家转账). WITHDRAWAL_BELOW_MINIMUM, WITHDRAWAL_ABOVE_MAXIMUM, ' +
        'WITHDRAWAL_DAILY_LIMIT, WITHDRAWAL_INSUFFICIENT_BALANCE; when approved, poll it until awaitingConfirmation',
      tags: ['shop-distribution'],
      body: s.withdrawBody,
      response: s.withdrawal,
      successStatus: 201,
      rateLimit: [{ name: 'distribution-withdraw', points: 30, durationSeconds: 60, by: 'principal' }],
      handler: ({ body, req }) => d.withdrawals.request(me(req), body.amount, meta(req)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/distribution/withdrawals/:id',
      access: access.shopper,
      summary: 'One of my withdrawals',
      tags: ['shop-distribution'],
      params: s.idParams,
      response: s.withdrawal,
      handler: async ({ params, req }) => d.withdrawals.view(await d.withdrawals.own(me(req), params.id)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/shop/distribution/withdrawals/:id/transfer',
      access: access.shopper,
      summary:
        'What wx.requestMerchantTransfer takes ({ mchId, appId, package }) while the transfer waits for my ' +
        'confirmation; WITHDRAWAL_NOT_CONFIRMABLE otherwise',
      tags: ['shop-distribution'],
      params: s.idParams,
      response: s.transferParams,
      handler: ({ params, req }) => d.withdrawals.confirmParams(me(req), params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/shop/distribution/withdrawals/:id/sync',
      access: access.shopper,
      summary:
        'Ask WeChat Pay for the transfer now (after confirming in the mini-program) and answer the withdrawal',
      tags: ['shop-distribution'],
      params: s.idParams,
      response: s.withdrawal,
      rateLimit: [{ name: 'distribution-sync', points: 20, durationSeconds: 60, by: 'principal' }],
      handler: async ({ params, req }) => {
        await d.withdrawals.own(me(req), params.id);
        await d.withdrawals.sync(params.id);
        return d.withdrawals.view(await d.withdrawals.own(me(req), params.id));
      },
    }),
    ...(opts.sandboxConfirm
      ? [
          defineRoute({
            method: 'post',
            path: '/api/shop/distribution/withdrawals/:id/sandbox-confirm',
            access: access.shopper,
            summary:
              'Sandbox only (absent in production): confirm (or decline) my transfer as wx.requestMerchantTransfer would',
            tags: ['shop-distribution'],
            params: s.idParams,
            body: s.sandboxConfirmBody,
            response: s.withdrawal,
            handler: ({ params, body, req }) => d.sandboxConfirm(me(req), params.id, body.accept),
          }),
        ]
      : []),
    defineRoute({
      method: 'post',
      path: TRANSFER_NOTIFY_PATH,
      access: access.public,
      summary:
        'WeChat Pay transfer-bill notifications (MCHTRANSFER.BILL.FINISHED); signature checked, resource decrypted. ' +
        '204 when handled or a duplicate; 4xx/5xx with { code: "FAIL", message } otherwise (WeChat re-sends)',
      tags: ['payment-notify'],
      raw: true,
      successStatus: 204,
      handler: async ({ req }) => {
        const ctx = req.koa;
        const rawBody = (ctx.request as { rawBody?: string }).rawBody ?? '';
        try {
          await d.withdrawals.handleNotification(ctx.headers, rawBody);
          ctx.status = 204;
        } catch (e) {
          const err = toAppError(e);
          if (err.status >= 500)
            opts.logger.error({ err: e, requestId: req.requestId }, 'transfer notification failed');
          const message = err.code === 'INTERNAL' ? 'Internal error' : err.message;
          ctx.status = err.status;
          ctx.body = { code: 'FAIL', message, error: { code: err.code, message } };
        }
      },
    }),
  ];
}
