import { isUniqueViolation, withTransaction } from '../../platform/db/tx';
import { AppError } from '../../platform/errors';
import type { Principal } from '../../platform/http/access';
import { num, type DistributionContext } from './context';
import { ProductRate, type RateMode } from './models';
import { BPS } from './rules';

export interface RequestMeta {
  ip: string;
  requestId?: string;
}

export interface LevelRate {
  mode: RateMode;
  /** ratio: 万分比 (0–10000); fixed: fen per unit; none: 0 */
  value: number;
}

export const rateView = (r: ProductRate) => ({
  id: num(r.id),
  productId: num(r.productId),
  skuId: num(r.skuId) === 0 ? null : num(r.skuId),
  level1: { mode: r.level1Mode, value: num(r.level1Value) },
  level2: { mode: r.level2Mode, value: num(r.level2Value) },
});

/** Per product and per SKU commission rates (ratio, fixed per unit, or none), overriding the shop and levels. */
export function createRates(ctx: DistributionContext) {
  const { sequelize, audit } = ctx.platform;

  function check(level: LevelRate, name: string) {
    if (level.mode === 'ratio' && level.value > BPS) {
      throw new AppError('VALIDATION_FAILED', 'A ratio is at most 10000 (100%)', [
        { path: `${name}.value`, message: 'at most 10000', code: 'too_big' },
      ]);
    }
  }

  async function list(productId?: number) {
    const rows = await ProductRate.findAll({
      where: productId ? { productId } : {},
      order: [
        ['productId', 'ASC'],
        ['skuId', 'ASC'],
      ],
      limit: 1000,
    });
    return rows.map(rateView);
  }

  async function save(
    actor: Principal,
    input: { productId: number; skuId: number | null; level1: LevelRate; level2: LevelRate },
    meta: RequestMeta,
  ) {
    check(input.level1, 'level1');
    check(input.level2, 'level2');
    const product = await ctx.catalog.getAdminProduct(input.productId);
    if (input.skuId !== null && !product.skus.some((s) => num(s.id) === input.skuId)) {
      throw new AppError('NOT_FOUND', 'SKU not found on this product', { skuId: input.skuId });
    }
    const skuId = input.skuId ?? 0;
    const values = {
      level1Mode: input.level1.mode,
      level1Value: input.level1.mode === 'none' ? 0 : input.level1.value,
      level2Mode: input.level2.mode,
      level2Value: input.level2.mode === 'none' ? 0 : input.level2.value,
      updatedBy: actor.id,
    };
    for (let attempt = 0; ; attempt++) {
      try {
        return await withTransaction(sequelize, async (tx) => {
          const before = await ProductRate.findOne({
            where: { productId: input.productId, skuId },
            transaction: tx,
          });
          const was = before ? rateView(before) : null;
          const row = before
            ? await before.update(values, { transaction: tx })
            : await ProductRate.create({ productId: input.productId, skuId, ...values }, { transaction: tx });
          await audit.record(
            {
              actor,
              action: 'distribution_rate.save',
              subjectType: 'product',
              subjectId: input.productId,
              before: was,
              after: rateView(row),
              ...meta,
            },
            tx,
          );
          return rateView(row);
        });
      } catch (e) {
        if (!isUniqueViolation(e) || attempt > 1) throw e;
      }
    }
  }

  async function remove(actor: Principal, id: number, meta: RequestMeta) {
    await withTransaction(sequelize, async (tx) => {
      const row = await ProductRate.findByPk(id, { transaction: tx });
      if (!row) throw new AppError('NOT_FOUND', 'Rate not found');
      await row.destroy({ transaction: tx });
      await audit.record(
        {
          actor,
          action: 'distribution_rate.delete',
          subjectType: 'product',
          subjectId: num(row.productId),
          before: rateView(row),
          ...meta,
        },
        tx,
      );
    });
  }

  return { list, save, remove };
}

export type Rates = ReturnType<typeof createRates>;
