import crypto from 'node:crypto';
import type { Platform } from '../../platform';
import { AppError } from '../../platform/errors';
import { withTransaction, type Tx } from '../../platform/db/tx';
import type { AddressBook } from './addresses';
import { PrivacyConsent, Shopper } from './models';

/** What another module adds to a shopper's data export (plain JSON). */
export type ShopperExporter = (shopperId: number) => Promise<unknown>;
/**
 * What another module does to its own rows when a shopper deletes their account, inside the deletion's
 * transaction. Throwing an AppError refuses the deletion (everything rolls back), e.g. while orders are open.
 */
export type DeletionHook = (tx: Tx, shopperId: number) => Promise<void>;

export const DELETED_NICKNAME = '已注销用户';
const OWN_SECTIONS = ['profile', 'addresses', 'privacyConsents'];

/**
 * A random value in place of the openid: unique (the column is), tied to nothing, so the WeChat user
 * registers anew on their next login and nobody can tell the two accounts are one person.
 */
const tombstone = () => `deleted_${crypto.randomBytes(24).toString('base64url')}`;

/** The shopper's rights over their data (RULES §15): a full export and a deletion that anonymises. */
export function createDataRights(
  platform: Platform,
  addresses: AddressBook,
  afterStatusChange: (shopperId: number) => Promise<void>,
) {
  const { sequelize, outbox, audit, auth, clock } = platform;
  const exporters = new Map<string, ShopperExporter>();
  const deletionHooks = new Map<string, DeletionHook>();

  function registerExporter(name: string, fn: ShopperExporter): void {
    if (exporters.has(name) || OWN_SECTIONS.includes(name)) {
      throw new Error(`export section registered twice: ${name}`);
    }
    exporters.set(name, fn);
  }

  function registerDeletionHook(name: string, fn: DeletionHook): void {
    if (deletionHooks.has(name)) throw new Error(`deletion hook registered twice: ${name}`);
    deletionHooks.set(name, fn);
  }

  async function consents(shopperId: number) {
    const rows = await PrivacyConsent.findAll({ where: { shopperId }, order: [['id', 'ASC']] });
    return rows.map((c) => ({ version: c.version, acceptedAt: c.acceptedAt.toISOString(), ip: c.ip }));
  }

  /** Everything the mall holds about the shopper; a section that fails fails the export (never a partial one). */
  async function exportShopper(shopperId: number) {
    const s = await Shopper.findByPk(shopperId);
    if (!s) throw new AppError('NOT_FOUND', 'Shopper not found');
    const sections: Record<string, unknown> = {
      profile: {
        id: Number(s.id),
        openid: s.openid,
        unionid: s.unionid,
        nickname: s.nickname,
        avatarUrl: s.avatarUrl,
        phone: s.phone,
        status: s.status,
        personalizedRecommendations: !!s.personalizedRecommendations,
        privacyVersion: s.privacyVersion,
        privacyAcceptedAt: s.privacyAcceptedAt?.toISOString() ?? null,
        registeredAt: s.createdAt.toISOString(),
        lastLoginAt: s.lastLoginAt?.toISOString() ?? null,
        lastLoginIp: s.lastLoginIp,
      },
      addresses: await addresses.list(shopperId),
      privacyConsents: await consents(shopperId),
    };
    for (const [name, fn] of exporters) sections[name] = await fn(shopperId);
    return {
      format: 'mall.shopper-export.v1' as const,
      exportedAt: clock.now().toISOString(),
      shopperId,
      sections,
    };
  }

  /**
   * 注销: the person goes, the records the law keeps stay. Nickname, avatar, phone, WeChat ids, login IP,
   * addresses and the IPs of consents are removed; the row and its id stay (status 'deleted'), so orders,
   * ledgers and other modules' rows keyed by shopper id remain whole. Other modules' hooks run in the same
   * transaction. The token stops working at once (the status cache is cleared after commit).
   */
  async function deleteShopper(shopperId: number, meta: { ip: string; requestId?: string }) {
    await withTransaction(sequelize, async (tx) => {
      const s = await Shopper.findByPk(shopperId, { transaction: tx, lock: tx.LOCK.UPDATE });
      if (!s || s.status === 'deleted') throw new AppError('NOT_FOUND', 'Shopper not found');
      for (const hook of deletionHooks.values()) await hook(tx, shopperId);
      await addresses.removeAll(shopperId, tx);
      await PrivacyConsent.update({ ip: null }, { where: { shopperId }, transaction: tx });
      const before = { status: s.status };
      await s.update(
        {
          openid: tombstone(),
          unionid: null,
          nickname: DELETED_NICKNAME,
          avatarUrl: null,
          phone: null,
          lastLoginIp: null,
          addressCount: 0,
          status: 'deleted',
          deletedAt: clock.now(),
        },
        { transaction: tx },
      );
      await audit.record(
        {
          actor: { kind: 'shopper', id: shopperId },
          action: 'shopper.delete',
          subjectType: 'shopper',
          subjectId: shopperId,
          before,
          after: { status: 'deleted' },
          ...meta,
        },
        tx,
      );
      await outbox.emit(tx, 'shopper.deleted', { shopperId });
    });
    await auth.forget('shopper', shopperId);
    await afterStatusChange(shopperId);
  }

  return { registerExporter, registerDeletionHook, exportShopper, deleteShopper, consents };
}
