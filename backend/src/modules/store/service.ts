import { Op } from 'sequelize';
import type { z } from 'zod';
import type { Platform } from '../../platform';
import { AppError } from '../../platform/errors';
import { isUniqueViolation, withTransaction, type Tx } from '../../platform/db/tx';
import type { Principal } from '../../platform/http/access';
import type { AccountService, RequestMeta } from '../account/service';
import { DELETED_NICKNAME } from '../account/data-rights';
import { StaffMember, Store, StoreStaff, initStoreModels, type StoreStatus } from './models';
import type * as schemas from './schemas';

export type StoreView = z.infer<typeof schemas.store>;
export type BindingView = z.infer<typeof schemas.binding>;
type StoreInput = z.infer<typeof schemas.createStoreBody>;
type StorePatch = z.infer<typeof schemas.updateStoreBody>;

const storeView = (s: Store): StoreView => ({
  id: Number(s.id),
  name: s.name,
  address: s.address,
  phone: s.phone,
  opensAt: s.opensAt,
  closesAt: s.closesAt,
  status: s.status,
});

const publicView = (s: Store) => {
  const { status: _status, ...rest } = storeView(s);
  return rest;
};

const bindingView = (b: StoreStaff, m: StaffMember): BindingView => ({
  id: Number(b.id),
  storeId: Number(b.storeId),
  staffId: Number(m.id),
  shopperId: Number(m.shopperId),
  name: m.name,
  status: b.status,
});

const operating = { status: 'active' as StoreStatus, deletedAt: null };

/**
 * Stores and their staff. A staff member is a shopper bound to one or more stores; their `staff` token is
 * usable while at least one binding is active at an operating store and the shopper is active. Every change
 * that affects that clears the auth status cache, so it applies on the next request.
 */
export function createStoreService(platform: Platform, accounts: AccountService) {
  const { sequelize, auth, audit } = platform;
  initStoreModels(sequelize);

  /** Stores where the staff member may act now (active binding, store active and not deleted). */
  async function staffStores(staffId: number, tx?: Tx): Promise<number[]> {
    const bindings = await StoreStaff.findAll({ where: { staffId, status: 'active' }, transaction: tx });
    if (!bindings.length) return [];
    const stores = await Store.findAll({
      where: { id: { [Op.in]: bindings.map((b) => b.storeId) }, ...operating },
      order: [['id', 'ASC']],
      transaction: tx,
    });
    return stores.map((s) => Number(s.id));
  }

  async function isStaffOfStore(staffId: number, storeId: number, tx?: Tx): Promise<boolean> {
    return (await staffStores(staffId, tx)).includes(storeId);
  }

  auth.registerLookup('staff', async (id) => {
    const m = await StaffMember.findByPk(id);
    if (!m) return undefined;
    const shopper = await accounts.findShopper(Number(m.shopperId));
    const usable = shopper?.status === 'active' && (await staffStores(id)).length > 0;
    return { status: usable ? 'active' : 'frozen', name: m.name };
  });

  const forgetStaff = (ids: number[]) => Promise.all(ids.map((id) => auth.forget('staff', id)));

  accounts.onShopperStatusChange(async (shopperId) => {
    const m = await StaffMember.findOne({ where: { shopperId } });
    if (m) await forgetStaff([Number(m.id)]);
  });

  // 注销 of a shopper who is staff: their bindings end and their staff name goes with their nickname
  accounts.registerDeletionHook('store', async (tx, shopperId) => {
    const m = await StaffMember.findOne({ where: { shopperId }, transaction: tx });
    if (!m) return;
    await StoreStaff.update({ status: 'disabled' }, { where: { staffId: m.id }, transaction: tx });
    await m.update({ name: DELETED_NICKNAME }, { transaction: tx });
  });

  accounts.registerExporter('staff', async (shopperId) => {
    const m = await StaffMember.findOne({ where: { shopperId } });
    if (!m) return null;
    const bindings = await StoreStaff.findAll({ where: { staffId: m.id } });
    const stores = await Store.findAll({ where: { id: { [Op.in]: bindings.map((b) => b.storeId) } } });
    const nameOf = new Map(stores.map((s) => [Number(s.id), s.name]));
    return {
      staffId: Number(m.id),
      name: m.name,
      stores: bindings.map((b) => ({
        storeId: Number(b.storeId),
        storeName: nameOf.get(Number(b.storeId)) ?? null,
        status: b.status,
        boundAt: b.createdAt.toISOString(),
      })),
    };
  });

  async function findStore(id: number, tx?: Tx): Promise<Store> {
    const s = await Store.findOne({
      where: { id, deletedAt: null },
      transaction: tx,
      ...(tx ? { lock: tx.LOCK.UPDATE } : {}),
    });
    if (!s) throw new AppError('NOT_FOUND', 'Store not found');
    return s;
  }

  async function staffOfStore(storeId: number, tx?: Tx): Promise<number[]> {
    const rows = await StoreStaff.findAll({ where: { storeId }, transaction: tx });
    return rows.map((b) => Number(b.staffId));
  }

  async function listStores(filter: { status?: StoreStatus }): Promise<StoreView[]> {
    const rows = await Store.findAll({
      where: { deletedAt: null, ...(filter.status ? { status: filter.status } : {}) },
      order: [['id', 'ASC']],
    });
    return rows.map(storeView);
  }

  async function listOpenStores() {
    return (await Store.findAll({ where: operating, order: [['id', 'ASC']] })).map(publicView);
  }

  async function getStore(id: number): Promise<StoreView> {
    return storeView(await findStore(id));
  }

  async function createStore(actor: Principal, input: StoreInput, meta: RequestMeta): Promise<StoreView> {
    return withTransaction(sequelize, async (tx) => {
      const s = await Store.create(input, { transaction: tx });
      await audit.record(
        {
          actor,
          action: 'store.create',
          subjectType: 'store',
          subjectId: Number(s.id),
          after: storeView(s),
          ...meta,
        },
        tx,
      );
      return storeView(s);
    });
  }

  async function updateStore(actor: Principal, id: number, patch: StorePatch, meta: RequestMeta) {
    const { view, staff } = await withTransaction(sequelize, async (tx) => {
      const s = await findStore(id, tx);
      const before = storeView(s);
      await s.update(patch, { transaction: tx });
      await audit.record(
        {
          actor,
          action: 'store.update',
          subjectType: 'store',
          subjectId: id,
          before,
          after: storeView(s),
          ...meta,
        },
        tx,
      );
      return { view: storeView(s), staff: await staffOfStore(id, tx) };
    });
    await forgetStaff(staff);
    return view;
  }

  async function deleteStore(actor: Principal, id: number, meta: RequestMeta): Promise<void> {
    const staff = await withTransaction(sequelize, async (tx) => {
      const s = await findStore(id, tx);
      const before = storeView(s);
      await s.update({ deletedAt: platform.clock.now() }, { transaction: tx });
      await audit.record(
        { actor, action: 'store.delete', subjectType: 'store', subjectId: id, before, ...meta },
        tx,
      );
      return staffOfStore(id, tx);
    });
    await forgetStaff(staff);
  }

  async function listBindings(storeId: number): Promise<BindingView[]> {
    await findStore(storeId);
    const bindings = await StoreStaff.findAll({ where: { storeId }, order: [['id', 'ASC']] });
    const members = await StaffMember.findAll({
      where: { id: { [Op.in]: bindings.map((b) => b.staffId) } },
    });
    const byId = new Map(members.map((m) => [Number(m.id), m]));
    return bindings.map((b) => bindingView(b, byId.get(Number(b.staffId))!));
  }

  /** Binds a shopper to a store; their staff name is set (or renamed) for every store they work at. */
  async function bindStaff(
    actor: Principal,
    storeId: number,
    input: { shopperId: number; name: string },
    meta: RequestMeta,
  ): Promise<BindingView> {
    try {
      const view = await withTransaction(sequelize, async (tx) => {
        await findStore(storeId, tx);
        const shopper = await accounts.findShopper(input.shopperId, tx);
        if (!shopper || shopper.status === 'deleted') throw new AppError('NOT_FOUND', 'Shopper not found');
        let m = await StaffMember.findOne({
          where: { shopperId: input.shopperId },
          transaction: tx,
          lock: tx.LOCK.UPDATE,
        });
        if (m) await m.update({ name: input.name }, { transaction: tx });
        else
          m = await StaffMember.create({ shopperId: input.shopperId, name: input.name }, { transaction: tx });
        const b = await StoreStaff.create({ storeId, staffId: Number(m.id) }, { transaction: tx });
        const after = bindingView(b, m);
        await audit.record(
          {
            actor,
            action: 'store_staff.bind',
            subjectType: 'store_staff',
            subjectId: after.id,
            after,
            ...meta,
          },
          tx,
        );
        return after;
      });
      await forgetStaff([view.staffId]);
      return view;
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new AppError('CONFLICT', 'This shopper is already staff of this store', { field: 'shopperId' });
      }
      throw e;
    }
  }

  async function loadBinding(id: number, tx: Tx) {
    const b = await StoreStaff.findByPk(id, { transaction: tx, lock: tx.LOCK.UPDATE });
    if (!b) throw new AppError('NOT_FOUND', 'Staff binding not found');
    const m = await StaffMember.findByPk(b.staffId, { transaction: tx, lock: tx.LOCK.UPDATE });
    return { b, m: m! };
  }

  async function updateBinding(
    actor: Principal,
    id: number,
    patch: { name?: string; status?: 'active' | 'disabled' },
    meta: RequestMeta,
  ): Promise<BindingView> {
    const view = await withTransaction(sequelize, async (tx) => {
      const { b, m } = await loadBinding(id, tx);
      const before = bindingView(b, m);
      if (patch.name !== undefined) await m.update({ name: patch.name }, { transaction: tx });
      if (patch.status !== undefined) await b.update({ status: patch.status }, { transaction: tx });
      const after = bindingView(b, m);
      await audit.record(
        {
          actor,
          action: 'store_staff.update',
          subjectType: 'store_staff',
          subjectId: id,
          before,
          after,
          ...meta,
        },
        tx,
      );
      return after;
    });
    await forgetStaff([view.staffId]);
    return view;
  }

  async function unbindStaff(actor: Principal, id: number, meta: RequestMeta): Promise<void> {
    const staffId = await withTransaction(sequelize, async (tx) => {
      const { b, m } = await loadBinding(id, tx);
      const before = bindingView(b, m);
      await b.destroy({ transaction: tx });
      await audit.record(
        { actor, action: 'store_staff.unbind', subjectType: 'store_staff', subjectId: id, before, ...meta },
        tx,
      );
      return before.staffId;
    });
    await forgetStaff([staffId]);
  }

  /** A bound shopper's switch to their staff identity: a `staff` token. */
  async function openStaffSession(shopperId: number) {
    const m = await StaffMember.findOne({ where: { shopperId } });
    if (!m) throw new AppError('NOT_FOUND', 'You are not staff of any store');
    if (!(await staffStores(Number(m.id))).length) {
      throw new AppError('ACCOUNT_FROZEN', 'Your staff access is disabled');
    }
    return { ...auth.issue('staff', Number(m.id)), staffId: Number(m.id) };
  }

  async function staffProfile(staffId: number) {
    const m = await StaffMember.findByPk(staffId);
    if (!m) throw new AppError('NOT_FOUND', 'Staff not found');
    const ids = await staffStores(staffId);
    const stores = await Store.findAll({ where: { id: { [Op.in]: ids } }, order: [['id', 'ASC']] });
    return { id: Number(m.id), shopperId: Number(m.shopperId), name: m.name, stores: stores.map(publicView) };
  }

  return {
    listStores,
    listOpenStores,
    getStore,
    createStore,
    updateStore,
    deleteStore,
    listBindings,
    bindStaff,
    updateBinding,
    unbindStaff,
    openStaffSession,
    staffProfile,
    staffStores,
    isStaffOfStore,
  };
}

export type StoreService = ReturnType<typeof createStoreService>;
