import type { ApiBody, ApiData } from '../../components/api-types';
import { fenOf } from '../../components/yuan-rules';
import { fenToYuan } from '../../lib/money';

export type FreightTemplate = ApiData<'/api/admin/freight-templates', 'get'>[number];
export type FreightTemplateBody = ApiBody<'/api/admin/freight-templates', 'post'>;
export type FreightMode = FreightTemplate['mode'];

/** A zone as the form holds it: fees and thresholds typed in yuan, units in 件 or 克. */
export interface ZoneForm {
  firstUnits: number | null;
  firstFee: string;
  nextUnits: number | null;
  nextFee: string;
  /** '' = no free-shipping amount */
  freeOverAmount: string;
  freeOverCount: number | null;
}

export interface TemplateForm {
  name: string;
  mode: FreightMode;
  base: ZoneForm;
  regions: (ZoneForm & { provinces: string[] })[];
  excludedProvinces: string[];
}

export const MODE_LABELS: Record<FreightMode, string> = {
  flat: '固定运费',
  count: '按件数',
  weight: '按重量',
};

export const UNIT: Record<FreightMode, string> = { flat: '件', count: '件', weight: '克' };

export const emptyZone = (mode: FreightMode): ZoneForm => ({
  firstUnits: mode === 'weight' ? 1000 : 1,
  firstFee: '',
  nextUnits: mode === 'weight' ? 1000 : 1,
  nextFee: '0',
  freeOverAmount: '',
  freeOverCount: null,
});

export const NEW_TEMPLATE: TemplateForm = {
  name: '',
  mode: 'flat',
  base: emptyZone('flat'),
  regions: [],
  excludedProvinces: [],
};

type ZoneOut = FreightTemplate['base'];

function zoneToForm(zone: ZoneOut): ZoneForm {
  return {
    firstUnits: zone.rule.firstUnits,
    firstFee: fenToYuan(zone.rule.firstFee),
    nextUnits: zone.rule.nextUnits,
    nextFee: fenToYuan(zone.rule.nextFee),
    freeOverAmount: zone.freeOverAmount === null ? '' : fenToYuan(zone.freeOverAmount),
    freeOverCount: zone.freeOverCount,
  };
}

export function templateToForm(t: FreightTemplate): TemplateForm {
  return {
    name: t.name,
    mode: t.mode,
    base: zoneToForm(t.base),
    regions: t.regions.map((r) => ({ ...zoneToForm(r), provinces: [...r.provinces] })),
    excludedProvinces: [...t.excludedProvinces],
  };
}

function zoneToBody(zone: ZoneForm, mode: FreightMode) {
  const flat = mode === 'flat';
  return {
    rule: {
      firstUnits: flat ? 1 : (zone.firstUnits ?? 1),
      firstFee: fenOf(zone.firstFee),
      nextUnits: flat ? 1 : (zone.nextUnits ?? 1),
      nextFee: flat ? 0 : fenOf(zone.nextFee),
    },
    freeOverAmount: zone.freeOverAmount.trim() ? fenOf(zone.freeOverAmount) : null,
    freeOverCount: zone.freeOverCount ?? null,
  };
}

/** The form as the body of POST / PUT `/api/admin/freight-templates` (fen). */
export function templateToBody(form: TemplateForm): FreightTemplateBody {
  return {
    name: form.name.trim(),
    mode: form.mode,
    base: zoneToBody(form.base, form.mode),
    regions: (form.regions ?? []).map((r) => ({ ...zoneToBody(r, form.mode), provinces: r.provinces })),
    excludedProvinces: form.excludedProvinces ?? [],
  };
}

/** Provinces named twice across regions and exclusions (the backend refuses them). */
export function repeatedProvinces(form: Pick<TemplateForm, 'regions' | 'excludedProvinces'>): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const p of [
    ...(form.excludedProvinces ?? []),
    ...(form.regions ?? []).flatMap((r) => r?.provinces ?? []),
  ]) {
    if (seen.has(p)) repeated.add(p);
    seen.add(p);
  }
  return repeated;
}
