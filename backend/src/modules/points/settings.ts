import type { Platform } from '../../platform';
import { withTransaction, type Tx } from '../../platform/db/tx';
import type { Principal } from '../../platform/http/access';
import type { PointsSettings } from '../marketing/engine/types';
import { PointsSettingsRow } from './models';

/** The pricing engine's points settings plus the earning rate (RULES §9 defaults). */
export interface PointsShopSettings extends PointsSettings {
  /** points earned per ¥1 of goods paid, credited on receipt (0 = earn nothing) */
  earnPerYuan: number;
}

export const DEFAULT_POINTS_SETTINGS: PointsShopSettings = {
  enabled: true,
  pointsPerYuan: 100,
  maxPermille: 500,
  minPoints: 0,
  earnPerYuan: 1,
};

const SETTINGS_ID = 1;

export interface RequestMeta {
  ip: string;
  requestId?: string;
}

/** One row; absent means the defaults. Changes are audited. */
export function createPointsSettings(platform: Platform) {
  const { sequelize, audit, clock } = platform;

  async function get(tx?: Tx): Promise<PointsShopSettings> {
    const row = await PointsSettingsRow.findByPk(SETTINGS_ID, { transaction: tx });
    if (!row) return { ...DEFAULT_POINTS_SETTINGS };
    return {
      enabled: !!row.enabled,
      pointsPerYuan: Number(row.pointsPerYuan),
      maxPermille: Number(row.maxPermille),
      minPoints: Number(row.minPoints),
      earnPerYuan: Number(row.earnPerYuan),
    };
  }

  async function update(actor: Principal, patch: Partial<PointsShopSettings>, meta: RequestMeta) {
    return withTransaction(sequelize, async (tx) => {
      const before = await get(tx);
      const after: PointsShopSettings = { ...before, ...patch };
      await PointsSettingsRow.upsert(
        { id: SETTINGS_ID, ...after, updatedBy: actor.id, updatedAt: clock.now() },
        { transaction: tx },
      );
      await audit.record(
        { actor, action: 'points_settings.update', subjectType: 'points_settings', before, after, ...meta },
        tx,
      );
      return after;
    });
  }

  return { get, update };
}

export type PointsSettingsService = ReturnType<typeof createPointsSettings>;
