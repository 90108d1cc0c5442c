import { normalizeProvince } from './provinces';

/**
 * Freight as a pure function of templates and a cart (no database, no clock), so that the order module, the
 * product page and the tests compute the same number.
 */
export type FreightMode = 'flat' | 'count' | 'weight';

/** `flat`: firstFee per order group. `count` (units = items) and `weight` (units = grams): first/next steps. */
export interface FeeRule {
  firstUnits: number;
  firstFee: number;
  nextUnits: number;
  nextFee: number;
}

export interface FreightZone {
  rule: FeeRule;
  /** free when the group's amount (fen) reaches this; null = no amount threshold */
  freeOverAmount: number | null;
  /** free when the group's item count reaches this; null = no count threshold */
  freeOverCount: number | null;
}

export interface FreightRules {
  mode: FreightMode;
  /** every province not named by a region */
  base: FreightZone;
  /** region-specific zones; a province appears in at most one */
  regions: (FreightZone & { provinces: string[] })[];
  /** provinces the template does not deliver to */
  excludedProvinces: string[];
}

export interface FreightTemplateRules extends FreightRules {
  id: number;
}

export interface FreightLine {
  freightTemplateId: number | null;
  quantity: number;
  /** weight of ONE unit in grams (the SKU's weightGrams); the line weighs quantity × weightGrams */
  weightGrams: number;
  /** the line's amount in fen (all units), used for the free-over-amount threshold */
  amount: number;
  kind: string;
}

export interface FreightInput {
  province: string;
  lines: FreightLine[];
}

export interface FreightQuote {
  /** fen, over the lines that can be delivered */
  freight: number;
  undeliverable: boolean;
  /** indexes into input.lines of the lines whose template excludes the province */
  undeliverableLines: number[];
}

/** fee for `units` under a first/next rule: the first step costs firstFee even for 0 grams */
export function stepFee(rule: FeeRule, units: number): number {
  const extra = Math.max(0, units - rule.firstUnits);
  return rule.firstFee + Math.ceil(extra / Math.max(1, rule.nextUnits)) * rule.nextFee;
}

export function zoneFor(rules: FreightRules, province: string): FreightZone {
  const p = normalizeProvince(province);
  return rules.regions.find((r) => r.provinces.some((x) => normalizeProvince(x) === p)) ?? rules.base;
}

export const excludes = (rules: FreightRules, province: string) =>
  rules.excludedProvinces.some((x) => normalizeProvince(x) === normalizeProvince(province));

/**
 * Only `physical` lines pay freight. Lines are grouped by template; each group is priced by the zone of the
 * province (its thresholds apply to the group's amount and item count) and the groups' fees are summed. A line
 * without a template ships free; a template that is not in `templates` (deleted meanwhile) ships free too.
 */
export function quoteFreight(templates: Iterable<FreightTemplateRules>, input: FreightInput): FreightQuote {
  const byId = new Map<number, FreightTemplateRules>();
  for (const t of templates) byId.set(t.id, t);
  const groups = new Map<number, { template: FreightTemplateRules; lines: FreightLine[] }>();
  const undeliverableLines: number[] = [];

  input.lines.forEach((line, index) => {
    if (line.kind !== 'physical' || line.freightTemplateId === null) return;
    const template = byId.get(line.freightTemplateId);
    if (!template) return;
    if (excludes(template, input.province)) {
      undeliverableLines.push(index);
      return;
    }
    const group = groups.get(template.id) ?? { template, lines: [] };
    group.lines.push(line);
    groups.set(template.id, group);
  });

  let freight = 0;
  for (const { template, lines } of groups.values()) {
    const zone = zoneFor(template, input.province);
    const count = lines.reduce((n, l) => n + l.quantity, 0);
    const amount = lines.reduce((n, l) => n + l.amount, 0);
    const free =
      (zone.freeOverAmount !== null && amount >= zone.freeOverAmount) ||
      (zone.freeOverCount !== null && count >= zone.freeOverCount);
    if (free) continue;
    if (template.mode === 'flat') freight += zone.rule.firstFee;
    else if (template.mode === 'count') freight += stepFee(zone.rule, count);
    else
      freight += stepFee(
        zone.rule,
        lines.reduce((g, l) => g + l.weightGrams * l.quantity, 0),
      );
  }
  return { freight, undeliverable: undeliverableLines.length > 0, undeliverableLines };
}

const yuan = (fen: number) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** One line for the product page, e.g. `首 1 件 ¥8.00，每增加 1 件 +¥2.00；满 ¥99.00 包邮；不配送：新疆、西藏`. */
export function describeFreight(rules: FreightRules): string {
  const { rule, freeOverAmount, freeOverCount } = rules.base;
  const unit = rules.mode === 'weight' ? '克' : '件';
  const parts: string[] = [];
  if (rules.mode === 'flat' || rule.nextFee === 0) {
    parts.push(rule.firstFee === 0 ? '包邮' : `运费 ${yuan(rule.firstFee)}`);
  } else {
    parts.push(
      `首 ${rule.firstUnits} ${unit} ${yuan(rule.firstFee)}，每增加 ${rule.nextUnits} ${unit} +${yuan(rule.nextFee)}`,
    );
  }
  if (freeOverAmount !== null) parts.push(`满 ${yuan(freeOverAmount)} 包邮`);
  if (freeOverCount !== null) parts.push(`满 ${freeOverCount} 件包邮`);
  if (rules.regions.length) parts.push('部分地区运费不同');
  if (rules.excludedProvinces.length) parts.push(`不配送：${rules.excludedProvinces.join('、')}`);
  return parts.join('；');
}
