import { Op, QueryTypes, type WhereOptions } from 'sequelize';
import type { z } from 'zod';
import { sqlTime } from '../../platform/db/time';
import type { Paged } from '../../platform/http/route';
import type { CouponOffer } from '../marketing/engine/types';
import { channelLike, type CouponContext } from './context';
import { CouponInstance, CouponTemplate } from './models';
import type * as s from './schemas';
import { centerItemView, myCouponView, offerOf } from './views';

type Tab = z.infer<typeof s.myCouponsQuery>['status'];

/** At most this many unused coupons are offered to pricing (soonest to end first). */
const MAX_OFFERS = 200;

/** What shoppers read: the claim center, their coupons, and the offers pricing gets. */
export function createQueries(ctx: CouponContext) {
  const { sequelize, clock, config } = ctx.platform;
  const tz = config.shopTimezone;

  async function templatesById(ids: number[]) {
    const rows = ids.length ? await CouponTemplate.findAll({ where: { id: [...new Set(ids)] } }) : [];
    return new Map(rows.map((t) => [Number(t.id), t]));
  }

  /**
   * The claim center: enabled templates of the claim_center channel inside their claim window whose validity
   * is not over, newest first, with this shopper's claims (sold-out ones stay listed as 已抢光).
   */
  async function center(
    shopperId: number | undefined,
    query: { page: number; pageSize: number },
  ): Promise<Paged<z.infer<typeof s.centerItem>>> {
    const now = sqlTime(sequelize, clock.now());
    const where = {
      [Op.and]: [
        { status: 'enabled' },
        { channelsJson: { [Op.like]: channelLike('claim_center') } },
        {
          [Op.or]: [
            { claimStartsAt: null },
            sequelize.literal(`claim_starts_at <= ${sequelize.escape(now)}`),
          ],
        },
        { [Op.or]: [{ claimEndsAt: null }, sequelize.literal(`claim_ends_at > ${sequelize.escape(now)}`)] },
        {
          [Op.or]: [{ validityType: 'relative' }, sequelize.literal(`valid_to > ${sequelize.escape(now)}`)],
        },
      ],
    } as WhereOptions<CouponTemplate>;
    const { rows, count } = await CouponTemplate.findAndCountAll({
      where,
      order: [['id', 'DESC']],
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    const claimed = new Map<number, number>();
    if (shopperId !== undefined && rows.length) {
      const counts = await sequelize.query<{ template_id: number; n: number }>(
        `SELECT template_id, COUNT(*) AS n FROM coupon_instances
          WHERE shopper_id = :shopperId AND template_id IN (:ids) GROUP BY template_id`,
        { replacements: { shopperId, ids: rows.map((t) => Number(t.id)) }, type: QueryTypes.SELECT },
      );
      for (const c of counts) claimed.set(Number(c.template_id), Number(c.n));
    }
    return {
      items: rows.map((t) => centerItemView(t, claimed.get(Number(t.id)) ?? 0)),
      total: count,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /**
   * The shopper's coupons by tab. unused: unused and valid (not started ones too) plus locked (held by an unpaid
   * order, shown so); used; expired: expired plus unused past validTo that the expiry job has not reached.
   */
  function tabWhere(shopperId: number, tab: Tab, now: string): WhereOptions<CouponInstance> {
    const past = sequelize.literal(`valid_to <= ${sequelize.escape(now)}`);
    const current = sequelize.literal(`valid_to > ${sequelize.escape(now)}`);
    const byTab: Record<Tab, WhereOptions<CouponInstance>> = {
      unused: { [Op.or]: [{ status: 'locked' }, { [Op.and]: [{ status: 'unused' }, current] }] },
      used: { status: 'used' },
      expired: { [Op.or]: [{ status: 'expired' }, { [Op.and]: [{ status: 'unused' }, past] }] },
    };
    return { [Op.and]: [{ shopperId }, byTab[tab]] } as WhereOptions<CouponInstance>;
  }

  async function mine(
    shopperId: number,
    query: { status: Tab; page: number; pageSize: number },
  ): Promise<Paged<z.infer<typeof s.myCoupon>>> {
    const at = clock.now();
    const { rows, count } = await CouponInstance.findAndCountAll({
      where: tabWhere(shopperId, query.status, sqlTime(sequelize, at)),
      order:
        query.status === 'unused'
          ? [
              ['validTo', 'ASC'],
              ['id', 'ASC'],
            ]
          : [['id', 'DESC']],
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    const templates = await templatesById(rows.map((i) => Number(i.templateId)));
    return {
      items: rows.map((i) => myCouponView(i, templates.get(Number(i.templateId))!, at, tz)),
      total: count,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async function summary(shopperId: number): Promise<z.infer<typeof s.mySummary>> {
    const now = sqlTime(sequelize, clock.now());
    const count = (tab: Tab) => CouponInstance.count({ where: tabWhere(shopperId, tab, now) });
    const [unused, used, expired] = await Promise.all([count('unused'), count('used'), count('expired')]);
    return { unused, used, expired };
  }

  /** CouponSource.offers: unused instances not over yet (including ones that start later), soonest end first. */
  async function offers(shopperId: number): Promise<CouponOffer[]> {
    const now = sqlTime(sequelize, clock.now());
    const rows = await CouponInstance.findAll({
      where: {
        [Op.and]: [{ shopperId, status: 'unused' }, sequelize.literal(`valid_to > ${sequelize.escape(now)}`)],
      } as WhereOptions<CouponInstance>,
      order: [
        ['validTo', 'ASC'],
        ['id', 'ASC'],
      ],
      limit: MAX_OFFERS,
    });
    const templates = await templatesById(rows.map((i) => Number(i.templateId)));
    return rows.map((i) => offerOf(i, templates.get(Number(i.templateId))!));
  }

  /** One instance as its shopper sees it (the answer to a claim or a redeem). */
  async function view(i: CouponInstance): Promise<z.infer<typeof s.myCoupon>> {
    const t = (await CouponTemplate.findByPk(Number(i.templateId)))!;
    return myCouponView(i, t, clock.now(), tz);
  }

  /** The shopper's data export section (RULES §15). */
  async function exportForShopper(shopperId: number) {
    const rows = await CouponInstance.findAll({ where: { shopperId }, order: [['id', 'ASC']] });
    const templates = await templatesById(rows.map((i) => Number(i.templateId)));
    return rows.map((i) => ({
      id: Number(i.id),
      name: templates.get(Number(i.templateId))?.name ?? null,
      channel: i.channel,
      status: i.status,
      validFrom: new Date(i.validFrom).toISOString(),
      validTo: new Date(i.validTo).toISOString(),
      orderId: i.orderId === null ? null : Number(i.orderId),
      claimedAt: new Date(i.createdAt).toISOString(),
      usedAt: i.usedAt ? new Date(i.usedAt).toISOString() : null,
    }));
  }

  return { center, mine, summary, offers, view, exportForShopper };
}
export type Queries = ReturnType<typeof createQueries>;
