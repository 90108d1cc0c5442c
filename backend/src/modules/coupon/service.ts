import type { Platform } from '../../platform';
import { AppError } from '../../platform/errors';
import { guardedUpdate, type Tx } from '../../platform/db/tx';
import { sqlTime } from '../../platform/db/time';
import type { CouponSource } from '../marketing/ports';
import type { CouponContext, RequestMeta } from './context';
import { createIssuer, type IssueInput } from './issue';
import { CouponInstance, initCouponModels } from './models';
import type { AccountsPort } from './ports';
import { createQueries } from './queries';
import { createRedemption } from './redemption';
import { createTemplates } from './templates';
import { createUsage } from './usage';

/**
 * The coupon services. `service` is what other modules call: it implements marketing's CouponSource
 * (offers, lock) and adds `issue` / `tryIssue`, the one issue path of every channel (a job's system issue with
 * an idempotency key, a new-user pack…). `parts` are for this module's routes, handlers and jobs.
 */
export function createCouponService(platform: Platform, deps: { accounts: AccountsPort }) {
  initCouponModels(platform.sequelize);
  const ctx: CouponContext = { platform, accounts: deps.accounts };
  const { sequelize, clock, risk } = platform;
  const issuer = createIssuer(ctx);
  const usage = createUsage(ctx);
  const templates = createTemplates(ctx, issuer);
  const redemption = createRedemption(ctx, issuer, templates);
  const queries = createQueries(ctx);

  /** Claim center: risk check, then the issue (channel claim_center). A held verdict is a refusal here. */
  async function claim(shopperId: number, templateId: number, meta: RequestMeta) {
    const verdict = await risk.check('claim', {
      shopperId,
      ip: meta.ip,
      templateId,
      channel: 'claim_center',
    });
    if (verdict.decision !== 'allow') {
      throw new AppError('RISK_REFUSED', 'The claim needs a review', { rule: verdict.rule });
    }
    return issuer.issue(undefined, { templateId, shopperId, channel: 'claim_center' });
  }

  /** A deleted shopper's unused coupons can never be used: they expire with the account. */
  async function onShopperDeleted(tx: Tx, shopperId: number) {
    const now = sqlTime(sequelize, clock.now());
    await guardedUpdate(
      sequelize,
      `UPDATE coupon_instances SET status = 'expired', expired_at = :now, updated_at = :now
        WHERE shopper_id = :shopperId AND status = 'unused'`,
      { shopperId, now },
      tx,
    );
  }

  const source: CouponSource = { offers: queries.offers, lock: usage.lock };
  const service = {
    ...source,
    /** throws NOT_FOUND, COUPON_NOT_CLAIMABLE, COUPON_SOLD_OUT or COUPON_LIMIT */
    issue: (tx: Tx | undefined, input: IssueInput): Promise<CouponInstance> => issuer.issue(tx, input),
    /** the same without throwing: `{ ok: false, code }` on refusal (the unit is given back in `tx`) */
    tryIssue: (tx: Tx, input: IssueInput) => issuer.tryIssue(tx, input),
  };

  return {
    service,
    parts: { templates, redemption, queries, usage, claim },
    register() {
      deps.accounts.registerExporter?.('coupons', queries.exportForShopper);
      deps.accounts.registerDeletionHook?.('coupons', onShopperDeleted);
    },
  };
}
export type CouponServiceParts = ReturnType<typeof createCouponService>['parts'];
export type CouponService = ReturnType<typeof createCouponService>['service'];
