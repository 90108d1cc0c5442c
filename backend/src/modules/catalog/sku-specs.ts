/** A product's spec dimensions, e.g. { name: '颜色', values: ['红', '蓝'] }. */
export interface SpecDef {
  name: string;
  values: string[];
}

/**
 * A SKU is one combination of spec values; its key is that combination as JSON entries sorted by spec name,
 * so reordering the specs keeps every SKU. Changing a value makes another SKU (the old one leaves sale but
 * stays for the orders that name it).
 */
export function specKey(specs: Record<string, string>): string {
  return JSON.stringify(Object.entries(specs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function parseSpecKey(key: string): Record<string, string> {
  return Object.fromEntries(JSON.parse(key) as [string, string][]);
}

/** `颜色：红，尺码：S` in the product's spec order; '' for a product without specs. */
export function specText(specs: Record<string, string>, order: readonly SpecDef[]): string {
  const names = [
    ...order.map((s) => s.name),
    ...Object.keys(specs).filter((n) => !order.some((s) => s.name === n)),
  ];
  return names
    .filter((n) => specs[n] !== undefined)
    .map((n) => `${n}：${specs[n]}`)
    .join('，');
}

/** Problems with a product's SKUs against its specs, as (index, message) pairs; empty when consistent. */
export function skuSpecIssues(
  specs: readonly SpecDef[],
  skus: readonly { specs: Record<string, string> }[],
): { index: number; message: string }[] {
  const issues: { index: number; message: string }[] = [];
  const seen = new Set<string>();
  skus.forEach((sku, index) => {
    const names = Object.keys(sku.specs);
    const missing = specs.filter((s) => !(s.name in sku.specs)).map((s) => s.name);
    const unknown = names.filter((n) => !specs.some((s) => s.name === n));
    const badValue = specs.filter((s) => s.name in sku.specs && !s.values.includes(sku.specs[s.name]));
    if (missing.length) issues.push({ index, message: `missing spec values: ${missing.join(', ')}` });
    if (unknown.length) issues.push({ index, message: `unknown specs: ${unknown.join(', ')}` });
    for (const s of badValue)
      issues.push({ index, message: `${sku.specs[s.name]} is not a value of ${s.name}` });
    const key = specKey(sku.specs);
    if (seen.has(key)) issues.push({ index, message: 'two SKUs with the same spec values' });
    seen.add(key);
  });
  return issues;
}
