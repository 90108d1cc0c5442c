import { DataTypes } from 'sequelize';
import type { Migration } from '../types';
import { id, timestamps } from '../helpers';

const str = (length: number, allowNull = false) => ({ type: DataTypes.STRING(length), allowNull });

/**
 * share: short scene codes (a mini-program scene holds at most 32 characters) kept server side, each naming a
 * target (an open kind + id: product, campaign, group, launch, …) and the shopper who shared it; one scene per
 * sharer and target. The shop's share settings (which code the poster carries, the landing page).
 */
export const migration: Migration = {
  name: '202611260011-share',
  async up({ queryInterface: q }) {
    await q.createTable('share_scenes', {
      id,
      /** what the mini-program code or the H5 link carries: [A-Za-z0-9], at most 32 */
      code: str(32),
      sharer_id: { type: DataTypes.BIGINT, allowNull: false },
      /** open kind: 'product', 'campaign', 'group', 'launch', … (registered by the module that owns it) */
      target_kind: str(24),
      target_id: str(64),
      visit_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      last_visit_at: { type: DataTypes.DATE(3), allowNull: true },
      /** the last poster drawn (storage key) and what it showed, to draw again only when that changed */
      poster_key: str(200, true),
      poster_fingerprint: str(64, true),
      ...timestamps,
    });
    await q.addIndex('share_scenes', ['code'], { unique: true, name: 'share_scenes_code' });
    await q.addIndex('share_scenes', ['sharer_id', 'target_kind', 'target_id'], {
      unique: true,
      name: 'share_scenes_sharer_target',
    });

    await q.createTable('share_settings', {
      id,
      /** JSON of the settings (validated by the module's schema; absent keys take the defaults) */
      data: { type: DataTypes.TEXT, allowNull: false },
      updated_by: { type: DataTypes.BIGINT, allowNull: true },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    });
  },
  async down({ queryInterface: q }) {
    await q.dropTable('share_settings');
    await q.dropTable('share_scenes');
  },
};
