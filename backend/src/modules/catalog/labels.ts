/**
 * 已售 N+ from real sales, rounded DOWN so the label never claims more than was sold: exact below 100, then
 * whole hundreds (已售 300+), whole thousands (已售 2000+), and 万 with one decimal from 10,000 (已售 1.2万+).
 * Nothing below 1 sale.
 */
export function soldLabel(sold: number): string | null {
  if (!Number.isSafeInteger(sold) || sold <= 0) return null;
  if (sold < 100) return `已售 ${sold}`;
  if (sold < 1000) return `已售 ${Math.floor(sold / 100) * 100}+`;
  if (sold < 10_000) return `已售 ${Math.floor(sold / 1000) * 1000}+`;
  return `已售 ${Math.floor(sold / 1000) / 10}万+`;
}

/** The merchant-set labels in display order. */
export function labelTexts(flags: { special: boolean; memberPrice: boolean }): string[] {
  return [...(flags.special ? ['特价'] : []), ...(flags.memberPrice ? ['会员专享价'] : [])];
}
