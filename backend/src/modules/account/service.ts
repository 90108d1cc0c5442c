import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Platform } from '../../platform';
import { AppError } from '../../platform/errors';
import { withTransaction, isUniqueViolation } from '../../platform/db/tx';
import type { AdminRole, Principal } from '../../platform/http/access';
import { Op, col, fn, where as sqlWhere, type WhereOptions } from 'sequelize';
import type { Tx } from '../../platform/db/tx';
import { AdminUser, PrivacyConsent, Shopper, initAccountModels } from './models';
import { PRIVACY_GUIDE } from './privacy';
import { createAddressBook } from './addresses';
import { createDataRights } from './data-rights';
import { maskPhone } from './mask';
import type * as schemas from './schemas';
import type { z } from 'zod';

export interface RequestMeta {
  ip: string;
  requestId?: string;
}

export type AdminProfile = z.infer<typeof schemas.adminProfile>;
export type ShopperProfile = z.infer<typeof schemas.shopperProfile>;
export type AdminShopper = z.infer<typeof schemas.adminShopper>;
type ShopperSearch = z.infer<typeof schemas.shopperSearchQuery>;

/** What other modules may know of a shopper's account (no personal data beyond the nickname). */
export interface ShopperAccount {
  id: number;
  nickname: string;
  status: 'active' | 'frozen' | 'deleted';
}

/** Runs after a shopper is frozen, unfrozen or deleted (after commit), e.g. to clear derived auth caches. */
export type ShopperStatusListener = (shopperId: number) => Promise<void>;

const adminProfile = (a: AdminUser): AdminProfile => ({
  id: Number(a.id),
  username: a.username,
  displayName: a.displayName,
  role: a.role,
  status: a.status,
});

const shopperProfile = (s: Shopper): ShopperProfile => ({
  id: Number(s.id),
  nickname: String(s.nickname),
  avatarUrl: s.avatarUrl ?? null,
  phone: s.phone ?? null,
  privacyAccepted: !!s.privacyAcceptedAt && s.privacyVersion === PRIVACY_GUIDE.version,
  privacyVersion: s.privacyVersion ?? null,
  personalizedRecommendations: !!s.personalizedRecommendations,
});

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Roles that see a shopper's phone in full; `service` sees it masked (RULES §14: support, not marketing). */
const FULL_PHONE_ROLES: readonly AdminRole[] = ['owner', 'operator'];

function adminShopper(s: Shopper, viewer: Principal): AdminShopper {
  const phone = s.phone ?? null;
  return {
    id: Number(s.id),
    nickname: String(s.nickname),
    avatarUrl: s.avatarUrl ?? null,
    phone: viewer.role && FULL_PHONE_ROLES.includes(viewer.role) ? phone : maskPhone(phone),
    status: s.status,
    privacyAccepted: shopperProfile(s).privacyAccepted,
    personalizedRecommendations: !!s.personalizedRecommendations,
    createdAt: s.createdAt.toISOString(),
    lastLoginAt: iso(s.lastLoginAt),
    deletedAt: iso(s.deletedAt),
  };
}

/** A hash to verify against when the username does not exist, so timing does not reveal valid names. */
let decoyHash: Promise<string> | undefined;

export function createAccountService(platform: Platform) {
  const { sequelize, auth, audit, outbox, risk, wechat, clock } = platform;
  initAccountModels(sequelize);
  const statusListeners: ShopperStatusListener[] = [];
  const afterStatusChange = async (shopperId: number) => {
    for (const listener of statusListeners) await listener(shopperId);
  };
  const addresses = createAddressBook(sequelize);
  const dataRights = createDataRights(platform, addresses, afterStatusChange);

  auth.registerLookup('admin', async (id) => {
    const a = await AdminUser.findByPk(id);
    return a ? { status: a.status, role: a.role, name: a.displayName } : undefined;
  });
  auth.registerLookup('shopper', async (id) => {
    const s = await Shopper.findByPk(id);
    return s
      ? { status: s.status, name: s.nickname, privacyAccepted: shopperProfile(s).privacyAccepted }
      : undefined;
  });

  async function adminLogin(username: string, password: string, meta: RequestMeta) {
    const admin = await AdminUser.findOne({ where: { username } });
    decoyHash ??= hash(crypto.randomBytes(16).toString('hex'));
    const ok = await verify(admin?.passwordHash ?? (await decoyHash), password).catch(() => false);
    if (!admin || !ok) throw new AppError('INVALID_CREDENTIALS', 'Wrong username or password');
    if (admin.status !== 'active') throw new AppError('ACCOUNT_FROZEN', 'Account is frozen');
    await withTransaction(sequelize, async (tx) => {
      await admin.update({ lastLoginAt: clock.now() }, { transaction: tx });
      await audit.record(
        {
          actor: { kind: 'admin', id: Number(admin.id), name: admin.displayName },
          action: 'admin.login',
          subjectType: 'admin_user',
          subjectId: Number(admin.id),
          ...meta,
        },
        tx,
      );
    });
    return { ...auth.issue('admin', Number(admin.id)), admin: adminProfile(admin) };
  }

  async function getAdmin(id: number) {
    const a = await AdminUser.findByPk(id);
    if (!a) throw new AppError('NOT_FOUND', 'Admin not found');
    return adminProfile(a);
  }

  async function listAdmins() {
    return (await AdminUser.findAll({ order: [['id', 'ASC']] })).map(adminProfile);
  }

  async function createAdmin(
    actor: Principal,
    input: { username: string; displayName: string; password: string; role: AdminRole },
    meta: RequestMeta,
  ) {
    const passwordHash = await hash(input.password);
    try {
      return await withTransaction(sequelize, async (tx) => {
        const a = await AdminUser.create({ ...input, passwordHash }, { transaction: tx });
        await audit.record(
          {
            actor,
            action: 'admin_user.create',
            subjectType: 'admin_user',
            subjectId: Number(a.id),
            after: adminProfile(a),
            ...meta,
          },
          tx,
        );
        return adminProfile(a);
      });
    } catch (e) {
      if (isUniqueViolation(e))
        throw new AppError('CONFLICT', 'Username already taken', { field: 'username' });
      throw e;
    }
  }

  async function updateAdmin(
    actor: Principal,
    id: number,
    patch: { displayName?: string; role?: AdminRole; status?: 'active' | 'frozen'; password?: string },
    meta: RequestMeta,
  ) {
    if (id === actor.id && (patch.role || patch.status)) {
      throw new AppError('BUSINESS_RULE', 'You cannot change your own role or status');
    }
    const { password, ...fields } = patch;
    const passwordHash = password ? await hash(password) : undefined;
    const result = await withTransaction(sequelize, async (tx) => {
      const a = await AdminUser.findByPk(id, { transaction: tx, lock: tx.LOCK.UPDATE });
      if (!a) throw new AppError('NOT_FOUND', 'Admin not found');
      const before = adminProfile(a);
      await a.update({ ...fields, ...(passwordHash ? { passwordHash } : {}) }, { transaction: tx });
      await audit.record(
        {
          actor,
          action: 'admin_user.update',
          subjectType: 'admin_user',
          subjectId: id,
          before,
          after: { ...adminProfile(a), ...(password ? { password: 'changed' } : {}) },
          ...meta,
        },
        tx,
      );
      return adminProfile(a);
    });
    await auth.forget('admin', id);
    return result;
  }

  /** Demo and first-run accounts; existing usernames are left alone. */
  async function ensureAdmins(
    accounts: { username: string; displayName: string; password: string; role: AdminRole }[],
  ) {
    for (const a of accounts) {
      if (await AdminUser.findOne({ where: { username: a.username } })) continue;
      await AdminUser.create({
        username: a.username,
        displayName: a.displayName,
        role: a.role,
        passwordHash: await hash(a.password),
      });
    }
  }

  async function findOrRegisterShopper(
    identity: { openid: string; unionid?: string; nickname?: string },
    via: string,
    meta: RequestMeta,
  ): Promise<Shopper> {
    await risk.check('login', { ip: meta.ip, openid: identity.openid });
    const existing = await Shopper.findOne({ where: { openid: identity.openid } });
    if (existing) {
      if (existing.status === 'deleted') throw new AppError('UNAUTHENTICATED', 'Account no longer exists');
      if (existing.status === 'frozen') throw new AppError('ACCOUNT_FROZEN', 'Account is frozen');
      await existing.update({
        lastLoginAt: clock.now(),
        lastLoginIp: meta.ip,
        unionid: identity.unionid ?? existing.unionid,
      });
      return existing;
    }
    try {
      return await withTransaction(sequelize, async (tx) => {
        const s = await Shopper.create(
          {
            openid: identity.openid,
            unionid: identity.unionid ?? null,
            nickname: identity.nickname ?? `微信用户${identity.openid.slice(-4)}`,
            lastLoginAt: clock.now(),
            lastLoginIp: meta.ip,
          },
          { transaction: tx },
        );
        await outbox.emit(tx, 'shopper.registered', { shopperId: Number(s.id), openid: s.openid, via });
        return s;
      });
    } catch (e) {
      // two first logins of one WeChat user at once: the second finds the first's row
      if (isUniqueViolation(e)) return (await Shopper.findOne({ where: { openid: identity.openid } }))!;
      throw e;
    }
  }

  function shopperSession(s: Shopper) {
    return { ...auth.issue('shopper', Number(s.id)), shopper: shopperProfile(s) };
  }

  async function wechatLogin(code: string, meta: RequestMeta) {
    const session = await wechat.code2session(code);
    return shopperSession(
      await findOrRegisterShopper({ openid: session.openid, unionid: session.unionid }, 'wechat', meta),
    );
  }

  async function devLogin(input: { openid?: string; nickname?: string }, meta: RequestMeta) {
    if (platform.config.isProduction) throw new AppError('NOT_FOUND', 'No dev login in production');
    const openid = input.openid ?? `dev_${crypto.randomBytes(9).toString('base64url')}`;
    return shopperSession(await findOrRegisterShopper({ openid, nickname: input.nickname }, 'dev', meta));
  }

  async function getShopper(id: number) {
    const s = await Shopper.findByPk(id);
    if (!s) throw new AppError('NOT_FOUND', 'Shopper not found');
    return shopperProfile(s);
  }

  /** For other modules: status and nickname, or undefined; pass the transaction when inside one. */
  async function findShopper(id: number, tx?: Tx): Promise<ShopperAccount | undefined> {
    const s = await Shopper.findByPk(id, { transaction: tx });
    return s ? { id: Number(s.id), nickname: String(s.nickname), status: s.status } : undefined;
  }

  /** The WeChat openid (payer of a payment, receiver of messages); a deleted shopper has none. */
  async function getOpenid(id: number, tx?: Tx): Promise<string> {
    const s = await Shopper.findByPk(id, { transaction: tx });
    if (!s || s.status === 'deleted') throw new AppError('NOT_FOUND', 'Shopper not found');
    return s.openid;
  }

  /** Accepting records a consent (version, time, IP) in the history; accepting the same version again does not. */
  async function acceptPrivacy(id: number, version: string, meta: RequestMeta) {
    if (version !== PRIVACY_GUIDE.version) {
      throw new AppError('CONFLICT', 'The privacy guide has changed; read the current version', {
        current: PRIVACY_GUIDE.version,
      });
    }
    const profile = await withTransaction(sequelize, async (tx) => {
      const s = await Shopper.findByPk(id, { transaction: tx, lock: tx.LOCK.UPDATE });
      if (!s) throw new AppError('NOT_FOUND', 'Shopper not found');
      if (shopperProfile(s).privacyAccepted) return shopperProfile(s);
      const now = clock.now();
      await s.update({ privacyAcceptedAt: now, privacyVersion: version }, { transaction: tx });
      await PrivacyConsent.create(
        { shopperId: id, version, acceptedAt: now, ip: meta.ip },
        { transaction: tx },
      );
      return shopperProfile(s);
    });
    await auth.forget('shopper', id);
    return profile;
  }

  /** The phone-number button's code → WeChat → the shopper's phone (the only way a phone is stored). */
  async function bindPhone(id: number, code: string) {
    const phone = await wechat.getPhoneNumber(code);
    const s = await Shopper.findByPk(id);
    if (!s) throw new AppError('NOT_FOUND', 'Shopper not found');
    await s.update({ phone: phone.countryCode === '86' ? phone.purePhoneNumber : phone.phoneNumber });
    return shopperProfile(s);
  }

  async function updateSettings(id: number, patch: { personalizedRecommendations?: boolean }) {
    const s = await Shopper.findByPk(id);
    if (!s) throw new AppError('NOT_FOUND', 'Shopper not found');
    await s.update(patch);
    return shopperProfile(s);
  }

  async function listShoppers(viewer: Principal, query: ShopperSearch) {
    const where: WhereOptions<Shopper>[] = [];
    if (query.status) where.push({ status: query.status });
    if (query.q) {
      // INSTR (the same on MySQL and SQLite) so that % and _ in the search are plain characters
      const any: WhereOptions<Shopper>[] = [
        sqlWhere(fn('INSTR', col('nickname'), query.q), { [Op.gt]: 0 }),
        sqlWhere(fn('INSTR', col('phone'), query.q), 1),
      ];
      if (/^\d{1,15}$/.test(query.q)) any.push({ id: Number(query.q) });
      where.push({ [Op.or]: any });
    }
    const { rows, count } = await Shopper.findAndCountAll({
      where: { [Op.and]: where },
      order: [['id', 'DESC']],
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    return {
      items: rows.map((s) => adminShopper(s, viewer)),
      total: count,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async function getShopperForAdmin(viewer: Principal, id: number) {
    const s = await Shopper.findByPk(id);
    if (!s) throw new AppError('NOT_FOUND', 'Shopper not found');
    const fullView = !!viewer.role && FULL_PHONE_ROLES.includes(viewer.role);
    const consents = await dataRights.consents(id);
    return {
      ...adminShopper(s, viewer),
      addressCount: Number(s.addressCount),
      privacyConsents: consents.map((c) => ({ ...c, ip: fullView ? c.ip : null })),
    };
  }

  async function setShopperFrozen(
    actor: Principal,
    id: number,
    frozen: boolean,
    reason: string,
    meta: RequestMeta,
  ) {
    const result = await withTransaction(sequelize, async (tx) => {
      const s = await Shopper.findByPk(id, { transaction: tx, lock: tx.LOCK.UPDATE });
      if (!s || s.status === 'deleted') throw new AppError('NOT_FOUND', 'Shopper not found');
      const before = { status: s.status };
      await s.update({ status: frozen ? 'frozen' : 'active' }, { transaction: tx });
      await audit.record(
        {
          actor,
          action: frozen ? 'shopper.freeze' : 'shopper.unfreeze',
          subjectType: 'shopper',
          subjectId: id,
          before,
          after: { status: s.status, reason },
          ...meta,
        },
        tx,
      );
      if (frozen) await outbox.emit(tx, 'shopper.frozen', { shopperId: id, reason });
      return shopperProfile(s);
    });
    await auth.forget('shopper', id);
    await afterStatusChange(id);
    return result;
  }

  return {
    adminLogin,
    getAdmin,
    listAdmins,
    createAdmin,
    updateAdmin,
    ensureAdmins,
    wechatLogin,
    devLogin,
    getShopper,
    findShopper,
    getOpenid,
    acceptPrivacy,
    bindPhone,
    updateSettings,
    setShopperFrozen,
    listShoppers,
    getShopperForAdmin,
    privacyGuide: () => PRIVACY_GUIDE,
    onShopperStatusChange: (listener: ShopperStatusListener) => void statusListeners.push(listener),
    listAddresses: addresses.list,
    getOwnAddress: addresses.get,
    createAddress: addresses.create,
    updateAddress: addresses.update,
    deleteAddress: addresses.remove,
    /** the snapshot an order keeps; another shopper's address id is NOT_FOUND */
    getAddress: addresses.snapshot,
    registerExporter: dataRights.registerExporter,
    registerDeletionHook: dataRights.registerDeletionHook,
    exportShopper: dataRights.exportShopper,
    deleteShopper: dataRights.deleteShopper,
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
