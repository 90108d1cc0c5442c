import { AppError } from '../../platform/errors';
import { guardedUpdate, isUniqueViolation, withTransaction, type Tx } from '../../platform/db/tx';
import { sqlTime } from '../../platform/db/time';
import type { CouponContext } from './context';
import { CouponInstance, CouponTemplate, type Channel } from './models';
import { relativeValidity } from './validity';
import { channelsOf } from './views';

export interface IssueInput {
  templateId: number;
  shopperId: number;
  channel: Channel;
  /** a retried caller (a job, a grant sent twice) gets the instance it got the first time, not another one */
  idempotencyKey?: string;
  /** the redemption code this issue redeems */
  codeId?: number;
}

export type IssueRefusal = 'NOT_FOUND' | 'COUPON_NOT_CLAIMABLE' | 'COUPON_SOLD_OUT' | 'COUPON_LIMIT';

export type IssueOutcome =
  | { ok: true; instance: CouponInstance; replayed: boolean }
  | { ok: false; code: IssueRefusal; reason: string };

/**
 * Why a template cannot be issued through `channel` now, or null. The claim window (claimStartsAt …
 * claimEndsAt) is the claim center's; the other channels are bound only by status, channels and validity.
 */
export function notIssuable(t: CouponTemplate, channel: Channel, now: Date): string | null {
  if (t.status !== 'enabled') return 'disabled';
  if (!channelsOf(t).includes(channel)) return 'channel_not_allowed';
  if (t.validityType === 'absolute' && t.validTo && new Date(t.validTo).getTime() <= now.getTime())
    return 'validity_over';
  if (channel === 'claim_center') {
    if (t.claimStartsAt && new Date(t.claimStartsAt).getTime() > now.getTime()) return 'claim_not_started';
    if (t.claimEndsAt && new Date(t.claimEndsAt).getTime() <= now.getTime()) return 'claim_ended';
  }
  return null;
}

const MESSAGES: Record<IssueRefusal, string> = {
  NOT_FOUND: 'Coupon not found',
  COUPON_NOT_CLAIMABLE: 'This coupon cannot be issued through this channel now',
  COUPON_SOLD_OUT: 'All coupons of this kind have been claimed',
  COUPON_LIMIT: 'The per-user limit of this coupon is reached',
};

export function refusalError(r: Extract<IssueOutcome, { ok: false }>, templateId: number): AppError {
  return new AppError(r.code, MESSAGES[r.code], { templateId, reason: r.reason });
}

/**
 * The one way an instance comes to exist, for every channel (RULES §3):
 *
 * 1. `remaining = remaining - 1, issued_count = issued_count + 1 WHERE id = ? AND status = 'enabled' AND
 *    (remaining IS NULL OR remaining > 0)` — 0 rows is sold out. The row lock it takes also queues the other
 *    issues of this template until this transaction ends.
 * 2. The per-user limit: the instance is inserted with seq = the shopper's next claim number; the unique key
 *    (shopper_id, template_id, seq) refuses a seq that a concurrent claim took, and the next one is tried, up
 *    to perUserLimit. None left → COUPON_LIMIT.
 * 3. Any refusal after step 1 gives the unit back in the same transaction (so a grant can go on with the next
 *    shopper); a caller that throws rolls it back anyway.
 */
export function createIssuer(ctx: CouponContext) {
  const { sequelize, clock, config } = ctx.platform;

  async function giveBack(tx: Tx, templateId: number, now: Date) {
    await guardedUpdate(
      sequelize,
      `UPDATE coupon_templates
          SET remaining = CASE WHEN remaining IS NULL THEN NULL ELSE remaining + 1 END,
              issued_count = issued_count - 1, updated_at = :now
        WHERE id = :id`,
      { id: templateId, now: sqlTime(sequelize, now) },
      tx,
    );
  }

  const byKey = (tx: Tx, input: IssueInput) =>
    input.idempotencyKey
      ? CouponInstance.findOne({
          where: {
            shopperId: input.shopperId,
            templateId: input.templateId,
            idempotencyKey: input.idempotencyKey,
          },
          transaction: tx,
        })
      : Promise.resolve(null);

  async function tryIssue(tx: Tx, input: IssueInput, now: Date = clock.now()): Promise<IssueOutcome> {
    const refuse = (code: IssueRefusal, reason: string): IssueOutcome => ({ ok: false, code, reason });
    const template = await CouponTemplate.findByPk(input.templateId, { transaction: tx });
    if (!template) return refuse('NOT_FOUND', 'no_template');
    const replay = await byKey(tx, input);
    if (replay) return { ok: true, instance: replay, replayed: true };
    const why = notIssuable(template, input.channel, now);
    if (why) return refuse('COUPON_NOT_CLAIMABLE', why);
    const limit = Number(template.perUserLimit);
    // cheap early answer; the unique key below is what actually holds the limit
    const heldBefore = await CouponInstance.count({
      where: { shopperId: input.shopperId, templateId: input.templateId },
      transaction: tx,
    });
    if (heldBefore >= limit) return refuse('COUPON_LIMIT', 'limit_reached');

    const took = await guardedUpdate(
      sequelize,
      `UPDATE coupon_templates
          SET remaining = CASE WHEN remaining IS NULL THEN NULL ELSE remaining - 1 END,
              issued_count = issued_count + 1, updated_at = :now
        WHERE id = :id AND status = 'enabled' AND (remaining IS NULL OR remaining > 0)`,
      { id: input.templateId, now: sqlTime(sequelize, now) },
      tx,
    );
    if (took !== 1) {
      // disabled between our read and the update, or the last copy went
      await template.reload({ transaction: tx });
      return template.status === 'enabled'
        ? refuse('COUPON_SOLD_OUT', 'sold_out')
        : refuse('COUPON_NOT_CLAIMABLE', 'disabled');
    }

    // we hold the template's row lock: a concurrent retry with the same key has committed by now
    const raced = await byKey(tx, input);
    if (raced) {
      await giveBack(tx, input.templateId, now);
      return { ok: true, instance: raced, replayed: true };
    }
    const validity =
      template.validityType === 'absolute'
        ? { from: new Date(template.validFrom!), to: new Date(template.validTo!) }
        : relativeValidity(now, Number(template.validDays), config.shopTimezone);
    const held = await CouponInstance.count({
      where: { shopperId: input.shopperId, templateId: input.templateId },
      transaction: tx,
    });
    for (let seq = held + 1; seq <= limit; seq++) {
      try {
        const instance = await CouponInstance.create(
          {
            templateId: input.templateId,
            shopperId: input.shopperId,
            seq,
            channel: input.channel,
            status: 'unused',
            validFrom: validity.from,
            validTo: validity.to,
            idempotencyKey: input.idempotencyKey ?? null,
            codeId: input.codeId ?? null,
            createdAt: now,
            updatedAt: now,
          },
          { transaction: tx },
        );
        return { ok: true, instance, replayed: false };
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        const again = await byKey(tx, input);
        if (again) {
          await giveBack(tx, input.templateId, now);
          return { ok: true, instance: again, replayed: true };
        }
        // that seq was taken by a concurrent claim of the same shopper: try the next one
      }
    }
    await giveBack(tx, input.templateId, now);
    return refuse('COUPON_LIMIT', 'limit_reached');
  }

  /**
   * Issues one instance or throws the refusal (NOT_FOUND, COUPON_NOT_CLAIMABLE, COUPON_SOLD_OUT,
   * COUPON_LIMIT). In the caller's transaction when given one (a job's `ctx.once`, a module's own write),
   * otherwise in its own.
   */
  async function issue(tx: Tx | undefined, input: IssueInput): Promise<CouponInstance> {
    const run = async (t: Tx) => {
      const r = await tryIssue(t, input);
      if (!r.ok) throw refusalError(r, input.templateId);
      return r.instance;
    };
    return tx ? run(tx) : withTransaction(sequelize, run);
  }

  return { tryIssue, issue };
}
export type Issuer = ReturnType<typeof createIssuer>;
