import type { Sequelize } from 'sequelize';
import type { z } from 'zod';
import { AppError } from '../../platform/errors';
import { guardedUpdate, withTransaction, type Tx } from '../../platform/db/tx';
import { Shopper, ShopperAddress } from './models';
import type * as schemas from './schemas';

export const MAX_ADDRESSES = 20;

export type AddressView = z.infer<typeof schemas.address>;
type AddressInput = z.infer<typeof schemas.createAddressBody>;
type AddressPatch = z.infer<typeof schemas.updateAddressBody>;

/** What an order keeps of the address it ships to: a copy, so later edits never change a placed order. */
export interface AddressSnapshot {
  addressId: number;
  name: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  detail: string;
}

const view = (a: ShopperAddress): AddressView => ({
  id: Number(a.id),
  name: a.name,
  phone: a.phone,
  province: a.province,
  city: a.city,
  district: a.district,
  detail: a.detail,
  isDefault: !!a.defaultMarker,
});

/**
 * A shopper's address book. Every write first takes the shopper's row (the guarded counter on create, a
 * row lock otherwise), so one shopper's parallel writes are serialized: at most 20 addresses, at most one
 * default (also a unique index), and when the default goes the newest remaining address takes its place.
 */
export function createAddressBook(sequelize: Sequelize) {
  async function lockShopper(shopperId: number, tx: Tx) {
    const s = await Shopper.findByPk(shopperId, { transaction: tx, lock: tx.LOCK.UPDATE });
    if (!s) throw new AppError('NOT_FOUND', 'Shopper not found');
  }

  async function ownAddress(shopperId: number, id: number, tx?: Tx) {
    const a = await ShopperAddress.findOne({ where: { id, shopperId }, transaction: tx });
    // another shopper's address answers exactly like a missing one
    if (!a) throw new AppError('NOT_FOUND', 'Address not found');
    return a;
  }

  async function clearDefault(shopperId: number, tx: Tx) {
    await ShopperAddress.update(
      { defaultMarker: null },
      { where: { shopperId, defaultMarker: true }, transaction: tx },
    );
  }

  async function promoteNewest(shopperId: number, tx: Tx) {
    const next = await ShopperAddress.findOne({
      where: { shopperId },
      order: [
        ['updatedAt', 'DESC'],
        ['id', 'DESC'],
      ],
      transaction: tx,
    });
    if (next) await next.update({ defaultMarker: true }, { transaction: tx });
  }

  async function list(shopperId: number): Promise<AddressView[]> {
    const rows = await ShopperAddress.findAll({
      where: { shopperId },
      order: [['id', 'DESC']],
    });
    return rows.map(view).sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
  }

  async function get(shopperId: number, id: number): Promise<AddressView> {
    return view(await ownAddress(shopperId, id));
  }

  async function create(shopperId: number, input: AddressInput): Promise<AddressView> {
    const { isDefault, ...fields } = input;
    return withTransaction(sequelize, async (tx) => {
      const counted = await guardedUpdate(
        sequelize,
        'UPDATE shoppers SET address_count = address_count + 1 WHERE id = :id AND address_count < :max',
        { id: shopperId, max: MAX_ADDRESSES },
        tx,
      );
      if (counted === 0) {
        throw new AppError('BUSINESS_RULE', `At most ${MAX_ADDRESSES} addresses`, { max: MAX_ADDRESSES });
      }
      const hasDefault = await ShopperAddress.count({
        where: { shopperId, defaultMarker: true },
        transaction: tx,
      });
      const makeDefault = isDefault === true || hasDefault === 0;
      // no default yet: nothing to clear (and no empty-range lock for concurrent shoppers' inserts to meet)
      if (makeDefault && hasDefault > 0) await clearDefault(shopperId, tx);
      const a = await ShopperAddress.create(
        { ...fields, shopperId, defaultMarker: makeDefault ? true : null },
        { transaction: tx },
      );
      return view(a);
    });
  }

  async function update(shopperId: number, id: number, patch: AddressPatch): Promise<AddressView> {
    const { isDefault, ...fields } = patch;
    return withTransaction(sequelize, async (tx) => {
      await lockShopper(shopperId, tx);
      const a = await ownAddress(shopperId, id, tx);
      if (isDefault === true && !a.defaultMarker) await clearDefault(shopperId, tx);
      const marker = isDefault === undefined ? a.defaultMarker : isDefault ? true : null;
      await a.update({ ...fields, defaultMarker: marker }, { transaction: tx });
      return view(a);
    });
  }

  async function remove(shopperId: number, id: number): Promise<void> {
    await withTransaction(sequelize, async (tx) => {
      await lockShopper(shopperId, tx);
      const a = await ownAddress(shopperId, id, tx);
      const wasDefault = !!a.defaultMarker;
      await a.destroy({ transaction: tx });
      await guardedUpdate(
        sequelize,
        'UPDATE shoppers SET address_count = address_count - 1 WHERE id = :id AND address_count > 0',
        { id: shopperId },
        tx,
      );
      if (wasDefault) await promoteNewest(shopperId, tx);
    });
  }

  /** For the order module; pass its transaction when called inside one. */
  async function snapshot(shopperId: number, addressId: number, tx?: Tx): Promise<AddressSnapshot> {
    const a = await ownAddress(shopperId, addressId, tx);
    return {
      addressId: Number(a.id),
      name: a.name,
      phone: a.phone,
      province: a.province,
      city: a.city,
      district: a.district,
      detail: a.detail,
    };
  }

  /** Account deletion: every address goes (the shopper row is already locked by the caller). */
  async function removeAll(shopperId: number, tx: Tx): Promise<void> {
    await ShopperAddress.destroy({ where: { shopperId }, transaction: tx });
  }

  return { list, get, create, update, remove, snapshot, removeAll };
}

export type AddressBook = ReturnType<typeof createAddressBook>;
