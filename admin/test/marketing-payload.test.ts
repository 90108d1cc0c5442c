import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import dayjs from 'dayjs';
import { compileSchema } from '../src/components/schema-form/schema';
import {
  fromCampaign,
  isoToShopWall,
  newCampaign,
  placeIssues,
  shopWallToIso,
  toBody,
} from '../src/pages/marketing/campaign-payload';
import type { Campaign, Tool } from '../src/pages/marketing/types';
import {
  NEW_TEMPLATE,
  couponFace,
  fromTemplate,
  placeTemplateIssues,
  termsText,
  toTemplateBody,
} from '../src/pages/marketing/coupons/template-payload';
import type { CouponTemplate } from '../src/pages/marketing/coupons/types';

/** 每满减 with a nullable cap, as the backend's full-reduction schema says (trimmed to what matters here). */
const everySchema = {
  type: 'object',
  properties: {
    mode: { type: 'string', const: 'every', description: '每满减：每满 X 元减 Y 元' },
    every: { type: 'integer', minimum: 1, maximum: 1e9, description: '每满多少（分）' },
    off: { type: 'integer', minimum: 1, maximum: 1e9, description: '减多少（分）' },
    cap: {
      default: null,
      anyOf: [
        { type: 'integer', minimum: 1, description: '最多减多少（分），空 = 不封顶' },
        { type: 'null' },
      ],
    },
  },
  required: ['mode', 'every', 'off'],
  additionalProperties: false,
};
const tool: Tool = {
  kind: 'full_reduction',
  title: '满减',
  stage: 'promotion',
  defaults: { priority: 0, exclusive: false, stackGroup: 'default' },
  jsonSchema: { oneOf: [everySchema], description: '满减配置' },
};
const schema = compileSchema(tool.jsonSchema);

describe('campaign form ↔ API body', () => {
  it('treats picker values as shop wall-clock times, whatever zone the browser runs in', () => {
    assert.equal(shopWallToIso(dayjs('2026-06-18 00:00:00')), '2026-06-17T16:00:00.000Z');
    assert.equal(
      isoToShopWall('2026-06-17T16:00:00.000Z').format('YYYY-MM-DD HH:mm:ss'),
      '2026-06-18 00:00:00',
    );
    assert.equal(shopWallToIso(isoToShopWall('2026-01-01T03:04:05.000Z')), '2026-01-01T03:04:05.000Z');
  });

  it('a new campaign takes the tool’s stacking defaults and the schema defaults', () => {
    const v = newCampaign(tool, schema);
    assert.deepEqual(v.config, { mode: 'every', cap: null });
    assert.equal(v.stackGroup, 'default');
    assert.equal(v.priority, 0);
    assert.deepEqual(v.audience, { type: 'all' });
  });

  it('sends fen, ISO UTC times, only the audience and scope fields the choice needs', () => {
    const v = newCampaign(tool, schema);
    const body = toBody(
      'full_reduction',
      {
        ...v,
        name: '  每满100减10 ',
        window: [dayjs('2026-06-18 10:00:00'), null],
        audience: { type: 'all', levelIds: [3], tags: ['体验官'] },
        scope: { mode: 'all', productIds: [7], categoryIds: [] },
        config: { ...(v.config as object), every: 10000, off: 1000, cap: 5000 },
        totalLimit: undefined,
      },
      schema,
    );
    assert.deepEqual(body, {
      kind: 'full_reduction',
      name: '每满100减10',
      description: null,
      priority: 0,
      exclusive: false,
      stackGroup: 'default',
      startsAt: '2026-06-18T02:00:00.000Z',
      endsAt: null,
      audience: { type: 'all' },
      scope: { mode: 'all', productIds: [], categoryIds: [] },
      config: { mode: 'every', every: 10000, off: 1000, cap: 5000 },
      totalLimit: null,
      perShopperLimit: null,
      enabled: true,
    });
  });

  it('an edited campaign round-trips', () => {
    const stored: Campaign = {
      id: 5,
      kind: 'full_reduction',
      toolTitle: '满减',
      name: '每满100减10',
      description: '说明',
      status: 'disabled',
      phase: 'upcoming',
      priority: 3,
      exclusive: true,
      stackGroup: 'vip',
      startsAt: '2026-06-17T16:00:00.000Z',
      endsAt: '2026-06-30T15:59:59.000Z',
      audience: { type: 'tags', tags: ['体验官'] },
      scope: { mode: 'exclude', productIds: [3], categoryIds: [9] },
      config: { mode: 'every', every: 10000, off: 1000, cap: null },
      totalLimit: 100,
      perShopperLimit: 1,
      usedCount: 2,
      createdAt: '2026-06-01T00:00:00.000Z',
      updatedAt: '2026-06-01T00:00:00.000Z',
    };
    const body = toBody('full_reduction', fromCampaign(stored, schema), schema);
    assert.deepEqual(body, {
      kind: 'full_reduction',
      name: stored.name,
      description: stored.description,
      priority: 3,
      exclusive: true,
      stackGroup: 'vip',
      startsAt: stored.startsAt,
      endsAt: stored.endsAt,
      audience: stored.audience,
      scope: stored.scope,
      config: stored.config,
      totalLimit: 100,
      perShopperLimit: 1,
      enabled: false,
    });
  });

  it('puts the server’s issues on their fields, in Chinese, the rest above the form', () => {
    const placed = placeIssues(
      [
        { path: 'config.off', message: '每满减的减免不能超过每满金额', code: 'custom' },
        { path: 'config.every', message: 'Too small: expected number to be >=1', code: 'too_small' },
        { path: 'scope.productIds', message: 'name at least one product or category', code: 'custom' },
        { path: 'endsAt', message: 'the end must be after the start', code: 'custom' },
        { path: 'config', message: 'Unrecognized key: "tiers"', code: 'unrecognized_keys' },
        { path: 'kind', message: "Unknown campaign kind 'x'", code: 'custom' },
      ],
      schema.root,
    );
    assert.deepEqual(placed.fields, [
      { name: ['config', 'off'], errors: ['每满减的减免不能超过每满金额'] },
      { name: ['config', 'every'], errors: ['不能小于 ¥0.01'] },
      { name: ['scope', 'productIds'], errors: ['请至少选择一个商品或分类'] },
      { name: ['window'], errors: ['结束时间必须晚于开始时间'] },
    ]);
    assert.deepEqual(placed.leftovers, ['活动规则：包含无法识别的字段', '营销工具：未知的营销工具']);
  });
});

describe('coupon template form ↔ API body', () => {
  it('sends only the fields of its kind, in fen and 千分比', () => {
    const body = toTemplateBody({
      ...NEW_TEMPLATE,
      name: ' 午市 8.5 折 ',
      kind: 'percent_off',
      threshold: 5000,
      amountOff: 1000, // typed before switching to 折扣券: not sent
      discountPermille: 850,
      maxDiscount: 3000,
      validityType: 'absolute',
      validityRange: [dayjs('2026-07-01 00:00:00'), dayjs('2026-08-01 00:00:00')],
      windows: [{ weekdays: [5, 1, 3], from: '11:00', to: '14:00' }],
      channels: ['claim_center', 'redemption_code'],
    });
    assert.deepEqual(body, {
      name: '午市 8.5 折',
      description: '',
      kind: 'percent_off',
      threshold: 5000,
      amountOff: 0,
      discountPermille: 850,
      maxDiscount: 3000,
      scope: { mode: 'all', productIds: [], categoryIds: [] },
      validity: { type: 'absolute', from: '2026-06-30T16:00:00.000Z', to: '2026-07-31T16:00:00.000Z' },
      windows: [{ weekdays: [1, 3, 5], from: '11:00', to: '14:00' }],
      totalQuantity: null,
      perUserLimit: 1,
      channels: ['claim_center', 'redemption_code'],
      stackable: false,
      allowActivityLines: false,
      returnOnRefund: true,
      status: 'enabled',
      claimStartsAt: null,
      claimEndsAt: null,
    });
    const amount = toTemplateBody({
      ...NEW_TEMPLATE,
      name: '满100减20',
      threshold: 10000,
      amountOff: 2000,
      discountPermille: 850,
    });
    assert.equal(amount.amountOff, 2000);
    assert.equal(amount.discountPermille, 1000);
    assert.equal(amount.maxDiscount, null);
    assert.deepEqual(amount.validity, { type: 'relative', days: 7 });
  });

  it('an edited template round-trips', () => {
    const t = {
      id: 1,
      name: '满100减20',
      description: '',
      kind: 'amount_off',
      threshold: 10000,
      amountOff: 2000,
      discountPermille: 1000,
      maxDiscount: null,
      scope: { mode: 'include', productIds: [1], categoryIds: [] },
      validity: { type: 'relative', days: 30 },
      windows: [],
      totalQuantity: 100,
      remaining: 90,
      issuedCount: 10,
      perUserLimit: 2,
      channels: ['claim_center'],
      stackable: true,
      allowActivityLines: false,
      returnOnRefund: false,
      status: 'enabled',
      claimStartsAt: null,
      claimEndsAt: '2026-07-01T16:00:00.000Z',
      createdAt: '',
      updatedAt: '',
    } satisfies CouponTemplate;
    const body = toTemplateBody(fromTemplate(t));
    const { id: _id, remaining: _r, issuedCount: _i, createdAt: _c, updatedAt: _u, status, ...terms } = t;
    assert.deepEqual(body, { ...terms, status });
  });

  it('says what a coupon gives the way a shopper reads it', () => {
    const base = { threshold: 0, amountOff: 0, discountPermille: 1000, maxDiscount: null };
    assert.equal(couponFace({ ...base, kind: 'amount_off', threshold: 9900, amountOff: 1000 }), '满99减10');
    assert.equal(couponFace({ ...base, kind: 'amount_off', amountOff: 550 }), '无门槛减5.5');
    assert.equal(
      couponFace({ ...base, kind: 'percent_off', threshold: 5000, discountPermille: 850, maxDiscount: 3000 }),
      '满50打8.5折，最多减¥30.00',
    );
    assert.equal(couponFace({ ...base, kind: 'free_shipping', threshold: 9900 }), '满99包邮');
    assert.equal(couponFace({ ...base, kind: 'free_shipping' }), '无门槛包邮');
  });

  it('puts template issues on their fields', () => {
    const placed = placeTemplateIssues([
      {
        path: 'amountOff',
        message: 'the amount off cannot exceed the threshold (满50减60 is refused)',
        code: 'custom',
      },
      { path: 'windows.0', message: "to: 'HH:mm' between 00:01 and 24:00", code: 'custom' },
      { path: 'validity.to', message: 'The validity is already over', code: 'custom' },
      { path: 'totalQuantity', message: '3 were issued already: the total cannot be lower', code: 'custom' },
    ]);
    assert.deepEqual(placed.fields, [
      { name: ['amountOff'], errors: ['减免金额不能超过使用门槛'] },
      { name: ['windows', 0, 'to'], errors: ['结束时间格式为 HH:mm（00:01–24:00）'] },
      { name: ['validityRange'], errors: ['有效期已经结束'] },
      { name: ['totalQuantity'], errors: ['已发放 3 张，总量不能少于已发放数'] },
    ]);
    assert.equal(termsText(['amountOff', 'scope']), '减免金额、适用商品');
  });
});
