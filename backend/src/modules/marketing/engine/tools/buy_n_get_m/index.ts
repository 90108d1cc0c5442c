import { z } from 'zod';
import type { MarketingTool } from '../../types';

export const buyNGetMConfig = z
  .object({
    buy: z.number().int().min(1).max(99).describe('买几件（N）'),
    free: z.number().int().min(1).max(99).describe('送几件（M，最便宜的几件免单）'),
  })
  .strict()
  .describe('买N送M配置');
export type BuyNGetMConfig = z.output<typeof buyNGetMConfig>;

interface UnitGroup {
  line: number;
  value: number;
  count: number;
}

/**
 * 买N送M (RULES §4): over the in-scope eligible units, every N + M units make M free, the cheapest first.
 * A line's unit values are its current amount split evenly (earlier units take the extra fen), so a line has
 * at most two distinct unit values and the units never need to be listed one by one.
 */
export const buyNGetMTool: MarketingTool<BuyNGetMConfig> = {
  kind: 'buy_n_get_m',
  title: '买N送M',
  configSchema: buyNGetMConfig,
  stage: 'promotion',
  rank: 10,
  defaults: { priority: 0, exclusive: false, stackGroup: 'default' },
  apply(campaign, view) {
    const { buy, free } = campaign.config;
    const groups: UnitGroup[] = [];
    let units = 0;
    view.lines.forEach((l, line) => {
      units += l.quantity;
      const low = Math.floor(l.amount / l.quantity);
      const high = l.amount - low * l.quantity;
      if (l.quantity - high > 0) groups.push({ line, value: low, count: l.quantity - high });
      if (high > 0) groups.push({ line, value: low + 1, count: high });
    });
    let freeUnits = Math.floor(units / (buy + free)) * free;
    if (freeUnits === 0) return null;
    groups.sort((a, b) => a.value - b.value || a.line - b.line);
    const off = new Array<number>(view.lines.length).fill(0);
    for (const g of groups) {
      if (freeUnits === 0) break;
      const take = Math.min(freeUnits, g.count);
      off[g.line] += take * g.value;
      freeUnits -= take;
    }
    const lines: { key: string; amount: number }[] = [];
    off.forEach((amount, i) => {
      if (amount > 0) lines.push({ key: view.lines[i].key, amount });
    });
    return lines.length ? { type: 'line_discounts', lines } : null;
  },
  label: (config) => `买${config.buy}送${config.free}`,
};
