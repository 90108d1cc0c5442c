import { Op } from 'sequelize';
import { AppError } from '../../platform/errors';
import { isUniqueViolation, type Tx } from '../../platform/db/tx';
import type { OrderContext } from './context';
import { CartItem } from './models';
import type { SkuSnapshot } from './ports';

export const MAX_LINE_QUANTITY = 999;
export const MAX_CART_LINES = 100;

export type CartLineStatus = 'available' | 'off_shelf' | 'sold_out' | 'insufficient_stock' | 'gone';

export interface CartLineView {
  skuId: number;
  productId: number | null;
  title: string;
  specText: string;
  image: string | null;
  kind: SkuSnapshot['kind'] | null;
  unitPrice: number;
  quantity: number;
  selected: boolean;
  stock: number;
  status: CartLineStatus;
  lineAmount: number;
}

export function cartLineStatus(sku: SkuSnapshot | undefined, quantity: number): CartLineStatus {
  if (!sku) return 'gone';
  if (!sku.onSale) return 'off_shelf';
  if (sku.stock <= 0) return 'sold_out';
  if (sku.stock < quantity) return 'insufficient_stock';
  return 'available';
}

/**
 * The shopper's cart, one line per SKU (a unique index). Listing shows every line with today's price and
 * stock; lines that cannot be bought (off shelf, sold out, deleted) stay visible with their status instead
 * of silently disappearing, and only available selected lines count in the summary.
 */
export function createCart(ctx: OrderContext) {
  const { catalog } = ctx;

  async function list(shopperId: number) {
    const items = await CartItem.findAll({ where: { shopperId }, order: [['id', 'DESC']] });
    const skus = items.length ? await catalog.getSkus(items.map((i) => Number(i.skuId))) : [];
    const bySku = new Map(skus.map((s) => [Number(s.skuId), s]));
    const lines: CartLineView[] = items.map((i) => {
      const sku = bySku.get(Number(i.skuId));
      const status = cartLineStatus(sku, i.quantity);
      return {
        skuId: Number(i.skuId),
        productId: sku ? sku.productId : null,
        title: sku?.productTitle ?? '',
        specText: sku?.specText ?? '',
        image: sku?.image ?? null,
        kind: sku?.kind ?? null,
        unitPrice: sku?.price ?? 0,
        quantity: i.quantity,
        selected: !!i.selected,
        stock: sku ? Math.max(0, sku.stock) : 0,
        status,
        lineAmount: sku ? sku.price * i.quantity : 0,
      };
    });
    const payable = lines.filter((l) => l.selected && l.status === 'available');
    return {
      lines,
      summary: {
        selectedUnits: payable.reduce((a, l) => a + l.quantity, 0),
        selectedAmount: payable.reduce((a, l) => a + l.lineAmount, 0),
        unavailableLines: lines.filter((l) => l.status !== 'available').length,
      },
    };
  }

  async function requireSku(skuId: number): Promise<SkuSnapshot> {
    const [sku] = await catalog.getSkus([skuId]);
    if (!sku) throw new AppError('NOT_FOUND', 'SKU not found', { skuId });
    if (!sku.onSale)
      throw new AppError('PRODUCT_UNAVAILABLE', 'This product is not on sale', { skuIds: [skuId] });
    return sku;
  }

  /** Adds units to the line of this SKU (creating it), capped at MAX_LINE_QUANTITY. */
  async function add(shopperId: number, skuId: number, quantity: number) {
    await requireSku(skuId);
    for (let attempt = 0; attempt < 2; attempt++) {
      const existing = await CartItem.findOne({ where: { shopperId, skuId } });
      if (existing) {
        const next = existing.quantity + quantity;
        if (next > MAX_LINE_QUANTITY) {
          throw new AppError('QUANTITY_LIMIT', `At most ${MAX_LINE_QUANTITY} per line`, {
            max: MAX_LINE_QUANTITY,
          });
        }
        await existing.update({ quantity: next, selected: true });
        return list(shopperId);
      }
      if ((await CartItem.count({ where: { shopperId } })) >= MAX_CART_LINES) {
        throw new AppError('QUANTITY_LIMIT', `At most ${MAX_CART_LINES} lines in the cart`, {
          max: MAX_CART_LINES,
        });
      }
      try {
        await CartItem.create({ shopperId, skuId, quantity, selected: true });
        return list(shopperId);
      } catch (e) {
        // the same shopper added the same SKU twice at once: add to the line the other request created
        if (!isUniqueViolation(e)) throw e;
      }
    }
    throw new AppError('CONFLICT', 'The cart changed meanwhile; try again');
  }

  async function ownLine(shopperId: number, skuId: number) {
    const item = await CartItem.findOne({ where: { shopperId, skuId } });
    if (!item) throw new AppError('NOT_FOUND', 'Not in the cart', { skuId });
    return item;
  }

  async function update(shopperId: number, skuId: number, patch: { quantity?: number; selected?: boolean }) {
    const item = await ownLine(shopperId, skuId);
    await item.update(patch);
    return list(shopperId);
  }

  async function remove(shopperId: number, skuIds: number[]) {
    await CartItem.destroy({ where: { shopperId, skuId: { [Op.in]: skuIds } } });
    return list(shopperId);
  }

  /** Select or unselect some lines, or every line when no SKU is named. */
  async function select(shopperId: number, selected: boolean, skuIds?: number[]) {
    await CartItem.update(
      { selected },
      { where: { shopperId, ...(skuIds ? { skuId: { [Op.in]: skuIds } } : {}) } },
    );
    return list(shopperId);
  }

  /** The selected lines, for checkout. */
  async function selectedItems(shopperId: number) {
    const items = await CartItem.findAll({ where: { shopperId, selected: true }, order: [['id', 'ASC']] });
    return items.map((i) => ({ skuId: Number(i.skuId), quantity: i.quantity }));
  }

  /** Lines bought from the cart leave it in the order's transaction. */
  async function removeBought(tx: Tx, shopperId: number, skuIds: number[]) {
    await CartItem.destroy({ where: { shopperId, skuId: { [Op.in]: skuIds } }, transaction: tx });
  }

  async function clear(tx: Tx, shopperId: number) {
    await CartItem.destroy({ where: { shopperId }, transaction: tx });
  }

  return { list, add, update, remove, select, selectedItems, removeBought, clear };
}

export type CartService = ReturnType<typeof createCart>;
