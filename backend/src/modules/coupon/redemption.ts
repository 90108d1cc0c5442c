import { QueryTypes } from 'sequelize';
import type { z } from 'zod';
import { AppError } from '../../platform/errors';
import { guardedUpdate, isUniqueViolation, withTransaction, type Tx } from '../../platform/db/tx';
import { sqlTime } from '../../platform/db/time';
import type { Principal } from '../../platform/http/access';
import { generateCode, formatCode, normalizeCode } from './codes';
import type { CouponContext, RequestMeta } from './context';
import { refusalError, type Issuer } from './issue';
import { CouponCode, CouponCodeBatch, CouponInstance } from './models';
import type * as s from './schemas';
import type { Templates } from './templates';
import { channelsOf } from './views';

type BatchView = z.infer<typeof s.batchView>;

/** Wrong codes a shopper may send in FAILURE_WINDOW_S before every redeem is refused until the window ends. */
export const MAX_CODE_FAILURES = 10;
const FAILURE_WINDOW_S = 15 * 60;
const INSERT_CHUNK = 500;

const batchView = (b: CouponCodeBatch): BatchView => ({
  id: Number(b.id),
  templateId: Number(b.templateId),
  name: b.name,
  quantity: Number(b.quantity),
  redeemedCount: Number(b.redeemedCount),
  createdAt: new Date(b.createdAt).toISOString(),
});

const CSV_BOM = '\uFEFF';
/** a cell a spreadsheet would run as a formula is prefixed with ' (names are merchant text) */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
const csvRow = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

/**
 * Redemption codes (兑换码): a batch of N random codes for a template; each code is redeemed once by a guarded
 * update (`status = 'redeemed' WHERE code = ? AND status = 'unused'`) in the same transaction as the issue
 * it pays for, so a refused issue (limit, sold out) leaves the code unused.
 */
export function createRedemption(ctx: CouponContext, issuer: Issuer, templates: Templates) {
  const { sequelize, audit, clock, risk, drivers } = ctx.platform;

  async function createBatch(
    actor: Principal,
    templateId: number,
    input: { quantity: number; name: string },
    meta: RequestMeta,
  ): Promise<BatchView> {
    return withTransaction(sequelize, async (tx) => {
      const t = await templates.find(templateId, tx);
      if (!channelsOf(t).includes('redemption_code')) {
        throw new AppError(
          'COUPON_NOT_CLAIMABLE',
          'The template does not allow the redemption_code channel',
          {
            templateId,
            reason: 'channel_not_allowed',
          },
        );
      }
      const now = clock.now();
      const batch = await CouponCodeBatch.create(
        {
          templateId,
          name: input.name || `${t.name} ${now.toISOString().slice(0, 10)}`,
          quantity: input.quantity,
          createdBy: actor.id,
          createdAt: now,
          updatedAt: now,
        },
        { transaction: tx },
      );
      let made = 0;
      while (made < input.quantity) {
        const n = Math.min(INSERT_CHUNK, input.quantity - made);
        const rows = Array.from({ length: n }, () => ({
          batchId: Number(batch.id),
          templateId,
          code: generateCode(),
          status: 'unused' as const,
          createdAt: now,
        }));
        try {
          await CouponCode.bulkCreate(rows, { transaction: tx });
          made += n;
        } catch (e) {
          // 60 random bits: a collision is all but impossible, and the unique index still refuses it; draw again
          if (!isUniqueViolation(e)) throw e;
        }
      }
      const view = batchView(batch);
      await audit.record(
        {
          actor,
          action: 'coupon_template.codes.create',
          subjectType: 'coupon_template',
          subjectId: templateId,
          after: view,
          ...meta,
        },
        tx,
      );
      return view;
    });
  }

  async function listBatches(templateId: number): Promise<BatchView[]> {
    await templates.find(templateId);
    const rows = await CouponCodeBatch.findAll({ where: { templateId }, order: [['id', 'DESC']] });
    return rows.map(batchView);
  }

  /** The batch as CSV (UTF-8 with BOM for Excel): code (grouped), status, redeemed at, shopper. Audited. */
  async function exportCsv(actor: Principal, batchId: number, meta: RequestMeta) {
    const batch = await CouponCodeBatch.findByPk(batchId);
    if (!batch) throw new AppError('NOT_FOUND', 'Code batch not found');
    const codes = await CouponCode.findAll({ where: { batchId }, order: [['id', 'ASC']] });
    let csv = CSV_BOM + csvRow(['兑换码', '状态', '兑换时间', '顾客ID']);
    for (const c of codes) {
      csv += csvRow([
        formatCode(c.code),
        c.status === 'redeemed' ? '已兑换' : '未兑换',
        c.redeemedAt ? new Date(c.redeemedAt).toISOString() : '',
        c.shopperId === null ? '' : Number(c.shopperId),
      ]);
    }
    await audit.record({
      actor,
      action: 'coupon_template.codes.export',
      subjectType: 'coupon_code_batch',
      subjectId: batchId,
      after: { codes: codes.length },
      ...meta,
    });
    return { csv, filename: `coupon-codes-${batchId}.csv` };
  }

  const failureKey = (shopperId: number) => `coupon:code-failures:${shopperId}`;

  async function refuseInvalid(shopperId: number): Promise<never> {
    await drivers.cache.incr(failureKey(shopperId), 1, FAILURE_WINDOW_S);
    throw new AppError('COUPON_CODE_INVALID', 'The code is not valid or was used already');
  }

  /**
   * A shopper redeems a code. Wrong and used codes answer COUPON_CODE_INVALID and count against the shopper:
   * after MAX_CODE_FAILURES of them in 15 minutes every redeem is RATE_LIMITED until the window ends (on top
   * of the route's own per-shopper and per-IP limits), so codes cannot be guessed by trying.
   */
  async function redeem(shopperId: number, input: string, meta: RequestMeta): Promise<CouponInstance> {
    const failures = Number((await drivers.cache.get<number>(failureKey(shopperId))) ?? 0);
    if (failures >= MAX_CODE_FAILURES) {
      throw new AppError('RATE_LIMITED', 'Too many wrong codes, try again later', {
        retryAfterMs: FAILURE_WINDOW_S * 1000,
      });
    }
    const code = normalizeCode(input);
    if (!code) return refuseInvalid(shopperId);
    const verdict = await risk.check('claim', { shopperId, ip: meta.ip, channel: 'redemption_code' });
    if (verdict.decision !== 'allow') {
      throw new AppError('RISK_REFUSED', 'The claim needs a review', { rule: verdict.rule });
    }
    const outcome = await withTransaction(sequelize, async (tx: Tx) => {
      const now = clock.now();
      const taken = await guardedUpdate(
        sequelize,
        `UPDATE coupon_codes SET status = 'redeemed', shopper_id = :shopperId, redeemed_at = :now
          WHERE code = :code AND status = 'unused'`,
        { code, shopperId, now: sqlTime(sequelize, now) },
        tx,
      );
      if (taken !== 1) return { invalid: true as const };
      const [row] = await sequelize.query<{ id: number; template_id: number; batch_id: number }>(
        'SELECT id, template_id, batch_id FROM coupon_codes WHERE code = :code',
        { replacements: { code }, type: QueryTypes.SELECT, transaction: tx },
      );
      const r = await issuer.tryIssue(
        tx,
        {
          templateId: Number(row.template_id),
          shopperId,
          channel: 'redemption_code',
          codeId: Number(row.id),
        },
        now,
      );
      // the whole transaction rolls back: the code stays unused for a shopper who may still take it
      if (!r.ok) throw refusalError(r, Number(row.template_id));
      await guardedUpdate(
        sequelize,
        'UPDATE coupon_codes SET instance_id = :instanceId WHERE id = :id',
        { id: Number(row.id), instanceId: Number(r.instance.id) },
        tx,
      );
      await guardedUpdate(
        sequelize,
        'UPDATE coupon_code_batches SET redeemed_count = redeemed_count + 1, updated_at = :now WHERE id = :id',
        { id: Number(row.batch_id), now: sqlTime(sequelize, now) },
        tx,
      );
      return { invalid: false as const, instance: r.instance };
    });
    if (outcome.invalid) return refuseInvalid(shopperId);
    return outcome.instance;
  }

  return { createBatch, listBatches, exportCsv, redeem };
}
export type Redemption = ReturnType<typeof createRedemption>;
