import { access } from '../../platform/http/access';
import { defineRoute, type RequestInfo, type RouteDef } from '../../platform/http/route';
import { toAppError } from '../../platform/http/errors-middleware';
import type { Logger } from '../../platform/logger';
import type { PaymentInternals } from './service';
import * as s from './schemas';

const meta = (req: RequestInfo) => ({ ip: req.ip, requestId: req.requestId });

export const NOTIFY_PATH = '/api/pay/notify/wechatpay';

export function paymentRoutes(
  p: PaymentInternals,
  opts: { sandboxConfirm: boolean; logger: Logger },
): RouteDef[] {
  return [
    defineRoute({
      method: 'post',
      path: NOTIFY_PATH,
      access: access.public,
      summary:
        'WeChat Pay v3 notifications (payment and refund, by event_type); signature checked, resource decrypted. ' +
        '204 when handled or a duplicate; 4xx/5xx with { code: "FAIL", message } otherwise (WeChat re-sends)',
      tags: ['payment-notify'],
      raw: true,
      successStatus: 204,
      handler: async ({ req }) => {
        const ctx = req.koa;
        const rawBody = (ctx.request as { rawBody?: string }).rawBody ?? '';
        try {
          await p.handleNotification(ctx.headers, rawBody);
          ctx.status = 204;
        } catch (e) {
          const err = toAppError(e);
          if (err.status >= 500)
            opts.logger.error({ err: e, requestId: req.requestId }, 'payment notification failed');
          const message = err.code === 'INTERNAL' ? 'Internal error' : err.message;
          ctx.status = err.status;
          ctx.body = { code: 'FAIL', message, error: { code: err.code, message } };
        }
      },
    }),
    ...(opts.sandboxConfirm
      ? [
          defineRoute({
            method: 'post',
            path: '/api/shop/pay/sandbox/:paymentId/confirm',
            access: access.shopper,
            summary:
              'Sandbox only (absent in production): pay a sandbox payment as its payer; the signed v3 notification ' +
              'goes through the same notification handler',
            tags: ['shop-pay'],
            params: s.sandboxConfirmParams,
            response: s.sandboxConfirmResult,
            rateLimit: [{ name: 'sandbox-pay', points: 30, durationSeconds: 60, by: 'principal' }],
            handler: ({ params, req }) => p.confirmSandbox(req.principal!.id, params.paymentId),
          }),
        ]
      : []),
    defineRoute({
      method: 'get',
      path: '/api/admin/reconciliation',
      access: access.admin('owner', 'finance'),
      summary: 'Reconciliation runs of one bill day (Beijing time) with every difference found',
      tags: ['reconciliation'],
      query: s.reconciliationQuery,
      response: s.reconciliationList,
      handler: ({ query }) => p.reconciliation.list(query.date),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/reconciliation/runs',
      access: access.admin('owner', 'finance'),
      summary:
        "Reconcile one day against the provider's trade bill now (a failed fetch is kept as a failed run)",
      tags: ['reconciliation'],
      body: s.reconciliationRunBody,
      response: s.reconciliationRun,
      successStatus: 201,
      rateLimit: [{ name: 'reconciliation-run', points: 10, durationSeconds: 60, by: 'principal' }],
      handler: ({ body, req }) => p.reconciliation.runNow(body.date, req.principal!, meta(req)),
    }),
  ];
}
