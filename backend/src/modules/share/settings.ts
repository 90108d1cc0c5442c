import type { z } from 'zod';
import type { Platform } from '../../platform';
import { withTransaction, type Tx } from '../../platform/db/tx';
import type { Principal } from '../../platform/http/access';
import { ShareSettingsRow } from './models';
import { shareSettings } from './schemas';

export type ShareSettings = z.infer<typeof shareSettings>;

export const DEFAULT_SHARE_SETTINGS: ShareSettings = {
  codeMode: 'auto',
  landingPage: 'pages/share/index',
  h5BaseUrl: null,
  envVersion: 'release',
};

const SETTINGS_ID = 1;

export interface RequestMeta {
  ip: string;
  requestId?: string;
}

/** One row holding JSON (absent keys take the defaults); changes are audited. */
export function createShareSettings(platform: Platform) {
  const { sequelize, audit, clock } = platform;

  async function get(tx?: Tx): Promise<ShareSettings> {
    const row = await ShareSettingsRow.findByPk(SETTINGS_ID, { transaction: tx });
    if (!row) return { ...DEFAULT_SHARE_SETTINGS };
    const parsed = shareSettings.partial().safeParse(JSON.parse(row.data));
    return { ...DEFAULT_SHARE_SETTINGS, ...(parsed.success ? parsed.data : {}) };
  }

  async function update(actor: Principal, patch: Partial<ShareSettings>, meta: RequestMeta) {
    return withTransaction(sequelize, async (tx) => {
      const before = await get(tx);
      const after: ShareSettings = { ...before, ...patch };
      await ShareSettingsRow.upsert(
        { id: SETTINGS_ID, data: JSON.stringify(after), updatedBy: actor.id, updatedAt: clock.now() },
        { transaction: tx },
      );
      await audit.record(
        { actor, action: 'share_settings.update', subjectType: 'share_settings', before, after, ...meta },
        tx,
      );
      return after;
    });
  }

  /** the code the poster carries under the setting: WeChat's mini-program code in production for `auto` */
  function codeKind(s: ShareSettings): 'wxacode' | 'h5' {
    if (s.codeMode !== 'auto') return s.codeMode;
    return platform.config.isProduction ? 'wxacode' : 'h5';
  }

  function h5Base(s: ShareSettings): string {
    const base = s.h5BaseUrl ?? platform.config.publicUrl ?? `http://localhost:${platform.config.port}`;
    return base.replace(/\/$/, '');
  }

  return { get, update, codeKind, h5Base };
}

export type ShareSettingsService = ReturnType<typeof createShareSettings>;
