/**
 * The SKU matrix of the product form: one row per combination of spec values, as the backend sees SKUs
 * (catalog `sku-specs.ts`: a SKU *is* its combination, keyed by the values sorted by spec name).
 */

/** A spec dimension as typed: 颜色 → 红, 蓝. */
export interface SpecDim {
  name: string;
  values: string[];
}

/** One row of the matrix. Amounts are the typed yuan strings; the form sends them as fen. */
export interface SkuRow {
  specs: Record<string, string>;
  /** the combination is sold (a product may leave some combinations out; they are not sent) */
  enabled: boolean;
  price: string;
  costPrice: string;
  stock: number | null;
  weightGrams: number | null;
  skuCode: string;
  status: 'on_sale' | 'off_shelf';
  /** kept from the saved SKU and sent back unchanged (the form has no per-SKU picture) */
  image: string | null;
  /** the saved SKU this row is (same combination), on edit */
  id?: number;
  /** its stock when the form loaded: stock is sent only when the merchant changed it */
  loadedStock?: number;
}

/** The backend's limits (catalog `schemas.ts`). */
export const SPEC_LIMITS = {
  dims: 3,
  values: 30,
  nameLength: 16,
  valueLength: 24,
  skus: 200,
  skuCodePattern: /^[A-Za-z0-9_.-]{1,64}$/,
  maxStock: 100_000_000,
  maxWeight: 100_000_000,
} as const;

/** The dimensions that can make SKUs: trimmed, with a name and at least one value. */
export function usableDims(dims: readonly (Partial<SpecDim> | undefined)[] | undefined): SpecDim[] {
  return (dims ?? [])
    .map((d) => ({
      name: (d?.name ?? '').trim(),
      values: [...new Set((d?.values ?? []).map((v) => v.trim()).filter(Boolean))],
    }))
    .filter((d) => d.name !== '' && d.values.length > 0);
}

/** Every combination of the dimensions' values, in the order people read them; `[{}]` without specs. */
export function combinations(dims: readonly SpecDim[]): Record<string, string>[] {
  return dims.reduce<Record<string, string>[]>(
    (rows, dim) => rows.flatMap((row) => dim.values.map((value) => ({ ...row, [dim.name]: value }))),
    [{}],
  );
}

/** How many rows the dimensions make (without building them). */
export const combinationCount = (dims: readonly SpecDim[]): number =>
  dims.reduce((n, d) => n * d.values.length, 1);

/** The backend's SKU key: the combination as entries sorted by spec name. */
export function specKey(specs: Record<string, string>): string {
  return JSON.stringify(Object.entries(specs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `颜色：红，尺码：S` in the dimensions' order, as the backend writes a SKU's spec text. */
export function specText(specs: Record<string, string>, dims: readonly SpecDim[]): string {
  return dims
    .filter((d) => specs[d.name] !== undefined)
    .map((d) => `${d.name}：${specs[d.name]}`)
    .join('，');
}

export const emptyRow = (specs: Record<string, string>): SkuRow => ({
  specs,
  enabled: true,
  price: '',
  costPrice: '',
  stock: 0,
  weightGrams: 0,
  skuCode: '',
  status: 'on_sale',
  image: null,
});

const isSubset = (small: Record<string, string>, big: Record<string, string>) =>
  Object.entries(small).every(([name, value]) => big[name] === value);

/**
 * The rows for new dimensions, keeping what the merchant typed:
 * 1. the same combination keeps its row whole (the saved SKU, its stock and code);
 * 2. a renamed dimension (the same values in the same order) keeps the row, as a new SKU for the backend;
 * 3. a dimension added or removed copies price, cost and weight from the row it grew from or shrank to
 *    (stock and SKU code start empty: they belong to one SKU);
 * 4. anything else starts empty.
 */
export function mergeRows(
  oldDims: readonly SpecDim[],
  oldRows: readonly SkuRow[],
  newDims: readonly SpecDim[],
): SkuRow[] {
  const byKey = new Map(oldRows.map((row) => [specKey(row.specs), row]));
  const valuesOf = (specs: Record<string, string>, dims: readonly SpecDim[]) =>
    JSON.stringify(dims.map((d) => specs[d.name]));
  const byValues = new Map(oldRows.map((row) => [valuesOf(row.specs, oldDims), row]));
  const used = new Set<SkuRow>();
  return combinations(newDims).map((specs) => {
    const same = byKey.get(specKey(specs));
    if (same && !used.has(same)) {
      used.add(same);
      return { ...same, specs };
    }
    const renamed = newDims.length === oldDims.length ? byValues.get(valuesOf(specs, newDims)) : undefined;
    if (renamed && !used.has(renamed)) {
      used.add(renamed);
      return { ...renamed, specs, id: undefined, loadedStock: undefined };
    }
    const related = oldRows.find((row) => isSubset(row.specs, specs) || isSubset(specs, row.specs));
    if (related) {
      return {
        ...emptyRow(specs),
        price: related.price,
        costPrice: related.costPrice,
        weightGrams: related.weightGrams,
      };
    }
    return emptyRow(specs);
  });
}

/** Problems of the dimensions as the backend would find them, in Chinese; empty when they are fine. */
export function dimProblems(dims: readonly (Partial<SpecDim> | undefined)[] | undefined): string[] {
  const problems: string[] = [];
  const list = dims ?? [];
  if (list.length > SPEC_LIMITS.dims) problems.push(`规格最多 ${SPEC_LIMITS.dims} 种`);
  const names = list.map((d) => (d?.name ?? '').trim()).filter(Boolean);
  if (new Set(names).size !== names.length) problems.push('规格名不能重复');
  list.forEach((d, i) => {
    const name = (d?.name ?? '').trim();
    if (!name) problems.push(`第 ${i + 1} 个规格缺少规格名`);
    if (!(d?.values ?? []).some((v) => v.trim())) problems.push(`规格「${name || i + 1}」至少要有一个值`);
  });
  const count = combinationCount(usableDims(list));
  if (count > SPEC_LIMITS.skus) problems.push(`规格组合最多 ${SPEC_LIMITS.skus} 个，现在是 ${count} 个`);
  return problems;
}

/** SKU codes used by more than one row (codes are unique across the shop). */
export function duplicateCodes(rows: readonly Pick<SkuRow, 'skuCode'>[]): Set<string> {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const code of rows.map((r) => r.skuCode.trim()).filter(Boolean)) {
    if (seen.has(code)) dup.add(code);
    seen.add(code);
  }
  return dup;
}
