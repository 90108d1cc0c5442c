import type { ShopProduct, ShopSku } from '../../services/api-types';

export type SpecChoice = Record<string, string>;

/** The SKU whose specs are exactly the chosen values, once every spec has a value. */
export function chosenSku(product: ShopProduct, choice: SpecChoice): ShopSku | undefined {
  if (product.specs.some((spec) => choice[spec.name] === undefined)) return undefined;
  return product.skus.find((sku) =>
    product.specs.every((spec) => sku.specs[spec.name] === choice[spec.name]),
  );
}

/** A value can be picked when some SKU in stock has it together with the other values already chosen. */
export function valueAvailable(
  product: ShopProduct,
  choice: SpecChoice,
  name: string,
  value: string,
): boolean {
  return product.skus.some(
    (sku) =>
      sku.stock > 0 &&
      sku.specs[name] === value &&
      product.specs.every(
        (spec) =>
          spec.name === name || choice[spec.name] === undefined || sku.specs[spec.name] === choice[spec.name],
      ),
  );
}

/** A product with one SKU (no specs) starts chosen. */
export function initialChoice(product: ShopProduct): SpecChoice {
  const first = product.skus[0];
  return product.specs.length === 0 || product.skus.length !== 1 || !first ? {} : { ...first.specs };
}
