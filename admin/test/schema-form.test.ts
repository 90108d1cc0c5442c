import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { issueText } from '../src/components/schema-form/messages';
import {
  VARIANT_KEY,
  cleanValue,
  compileSchema,
  describePath,
  fieldAt,
  initialValue,
  loadValue,
  parseDescription,
  switchVariant,
  unsupportedNodes,
  variantIndex,
  type Field,
  type FieldNode,
} from '../src/components/schema-form/schema';
import {
  fenToInput,
  formatPermille,
  inputToFen,
  permilleToZhe,
  zheToPermille,
} from '../src/components/schema-form/units';

/**
 * The schemas are the backend's real ones: the tool registry's `describe()` (what GET
 * /api/admin/marketing/tools answers) and its `validateConfig` (what POST /api/admin/campaigns checks).
 * Loaded by a computed path so that the admin's tsc does not type-check backend sources.
 */
interface ToolRegistry {
  describe(): { kind: string; title: string; jsonSchema: Record<string, unknown> }[];
  validateConfig(kind: string, config: unknown): { success: boolean; data?: unknown; error?: unknown };
}
let registry: ToolRegistry;
const schemas = new Map<string, Record<string, unknown>>();

before(async () => {
  const path = '../../backend/src/modules/marketing/engine/registry.ts';
  const mod = (await import(path)) as { createToolRegistry(): ToolRegistry };
  registry = mod.createToolRegistry();
  for (const t of registry.describe()) schemas.set(t.kind, t.jsonSchema);
});

const compiled = (kind: string) => {
  const schema = schemas.get(kind);
  assert.ok(schema, `tool ${kind} is registered`);
  return compileSchema(schema);
};

function field(fields: Field[], key: string): Field {
  const f = fields.find((x) => x.key === key);
  assert.ok(f, `field ${key}`);
  return f;
}

function fieldsOf(node: FieldNode): Field[] {
  assert.equal(node.kind, 'object');
  return (node as Extract<FieldNode, { kind: 'object' }>).fields;
}

const kindOf = (f: Field) => (f.node.kind === 'nullable' ? `nullable(${f.node.inner.kind})` : f.node.kind);

function validConfig(kind: string, config: unknown): unknown {
  const result = registry.validateConfig(kind, config);
  assert.ok(
    result.success,
    `${kind} config ${JSON.stringify(config)} is valid: ${JSON.stringify(result.error)}`,
  );
  return result.data;
}

describe('yuan ↔ fen and 折 ↔ 千分比 in the widgets', () => {
  it('types money in yuan and sends integer fen', () => {
    assert.equal(inputToFen('100'), 10000);
    assert.equal(inputToFen('0.29'), 29);
    assert.equal(inputToFen('19.9'), 1990);
    assert.equal(inputToFen(''), undefined);
    assert.equal(inputToFen(null), undefined);
    assert.equal(inputToFen('1.234'), null);
    assert.equal(fenToInput(1990), '19.90');
    assert.equal(fenToInput(undefined), undefined);
    assert.equal(fenToInput(null), undefined);
  });

  it('shows 千分比 as 折 and back', () => {
    assert.equal(permilleToZhe(850), '8.5');
    assert.equal(permilleToZhe(800), '8');
    assert.equal(permilleToZhe(855), '8.55');
    assert.equal(permilleToZhe(5), '0.05');
    assert.equal(permilleToZhe(1000), '10');
    assert.equal(formatPermille(950), '9.5 折');
    assert.equal(zheToPermille('8.5'), 850);
    assert.equal(zheToPermille('8'), 800);
    assert.equal(zheToPermille('8.55'), 855);
    assert.equal(zheToPermille('0.05'), 5);
    for (const bad of ['', '8.555', '-1', 'abc', '100']) assert.equal(zheToPermille(bad), null, bad);
    for (let p = 1; p <= 1000; p++) assert.equal(zheToPermille(permilleToZhe(p)), p);
  });
});

describe('descriptions → labels and notes', () => {
  it('takes the label before the first colon, parenthesis or comma', () => {
    assert.deepEqual(parseDescription('最多减多少（分），空 = 不封顶'), {
      label: '最多减多少',
      parts: ['分', '空 = 不封顶'],
    });
    assert.deepEqual(parseDescription('门槛单位：fen 金额（分）、items 件数'), {
      label: '门槛单位',
      parts: ['fen 金额', '分', 'items 件数'],
    });
    assert.deepEqual(parseDescription('赠品 SKU'), { label: '赠品 SKU', parts: [] });
    assert.deepEqual(parseDescription(undefined), { label: '', parts: [] });
  });
});

describe('schema → widget mapping of every registered tool', () => {
  it('draws every tool without an unsupported node', () => {
    assert.ok(schemas.size >= 6);
    for (const [kind, schema] of schemas)
      assert.deepEqual(unsupportedNodes(compileSchema(schema).root), [], kind);
  });

  it('满减: a radio switch on mode; tiers as a table of 满减/满折 rows; fen in yuan, 千分比 in 折', () => {
    const { root, title } = compiled('full_reduction');
    assert.equal(title, '满减配置');
    assert.equal(root.kind, 'switch');
    if (root.kind !== 'switch') return;
    assert.equal(root.discriminator, 'mode');
    assert.deepEqual(
      root.options.map((o) => [o.value, o.label, o.help]),
      [
        ['tiers', '阶梯满减', '达到的最高一档生效'],
        ['every', '每满减', '每满 X 元减 Y 元'],
      ],
    );
    const [tiersMode, everyMode] = root.options;
    const unit = field(tiersMode.fields, 'thresholdUnit');
    assert.equal(unit.label, '门槛单位');
    assert.deepEqual(unit.node, {
      kind: 'select',
      options: [
        { value: 'fen', label: '金额' },
        { value: 'items', label: '件数' },
      ],
    });
    assert.equal(unit.help, '');
    assert.deepEqual(unit.default, { value: 'fen' });

    const tiers = field(tiersMode.fields, 'tiers');
    assert.equal(tiers.label, '档位');
    assert.equal(tiers.help, '最多 10 档');
    assert.equal(tiers.node.kind, 'list');
    if (tiers.node.kind !== 'list') return;
    assert.equal(tiers.node.minItems, 1);
    assert.equal(tiers.node.maxItems, 10);
    const row = tiers.node.item;
    assert.equal(row.kind, 'variants');
    if (row.kind !== 'variants') return;
    assert.deepEqual(
      row.options.map((o) => o.label),
      ['满减', '满折'],
    );
    const [amountTier, percentTier] = row.options;
    const threshold = field(amountTier.fields, 'threshold');
    assert.equal(threshold.label, '门槛');
    // fen or items, by the enclosing thresholdUnit
    assert.deepEqual(threshold.node, {
      kind: 'moneyOrCount',
      unitKey: 'thresholdUnit',
      moneyUnit: 'fen',
      min: 1,
      max: 1e9,
    });
    assert.deepEqual(field(amountTier.fields, 'amountOff').node, { kind: 'money', min: 1, max: 1e9 });
    assert.equal(field(amountTier.fields, 'amountOff').label, '减多少');
    assert.equal(field(amountTier.fields, 'amountOff').help, '');
    assert.deepEqual(field(percentTier.fields, 'discountPermille').node, {
      kind: 'permille',
      min: 1,
      max: 999,
    });
    assert.equal(field(percentTier.fields, 'discountPermille').label, '打几折');

    assert.deepEqual(everyMode.fields.map(kindOf), ['money', 'money', 'nullable(money)']);
    const cap = field(everyMode.fields, 'cap');
    assert.equal(cap.label, '最多减多少');
    assert.equal(cap.node.kind === 'nullable' && cap.node.nullLabel, '不封顶');
    assert.deepEqual(cap.default, { value: null });
  });

  it('满包邮: nullable amount and count with their own "空 =" labels; provinces as tags', () => {
    const fields = fieldsOf(compiled('free_shipping').root);
    assert.deepEqual(fields.map(kindOf), ['nullable(money)', 'nullable(integer)', 'tags']);
    const [minAmount, minItems] = fields;
    assert.equal(minAmount.label, '满多少包邮');
    assert.equal(minAmount.help, '按优惠后金额');
    assert.equal(minAmount.node.kind === 'nullable' && minAmount.node.nullLabel, '不按金额');
    assert.equal(minItems.node.kind === 'nullable' && minItems.node.nullLabel, '不按件数');
    assert.equal(field(fields, 'excludedProvinces').label, '不包邮的省份');
  });

  it('满赠 and 阶梯价: SKU pickers, nested tier tables, unit prices in yuan', () => {
    const gift = fieldsOf(compiled('gift').root);
    const giftTiers = field(gift, 'tiers').node;
    assert.equal(giftTiers.kind, 'list');
    if (giftTiers.kind !== 'list') return;
    const giftRow = fieldsOf(giftTiers.item);
    assert.deepEqual(giftRow.map(kindOf), ['money', 'sku', 'integer']);
    assert.deepEqual(field(giftRow, 'quantity').default, { value: 1 });

    const tiered = fieldsOf(compiled('tiered_price').root);
    const skus = field(tiered, 'skus').node;
    assert.equal(skus.kind, 'list');
    if (skus.kind !== 'list') return;
    const skuRow = fieldsOf(skus.item);
    assert.deepEqual(skuRow.map(kindOf), ['sku', 'list']);
    assert.deepEqual(
      skuRow.map((f) => f.label),
      ['SKU', '阶梯'],
    );
    assert.equal(field(giftRow, 'skuId').label, '赠品 SKU');
    const nested = field(skuRow, 'tiers').node;
    assert.ok(nested.kind === 'list');
    assert.deepEqual(fieldsOf(nested.item).map(kindOf), ['integer', 'money']);
  });

  it('会员日: 积分倍数 stays an integer (积分 is not 分); the discount is in 折', () => {
    const fields = fieldsOf(compiled('member_day').root);
    assert.deepEqual(fields.map(kindOf), ['integer', 'permille', 'integer']);
    const discount = field(fields, 'discountPermille');
    assert.equal(discount.label, '会员额外折扣');
    assert.equal(discount.help, '10 折：不打折只翻倍积分');
    assert.equal(field(fields, 'pointsMultiplier').label, '当天积分倍数');
  });

  it('买N送M: plain integers', () => {
    assert.deepEqual(fieldsOf(compiled('buy_n_get_m').root).map(kindOf), ['integer', 'integer']);
  });
});

describe('form values ↔ API config', () => {
  it('starts from the defaults, one tier row, and the first option', () => {
    assert.deepEqual(initialValue(compiled('full_reduction').root), {
      mode: 'tiers',
      thresholdUnit: 'fen',
      tiers: [{ [VARIANT_KEY]: 0 }],
    });
    assert.deepEqual(initialValue(compiled('member_day').root), {
      dayOfMonth: 18,
      discountPermille: 800,
      pointsMultiplier: 2,
    });
    assert.deepEqual(initialValue(compiled('free_shipping').root), {
      minAmount: null,
      minItems: null,
      excludedProvinces: [],
    });
    // the defaults alone are a valid config
    validConfig(
      'member_day',
      cleanValue(compiled('member_day').root, initialValue(compiled('member_day').root)),
    );
    validConfig(
      'free_shipping',
      cleanValue(compiled('free_shipping').root, initialValue(compiled('free_shipping').root)),
    );
  });

  it('满100减20、满200打8.5折 typed in yuan and 折 is the exact fen config the API accepts', () => {
    const { root } = compiled('full_reduction');
    assert.equal(root.kind, 'switch');
    if (root.kind !== 'switch') return;
    const row = (
      root.options[0].fields.find((f) => f.key === 'tiers')!.node as Extract<FieldNode, { kind: 'list' }>
    ).item as Extract<FieldNode, { kind: 'variants' }>;
    // the merchant switches the second row to 满折 after typing its threshold: the threshold stays
    const second = switchVariant(row, { [VARIANT_KEY]: 0, threshold: inputToFen('200') }, 1);
    assert.deepEqual(second, { [VARIANT_KEY]: 1, threshold: 20000 });
    const form = {
      mode: 'tiers',
      thresholdUnit: 'fen',
      // a value left over from the 每满减 option is not sent (the schemas are strict)
      every: 5000,
      tiers: [
        { [VARIANT_KEY]: 0, threshold: inputToFen('100'), amountOff: inputToFen('20') },
        { ...second, discountPermille: zheToPermille('8.5') },
      ],
    };
    const config = cleanValue(root, form);
    assert.deepEqual(config, {
      mode: 'tiers',
      thresholdUnit: 'fen',
      tiers: [
        { threshold: 10000, amountOff: 2000 },
        { threshold: 20000, discountPermille: 850 },
      ],
    });
    assert.deepEqual(validConfig('full_reduction', config), config);
  });

  it('每满 ¥100 减 ¥10 with the cap left 不封顶', () => {
    const { root } = compiled('full_reduction');
    const config = cleanValue(root, {
      mode: 'every',
      every: inputToFen('100'),
      off: inputToFen('10'),
      cap: null,
      tiers: [],
    });
    assert.deepEqual(config, { mode: 'every', every: 10000, off: 1000, cap: null });
    validConfig('full_reduction', config);
  });

  it('an edited campaign keeps each row in its variant', () => {
    const { root } = compiled('full_reduction');
    const stored = {
      mode: 'tiers',
      thresholdUnit: 'items',
      tiers: [{ threshold: 3, discountPermille: 900 }],
    };
    const loaded = loadValue(root, stored) as { tiers: Record<string, unknown>[] };
    assert.equal(loaded.tiers[0][VARIANT_KEY], 1);
    const tiers = (root as Extract<FieldNode, { kind: 'switch' }>).options[0].fields[1].node as Extract<
      FieldNode,
      { kind: 'list' }
    >;
    assert.equal(variantIndex(tiers.item as Extract<FieldNode, { kind: 'variants' }>, { threshold: 3 }), 0);
    assert.deepEqual(cleanValue(root, loaded), stored);
  });
});

describe('server issues land on their fields', () => {
  it('finds the field of config.tiers.0.amountOff and says where it is', () => {
    const { root } = compiled('full_reduction');
    const hit = fieldAt(root, ['tiers', 0, 'amountOff']);
    assert.deepEqual(hit?.path, ['tiers', 0, 'amountOff']);
    assert.equal(hit?.field.label, '减多少');
    assert.deepEqual(fieldAt(root, ['off'])?.path, ['off']);
    assert.deepEqual(fieldAt(root, ['mode'])?.path, ['mode']);
    // a row-level issue (two tiers with one threshold) has no single field: it is listed above the form
    assert.equal(fieldAt(root, ['tiers', 1]), null);
    assert.equal(fieldAt(root, ['nope']), null);
    assert.equal(describePath(root, ['tiers', 1]), '档位 第 2 行');
    assert.equal(describePath(root, ['tiers', 0, 'amountOff']), '档位 第 1 行 减多少');
    // a path into a tag list lands on the list
    const free = compiled('free_shipping').root;
    assert.deepEqual(fieldAt(free, ['excludedProvinces', 2])?.path, ['excludedProvinces']);
  });

  it('reads zod issues in Chinese, bounds in the field’s unit', () => {
    const { root } = compiled('full_reduction');
    const off = fieldAt(root, ['tiers', 0, 'amountOff'])!.field.node;
    assert.equal(
      issueText({ message: 'Too small: expected number to be >=1', code: 'too_small' }, off),
      '不能小于 ¥0.01',
    );
    const permille = fieldAt(root, ['tiers', 0, 'discountPermille'])!.field.node;
    assert.equal(issueText({ message: 'Too big', code: 'too_big' }, permille), '不能大于 9.99 折');
    assert.equal(issueText({ message: '减免金额不能超过门槛', code: 'custom' }), '减免金额不能超过门槛');
    assert.equal(
      issueText({ message: 'name at least one product or category', code: 'custom' }),
      '请至少选择一个商品或分类',
    );
    assert.equal(
      issueText({ message: 'Already used 3 times', code: 'custom' }),
      '已使用 3 次，总次数不能少于已使用次数',
    );
    assert.equal(issueText({ message: 'Invalid input', code: 'invalid_type' }), '请填写此项');
  });
});
