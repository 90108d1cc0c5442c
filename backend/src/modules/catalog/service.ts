import { Op, QueryTypes, type Order, type WhereOptions } from 'sequelize';
import type { z } from 'zod';
import type { Platform } from '../../platform';
import { AppError } from '../../platform/errors';
import { guardedUpdate, isUniqueViolation, withTransaction, type Tx } from '../../platform/db/tx';
import { readTime, sqlTime } from '../../platform/db/time';
import type { Principal } from '../../platform/http/access';
import type { Paged } from '../../platform/http/route';
import { CACHE_TTL, CatalogCache } from './cache';
import { quoteFreight as quoteFreightPure, type FreightLine, type FreightQuote } from './freight';
import {
  Category,
  FreightTemplate,
  Product,
  Sku,
  SkuPrice,
  initCatalogModels,
  type ProductKind,
} from './models';
import { DAY_MS, lowestInForce } from './price-history';
import type * as s from './schemas';
import { parseSpecKey, specKey, specText } from './sku-specs';
import * as views from './views';

export interface RequestMeta {
  ip: string;
  requestId?: string;
}

/** What the order module reads about a SKU at order time (and snapshots into its lines). */
export interface SkuSnapshot {
  skuId: number;
  productId: number;
  productTitle: string;
  /** the product's category and its parent */
  categoryIds: number[];
  kind: ProductKind;
  specs: Record<string, string>;
  specText: string;
  price: number;
  costPrice: number;
  weightGrams: number;
  image: string | null;
  freightTemplateId: number | null;
  /** the product and the SKU are on sale (and neither is deleted) */
  onSale: boolean;
  stock: number;
}

export interface FreightQuoteInput {
  province: string;
  lines: FreightLine[];
}

type CategoryInput = z.infer<typeof s.categoryBody>;
type CategoryPatch = z.infer<typeof s.categoryPatch>;
type FreightTemplateInput = z.infer<typeof s.freightTemplateBody>;
type ProductInput = z.infer<typeof s.productBody>;
type AdminProductQuery = z.infer<typeof s.adminProductQuery>;
type ShopProductQuery = z.infer<typeof s.shopProductQuery>;

const positiveQuantity = (q: number) => {
  if (!Number.isSafeInteger(q) || q <= 0)
    throw new RangeError(`quantity must be a positive integer, got ${q}`);
};

const invalid = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', message, [{ path, message, code: 'custom' }]);

export function createCatalogService(platform: Platform) {
  const { sequelize, audit, storage } = platform;
  initCatalogModels(sequelize);
  const cache = new CatalogCache(platform.drivers.cache);
  const now = () => platform.clock.now();
  /** LIKE with its own escape character: MySQL and SQLite disagree about backslashes, not about `!` */
  const titleContains = (keyword: string) => ({
    [Op.and]: [
      sequelize.literal(
        `title LIKE ${sequelize.escape(`%${keyword.replace(/[!%_]/g, (c) => `!${c}`)}%`)} ESCAPE '!'`,
      ),
    ],
  });
  const url: views.ImageUrl = (ref) => (/^(https?:)?\//.test(ref) ? ref : storage.url(ref));

  async function record(
    actor: Principal,
    action: string,
    subject: { type: string; id: number },
    change: { before?: unknown; after?: unknown },
    meta: RequestMeta,
    tx: Tx,
  ) {
    await audit.record(
      { actor, action, subjectType: subject.type, subjectId: subject.id, ...change, ...meta },
      tx,
    );
  }

  // ── categories ─────────────────────────────────────────────────────────────────────────────────────────

  async function assertTopLevelParent(parentId: number, tx: Tx) {
    const parent = await Category.findByPk(parentId, { transaction: tx });
    if (!parent) throw invalid('parentId', 'No such parent category');
    if (parent.parentId !== null)
      throw invalid('parentId', 'Categories have two levels: pick a top-level parent');
  }

  async function listCategories() {
    const rows = await Category.findAll({
      order: [
        ['sortOrder', 'DESC'],
        ['id', 'ASC'],
      ],
    });
    return rows.map((c) => views.categoryView(c, url));
  }

  async function createCategory(actor: Principal, input: CategoryInput, meta: RequestMeta) {
    const view = await withTransaction(sequelize, async (tx) => {
      if (input.parentId !== null) await assertTopLevelParent(input.parentId, tx);
      const c = await Category.create(input, { transaction: tx });
      const after = views.categoryView(c, url);
      await record(actor, 'category.create', { type: 'category', id: after.id }, { after }, meta, tx);
      return after;
    });
    await cache.listChanged();
    return view;
  }

  async function updateCategory(actor: Principal, id: number, patch: CategoryPatch, meta: RequestMeta) {
    const view = await withTransaction(sequelize, async (tx) => {
      const c = await Category.findByPk(id, { transaction: tx, lock: tx.LOCK.UPDATE });
      if (!c) throw new AppError('NOT_FOUND', 'Category not found');
      if (patch.parentId !== undefined && patch.parentId !== null) {
        if (patch.parentId === id) throw invalid('parentId', 'A category cannot be its own parent');
        await assertTopLevelParent(patch.parentId, tx);
        if (await Category.count({ where: { parentId: id }, transaction: tx })) {
          throw invalid('parentId', 'A category with subcategories stays at the top level');
        }
      }
      const before = views.categoryView(c, url);
      await c.update(patch, { transaction: tx });
      const after = views.categoryView(c, url);
      await record(actor, 'category.update', { type: 'category', id }, { before, after }, meta, tx);
      return after;
    });
    await cache.listChanged();
    return view;
  }

  async function deleteCategory(actor: Principal, id: number, meta: RequestMeta) {
    await withTransaction(sequelize, async (tx) => {
      const c = await Category.findByPk(id, { transaction: tx, lock: tx.LOCK.UPDATE });
      if (!c) throw new AppError('NOT_FOUND', 'Category not found');
      if (await Category.count({ where: { parentId: id }, transaction: tx })) {
        throw new AppError('CONFLICT', 'The category has subcategories');
      }
      if (await Product.count({ where: { categoryId: id, deletedAt: null }, transaction: tx })) {
        throw new AppError('CONFLICT', 'Products are in this category: move them first');
      }
      const before = views.categoryView(c, url);
      await c.destroy({ transaction: tx });
      await record(actor, 'category.delete', { type: 'category', id }, { before }, meta, tx);
    });
    await cache.listChanged();
  }

  /** Enabled categories under enabled parents, for the shop. */
  async function categoryTree(): Promise<z.infer<typeof s.categoryTree>> {
    const tree = await cache.through(await cache.treeKey(), CACHE_TTL.tree, async () => {
      const rows = await Category.findAll({
        where: { enabled: true },
        order: [
          ['sortOrder', 'DESC'],
          ['id', 'ASC'],
        ],
      });
      const node = (c: Category) => ({
        id: Number(c.id),
        name: c.name,
        iconUrl: c.icon ? url(c.icon) : null,
      });
      return rows
        .filter((c) => c.parentId === null)
        .map((top) => ({
          ...node(top),
          children: rows.filter((c) => Number(c.parentId) === Number(top.id)).map(node),
        }));
    });
    return tree ?? [];
  }

  // ── freight templates ──────────────────────────────────────────────────────────────────────────────────

  async function listFreightTemplates() {
    return (await FreightTemplate.findAll({ order: [['id', 'ASC']] })).map(views.freightTemplateView);
  }

  async function getFreightTemplate(id: number) {
    const t = await FreightTemplate.findByPk(id);
    if (!t) throw new AppError('NOT_FOUND', 'Freight template not found');
    return views.freightTemplateView(t);
  }

  const templateRow = (input: FreightTemplateInput) => ({
    name: input.name,
    mode: input.mode,
    config: JSON.stringify({
      base: input.base,
      regions: input.regions,
      excludedProvinces: input.excludedProvinces,
    }),
  });

  async function saveFreightTemplate(
    actor: Principal,
    id: number | null,
    input: FreightTemplateInput,
    meta: RequestMeta,
  ) {
    try {
      const view = await withTransaction(sequelize, async (tx) => {
        if (id === null) {
          const t = await FreightTemplate.create(templateRow(input), { transaction: tx });
          const after = views.freightTemplateView(t);
          await record(
            actor,
            'freight_template.create',
            { type: 'freight_template', id: after.id },
            { after },
            meta,
            tx,
          );
          return after;
        }
        const t = await FreightTemplate.findByPk(id, { transaction: tx, lock: tx.LOCK.UPDATE });
        if (!t) throw new AppError('NOT_FOUND', 'Freight template not found');
        const before = views.freightTemplateView(t);
        await t.update(templateRow(input), { transaction: tx });
        const after = views.freightTemplateView(t);
        await record(
          actor,
          'freight_template.update',
          { type: 'freight_template', id },
          { before, after },
          meta,
          tx,
        );
        return after;
      });
      await cache.freightChanged();
      return view;
    } catch (e) {
      if (isUniqueViolation(e))
        throw new AppError('CONFLICT', 'A template with this name exists', { field: 'name' });
      throw e;
    }
  }

  async function deleteFreightTemplate(actor: Principal, id: number, meta: RequestMeta) {
    await withTransaction(sequelize, async (tx) => {
      const t = await FreightTemplate.findByPk(id, { transaction: tx, lock: tx.LOCK.UPDATE });
      if (!t) throw new AppError('NOT_FOUND', 'Freight template not found');
      if (await Product.count({ where: { freightTemplateId: id, deletedAt: null }, transaction: tx })) {
        throw new AppError('CONFLICT', 'Products use this template: change them first');
      }
      const before = views.freightTemplateView(t);
      await t.destroy({ transaction: tx });
      await record(actor, 'freight_template.delete', { type: 'freight_template', id }, { before }, meta, tx);
    });
    await cache.freightChanged();
  }

  /** The pure quote over the templates the lines name (see freight.ts for the rules). */
  async function quoteFreight(input: FreightQuoteInput, tx?: Tx): Promise<FreightQuote> {
    const ids = [
      ...new Set(input.lines.filter((l) => l.kind === 'physical').flatMap((l) => l.freightTemplateId ?? [])),
    ];
    const templates = ids.length
      ? await FreightTemplate.findAll({ where: { id: ids }, transaction: tx })
      : [];
    return quoteFreightPure(templates.map(views.freightRules), input);
  }

  // ── price history ──────────────────────────────────────────────────────────────────────────────────────

  /** The lowest price in force for the SKU during the `days` before `at` (RULES §0), or null. */
  async function lowestPriceBefore(skuId: number, at: Date, days = 7, tx?: Tx): Promise<number | null> {
    const from = new Date(at.getTime() - days * DAY_MS);
    const replacements = { skuId, from: sqlTime(sequelize, from), at: sqlTime(sequelize, at) };
    const select = 'SELECT id, price, effective_from FROM catalog_sku_prices WHERE sku_id = :skuId';
    const rows = await sequelize.query<{ id: number; price: number; effective_from: unknown }>(
      `${select} AND effective_from <= :from ORDER BY effective_from DESC, id DESC LIMIT 1`,
      { replacements, type: QueryTypes.SELECT, transaction: tx },
    );
    rows.push(
      ...(await sequelize.query<{ id: number; price: number; effective_from: unknown }>(
        `${select} AND effective_from > :from AND effective_from < :at`,
        { replacements, type: QueryTypes.SELECT, transaction: tx },
      )),
    );
    return lowestInForce(
      rows.map((r) => ({
        id: Number(r.id),
        price: Number(r.price),
        effectiveFrom: readTime(r.effective_from),
      })),
      from,
      at,
    );
  }

  async function priceHistory(skuId: number) {
    if (!(await Sku.findByPk(skuId))) throw new AppError('NOT_FOUND', 'SKU not found');
    const rows = await SkuPrice.findAll({
      where: { skuId },
      order: [
        ['effectiveFrom', 'DESC'],
        ['id', 'DESC'],
      ],
    });
    return rows.map((r) => ({
      price: Number(r.price),
      effectiveFrom: new Date(r.effectiveFrom).toISOString(),
    }));
  }

  /** A new price takes effect now: history row, and the strike-through fixed from the 7 days before now. */
  async function priceChange(skuId: number, price: number, tx: Tx): Promise<number | null> {
    const at = now();
    const lowest = await lowestPriceBefore(skuId, at, 7, tx);
    await SkuPrice.create({ skuId, price, effectiveFrom: at }, { transaction: tx });
    return lowest !== null && lowest > price ? lowest : null;
  }

  // ── products (admin) ───────────────────────────────────────────────────────────────────────────────────

  async function assertReferences(input: ProductInput, tx: Tx) {
    if (!(await Category.findByPk(input.categoryId, { transaction: tx }))) {
      throw invalid('categoryId', 'No such category');
    }
    if (
      input.freightTemplateId !== null &&
      !(await FreightTemplate.findByPk(input.freightTemplateId, { transaction: tx }))
    ) {
      throw invalid('freightTemplateId', 'No such freight template');
    }
  }

  const productFields = (input: ProductInput) => ({
    title: input.title,
    subtitle: input.subtitle,
    kind: input.kind,
    categoryId: input.categoryId,
    imagesJson: JSON.stringify(input.images),
    detailJson: JSON.stringify(input.detail),
    specsJson: JSON.stringify(input.specs),
    status: input.status,
    labelSpecial: input.labels.special,
    labelMemberPrice: input.labels.memberPrice,
    freightTemplateId: input.freightTemplateId,
    sortOrder: input.sortOrder,
  });

  /** min/max price and the strike-through of the cheapest SKU on sale (any live SKU when none is on sale) */
  function priceAggregates(skus: Sku[]) {
    const live = skus.filter((x) => x.deletedAt === null);
    const onSale = live.filter((x) => x.status === 'on_sale');
    const pool = onSale.length ? onSale : live;
    const cheapest = [...pool].sort(
      (a, b) => Number(a.price) - Number(b.price) || Number(a.id) - Number(b.id),
    )[0];
    return {
      minPrice: cheapest ? Number(cheapest.price) : 0,
      maxPrice: pool.reduce((m, x) => Math.max(m, Number(x.price)), 0),
      originalPrice: cheapest?.originalPrice ?? null,
    };
  }

  async function liveSkus(productId: number, tx?: Tx) {
    return Sku.findAll({ where: { productId, deletedAt: null }, order: [['id', 'ASC']], transaction: tx });
  }

  /**
   * Creates or replaces the product's SKUs from the payload. A SKU is its spec combination: a combination
   * already known (even a removed one) is updated, a new one created, and live SKUs missing from the payload
   * are removed (soft: orders name them). Codes of removed or recoded SKUs are freed first, so two SKUs may
   * swap codes in one payload.
   */
  async function writeSkus(productId: number, input: ProductInput, tx: Tx) {
    const existing = await Sku.findAll({ where: { productId }, transaction: tx, lock: tx.LOCK.UPDATE });
    const byKey = new Map(existing.map((x) => [x.specKey, x]));
    const wanted = new Map(input.skus.map((x) => [specKey(x.specs), x]));
    const at = now();
    for (const sku of existing) {
      const next = wanted.get(sku.specKey);
      if (sku.skuCode !== null && (!next || next.skuCode !== sku.skuCode)) {
        await sku.update({ skuCode: null }, { transaction: tx });
      }
      if (!next && sku.deletedAt === null) {
        await sku.update({ deletedAt: at, status: 'off_shelf' }, { transaction: tx });
      }
    }
    for (const [key, x] of wanted) {
      const fields = {
        skuCode: x.skuCode,
        image: x.image,
        costPrice: x.costPrice,
        weightGrams: x.weightGrams,
        status: x.status,
      };
      const sku = byKey.get(key);
      if (!sku) {
        const created = await Sku.create(
          { productId, specKey: key, ...fields, price: x.price, originalPrice: null, stock: x.stock ?? 0 },
          { transaction: tx },
        );
        await priceChange(Number(created.id), x.price, tx);
        continue;
      }
      const priceFields =
        Number(sku.price) === x.price
          ? {}
          : { price: x.price, originalPrice: await priceChange(Number(sku.id), x.price, tx) };
      await sku.update(
        { ...fields, ...priceFields, ...(x.stock === undefined ? {} : { stock: x.stock }), deletedAt: null },
        { transaction: tx },
      );
    }
  }

  async function saveProduct(actor: Principal, id: number | null, input: ProductInput, meta: RequestMeta) {
    try {
      const view = await withTransaction(sequelize, async (tx) => {
        await assertReferences(input, tx);
        let product: Product;
        let before: unknown;
        if (id === null) {
          product = await Product.create(
            { ...productFields(input), minPrice: 0, maxPrice: 0, originalPrice: null },
            { transaction: tx },
          );
        } else {
          const found = await Product.findOne({
            where: { id, deletedAt: null },
            transaction: tx,
            lock: tx.LOCK.UPDATE,
          });
          if (!found) throw new AppError('NOT_FOUND', 'Product not found');
          product = found;
          before = views.adminProductView(product, await liveSkus(id, tx), url);
          await product.update(productFields(input), { transaction: tx });
        }
        const productId = Number(product.id);
        await writeSkus(productId, input, tx);
        const skus = await liveSkus(productId, tx);
        await product.update(priceAggregates(skus), { transaction: tx });
        const after = views.adminProductView(product, skus, url);
        await record(
          actor,
          id === null ? 'product.create' : 'product.update',
          { type: 'product', id: productId },
          { before, after },
          meta,
          tx,
        );
        return after;
      });
      await cache.productChanged(view.id);
      return view;
    } catch (e) {
      if (isUniqueViolation(e))
        throw new AppError('CONFLICT', 'A SKU code is already used by another product', { field: 'skuCode' });
      throw e;
    }
  }

  async function getAdminProduct(id: number) {
    const p = await Product.findOne({ where: { id, deletedAt: null } });
    if (!p) throw new AppError('NOT_FOUND', 'Product not found');
    return views.adminProductView(p, await liveSkus(id), url);
  }

  async function listAdminProducts(
    q: AdminProductQuery,
  ): Promise<Paged<z.infer<typeof s.adminProductListItem>>> {
    const where: WhereOptions<Product> = {
      deletedAt: null,
      ...(q.status ? { status: q.status } : {}),
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.categoryId ? { categoryId: await categoryWithChildren(q.categoryId) } : {}),
      ...(q.keyword ? titleContains(q.keyword) : {}),
    };
    const { rows, count } = await Product.findAndCountAll({
      where,
      order: [['id', 'DESC']],
      limit: q.pageSize,
      offset: (q.page - 1) * q.pageSize,
    });
    const stock = new Map<number, number>();
    if (rows.length) {
      const sums = await sequelize.query<{ product_id: number; stock: number }>(
        `SELECT product_id, SUM(stock) AS stock FROM catalog_skus
         WHERE product_id IN (:ids) AND deleted_at IS NULL GROUP BY product_id`,
        { replacements: { ids: rows.map((r) => r.id) }, type: QueryTypes.SELECT },
      );
      for (const r of sums) stock.set(Number(r.product_id), Number(r.stock));
    }
    return {
      items: rows.map((p) => views.adminProductListItemView(p, stock.get(Number(p.id)) ?? 0, url)),
      total: count,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async function setProductStatus(
    actor: Principal,
    id: number,
    status: 'on_sale' | 'off_shelf',
    meta: RequestMeta,
  ) {
    const view = await withTransaction(sequelize, async (tx) => {
      const p = await Product.findOne({
        where: { id, deletedAt: null },
        transaction: tx,
        lock: tx.LOCK.UPDATE,
      });
      if (!p) throw new AppError('NOT_FOUND', 'Product not found');
      const skus = await liveSkus(id, tx);
      if (status === 'on_sale' && !skus.some((x) => x.status === 'on_sale')) {
        throw new AppError('BUSINESS_RULE', 'A product on sale needs a SKU on sale');
      }
      const before = { status: p.status };
      await p.update({ status }, { transaction: tx });
      await record(
        actor,
        status === 'on_sale' ? 'product.on_shelf' : 'product.off_shelf',
        { type: 'product', id },
        { before, after: { status } },
        meta,
        tx,
      );
      return views.adminProductView(p, skus, url);
    });
    await cache.productChanged(id);
    return view;
  }

  async function deleteProduct(actor: Principal, id: number, meta: RequestMeta) {
    await withTransaction(sequelize, async (tx) => {
      const p = await Product.findOne({
        where: { id, deletedAt: null },
        transaction: tx,
        lock: tx.LOCK.UPDATE,
      });
      if (!p) throw new AppError('NOT_FOUND', 'Product not found');
      const before = views.adminProductView(p, await liveSkus(id, tx), url);
      // soft: order lines and price history keep naming the product and its SKUs
      await p.update({ deletedAt: now(), status: 'off_shelf' }, { transaction: tx });
      await record(actor, 'product.delete', { type: 'product', id }, { before }, meta, tx);
    });
    await cache.productChanged(id);
  }

  async function skuWithProduct(skuId: number, tx: Tx) {
    const sku = await Sku.findOne({ where: { id: skuId, deletedAt: null }, transaction: tx });
    const product =
      sku && (await Product.findOne({ where: { id: sku.productId, deletedAt: null }, transaction: tx }));
    if (!sku || !product) throw new AppError('NOT_FOUND', 'SKU not found');
    return { sku, product };
  }

  /** The merchant counted the shelf: stock becomes `stock` (a blind write, no read-then-write). */
  async function setStock(actor: Principal, skuId: number, stock: number, meta: RequestMeta) {
    const { view, productId } = await withTransaction(sequelize, async (tx) => {
      const { sku, product } = await skuWithProduct(skuId, tx);
      const before = { stock: Number(sku.stock) };
      await guardedUpdate(
        sequelize,
        'UPDATE catalog_skus SET stock = :stock WHERE id = :id',
        { stock, id: skuId },
        tx,
      );
      await sku.reload({ transaction: tx });
      const after = views.adminSkuView(sku, views.productSpecs(product));
      await record(
        actor,
        'sku.stock_set',
        { type: 'sku', id: skuId },
        { before, after: { stock: after.stock } },
        meta,
        tx,
      );
      return { view: after, productId: Number(product.id) };
    });
    await cache.productChanged(productId);
    return view;
  }

  /** Add or remove units with a guarded update: refused (CONFLICT) when it would go below 0. */
  async function adjustStock(
    actor: Principal,
    skuId: number,
    delta: number,
    reason: string | undefined,
    meta: RequestMeta,
  ) {
    const { view, productId } = await withTransaction(sequelize, async (tx) => {
      const { sku, product } = await skuWithProduct(skuId, tx);
      const matched = await guardedUpdate(
        sequelize,
        'UPDATE catalog_skus SET stock = stock + :delta WHERE id = :id AND stock + :delta >= 0',
        { delta, id: skuId },
        tx,
      );
      if (matched === 0)
        throw new AppError('CONFLICT', 'Stock cannot go below 0', { stock: Number(sku.stock) });
      await sku.reload({ transaction: tx });
      const after = views.adminSkuView(sku, views.productSpecs(product));
      await record(
        actor,
        'sku.stock_adjust',
        { type: 'sku', id: skuId },
        { after: { delta, reason: reason ?? null, stock: after.stock } },
        meta,
        tx,
      );
      return { view: after, productId: Number(product.id) };
    });
    await cache.productChanged(productId);
    return view;
  }

  async function uploadImage(
    actor: Principal,
    file: { bytes: Buffer; filename?: string },
    meta: RequestMeta,
  ) {
    const stored = await storage.put({ ...file, folder: 'products', allowed: ['image'] });
    await audit.record({
      actor,
      action: 'upload.image',
      subjectType: 'upload',
      subjectId: stored.key,
      after: { ...stored, filename: file.filename ?? null },
      ...meta,
    });
    return stored;
  }

  // ── shop ───────────────────────────────────────────────────────────────────────────────────────────────

  async function categoryWithChildren(categoryId: number): Promise<number[]> {
    const children = await Category.findAll({ where: { parentId: categoryId }, attributes: ['id'] });
    return [categoryId, ...children.map((c) => Number(c.id))];
  }

  const SHOP_ORDER: Record<ShopProductQuery['sort'], Order> = {
    default: [
      ['sortOrder', 'DESC'],
      ['id', 'DESC'],
    ],
    sales: [
      ['soldCount', 'DESC'],
      ['id', 'DESC'],
    ],
    price_asc: [
      ['minPrice', 'ASC'],
      ['id', 'DESC'],
    ],
    price_desc: [
      ['minPrice', 'DESC'],
      ['id', 'DESC'],
    ],
    newest: [['id', 'DESC']],
  };

  async function listProducts(q: ShopProductQuery): Promise<Paged<z.infer<typeof s.shopProductListItem>>> {
    const page = await cache.through(await cache.listKey(q), CACHE_TTL.list, async () => {
      const price = {
        ...(q.minPrice !== undefined ? { [Op.gte]: q.minPrice } : {}),
        ...(q.maxPrice !== undefined ? { [Op.lte]: q.maxPrice } : {}),
      };
      const where: WhereOptions<Product> = {
        status: 'on_sale',
        deletedAt: null,
        ...(q.categoryId ? { categoryId: await categoryWithChildren(q.categoryId) } : {}),
        ...(q.keyword ? titleContains(q.keyword) : {}),
        ...(q.minPrice !== undefined || q.maxPrice !== undefined ? { minPrice: price } : {}),
      };
      const { rows, count } = await Product.findAndCountAll({
        where,
        attributes: { exclude: ['detailJson', 'specsJson'] },
        order: SHOP_ORDER[q.sort],
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      return { items: rows.map((p) => views.shopListItemView(p, url)), total: count };
    });
    return { items: page?.items ?? [], total: page?.total ?? 0, page: q.page, pageSize: q.pageSize };
  }

  async function getProduct(id: number) {
    const view = await cache.through(await cache.detailKey(id), CACHE_TTL.detail, async () => {
      const p = await Product.findOne({ where: { id, status: 'on_sale', deletedAt: null } });
      if (!p) return null;
      const skus = await Sku.findAll({
        where: { productId: id, status: 'on_sale', deletedAt: null },
        order: [['id', 'ASC']],
      });
      const template =
        p.kind === 'physical' && p.freightTemplateId !== null
          ? await FreightTemplate.findByPk(p.freightTemplateId)
          : null;
      return views.shopProductView(p, skus, template, url);
    });
    if (!view) throw new AppError('NOT_FOUND', 'Product not found');
    return view;
  }

  /** The product page's freight estimate for a province. */
  async function quoteFreightForItems(input: z.infer<typeof s.freightQuoteBody>) {
    const skus = await getSkus(input.items.map((i) => i.skuId));
    const byId = new Map(skus.map((x) => [x.skuId, x]));
    const lines = input.items.map((item) => {
      const sku = byId.get(item.skuId);
      if (!sku || !sku.onSale) throw new AppError('NOT_FOUND', 'SKU not found', { skuId: item.skuId });
      return {
        freightTemplateId: sku.freightTemplateId,
        quantity: item.quantity,
        weightGrams: sku.weightGrams,
        amount: sku.price * item.quantity,
        kind: sku.kind,
      };
    });
    const quote = await quoteFreight({ province: input.province, lines });
    return {
      freight: quote.freight,
      undeliverable: quote.undeliverable,
      undeliverableSkuIds: quote.undeliverableLines.map((i) => input.items[i].skuId),
    };
  }

  // ── for the order module ───────────────────────────────────────────────────────────────────────────────

  /** Snapshots in the order of `skuIds` (duplicates once); unknown ids are left out. */
  async function getSkus(skuIds: number[], tx?: Tx): Promise<SkuSnapshot[]> {
    const ids = [...new Set(skuIds)];
    if (!ids.length) return [];
    const skus = await Sku.findAll({ where: { id: ids }, transaction: tx });
    const products = await Product.findAll({
      where: { id: [...new Set(skus.map((x) => Number(x.productId)))] },
      attributes: { exclude: ['detailJson'] },
      transaction: tx,
    });
    const productById = new Map(products.map((p) => [Number(p.id), p]));
    const skuById = new Map(skus.map((x) => [Number(x.id), x]));
    const categories = await Category.findAll({
      where: { id: [...new Set(products.map((p) => Number(p.categoryId)))] },
      attributes: ['id', 'parentId'],
      transaction: tx,
    });
    // categories are two levels deep: a product's category and its parent
    const categoryIdsOf = new Map(
      categories.map((c) => [
        Number(c.id),
        c.parentId === null ? [Number(c.id)] : [Number(c.id), Number(c.parentId)],
      ]),
    );
    return ids.flatMap((id) => {
      const sku = skuById.get(id);
      const product = sku && productById.get(Number(sku.productId));
      if (!sku || !product) return [];
      const specs = parseSpecKey(sku.specKey);
      const firstImage = views.productImages(product)[0];
      return [
        {
          skuId: id,
          productId: Number(product.id),
          productTitle: product.title,
          categoryIds: categoryIdsOf.get(Number(product.categoryId)) ?? [Number(product.categoryId)],
          kind: product.kind,
          specs,
          specText: specText(specs, views.productSpecs(product)),
          price: Number(sku.price),
          costPrice: Number(sku.costPrice),
          weightGrams: Number(sku.weightGrams),
          image: sku.image ? url(sku.image) : firstImage ? url(firstImage) : null,
          freightTemplateId: product.freightTemplateId === null ? null : Number(product.freightTemplateId),
          onSale:
            product.status === 'on_sale' &&
            product.deletedAt === null &&
            sku.status === 'on_sale' &&
            sku.deletedAt === null,
          stock: Number(sku.stock),
        },
      ];
    });
  }

  /** stock − quantity only if that many are left; false = not enough (sold out) */
  async function reserveStock(tx: Tx, skuId: number, quantity: number): Promise<boolean> {
    positiveQuantity(quantity);
    const matched = await guardedUpdate(
      sequelize,
      'UPDATE catalog_skus SET stock = stock - :quantity WHERE id = :skuId AND stock >= :quantity',
      { skuId, quantity },
      tx,
    );
    return matched > 0;
  }

  /** gives reserved units back (cancel, timeout); the caller makes sure it happens once */
  async function releaseStock(tx: Tx, skuId: number, quantity: number): Promise<void> {
    positiveQuantity(quantity);
    await guardedUpdate(
      sequelize,
      'UPDATE catalog_skus SET stock = stock + :quantity WHERE id = :skuId',
      { skuId, quantity },
      tx,
    );
  }

  /** real sales: + on payment, − on refund; neither the SKU's nor the product's count goes below 0 */
  async function addSales(tx: Tx, skuId: number, quantity: number): Promise<void> {
    if (!Number.isSafeInteger(quantity)) throw new RangeError(`quantity must be an integer, got ${quantity}`);
    if (quantity === 0) return;
    const next = 'CASE WHEN sold_count + :quantity < 0 THEN 0 ELSE sold_count + :quantity END';
    await guardedUpdate(
      sequelize,
      `UPDATE catalog_skus SET sold_count = ${next} WHERE id = :skuId`,
      { skuId, quantity },
      tx,
    );
    await guardedUpdate(
      sequelize,
      `UPDATE catalog_products SET sold_count = ${next}
       WHERE id = (SELECT product_id FROM catalog_skus WHERE id = :skuId)`,
      { skuId, quantity },
      tx,
    );
  }

  return {
    // order module
    getSkus,
    reserveStock,
    releaseStock,
    addSales,
    quoteFreight,
    lowestPriceBefore: (skuId: number, at: Date, days = 7) => lowestPriceBefore(skuId, at, days),
    // shop
    categoryTree,
    listProducts,
    getProduct,
    quoteFreightForItems,
    // admin
    listCategories,
    createCategory,
    updateCategory,
    deleteCategory,
    listFreightTemplates,
    getFreightTemplate,
    createFreightTemplate: (actor: Principal, input: FreightTemplateInput, meta: RequestMeta) =>
      saveFreightTemplate(actor, null, input, meta),
    updateFreightTemplate: (actor: Principal, id: number, input: FreightTemplateInput, meta: RequestMeta) =>
      saveFreightTemplate(actor, id, input, meta),
    deleteFreightTemplate,
    listAdminProducts,
    getAdminProduct,
    createProduct: (actor: Principal, input: ProductInput, meta: RequestMeta) =>
      saveProduct(actor, null, input, meta),
    updateProduct: (actor: Principal, id: number, input: ProductInput, meta: RequestMeta) =>
      saveProduct(actor, id, input, meta),
    setProductStatus,
    deleteProduct,
    setStock,
    adjustStock,
    priceHistory,
    uploadImage,
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
