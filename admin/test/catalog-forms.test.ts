import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../src/api/api-error';
import { issueMessage, showFieldErrors } from '../src/components/errors';
import { fenOf, yuanRules } from '../src/components/yuan-rules';
import {
  fromProduct,
  NEW_PRODUCT,
  toProductBody,
  type ProductFormValues,
} from '../src/pages/product-form/product-payload';
import {
  combinations,
  dimProblems,
  duplicateCodes,
  emptyRow,
  mergeRows,
  specKey,
  usableDims,
  type SkuRow,
} from '../src/pages/product-form/sku-matrix';
import type { AdminProduct } from '../src/pages/product-form/types';
import {
  NEW_TEMPLATE,
  repeatedProvinces,
  templateToBody,
  templateToForm,
  type FreightTemplate,
} from '../src/pages/freight-templates/template-form';

const COLOR = { name: '颜色', values: ['白', '蓝'] };
const SIZE = { name: '尺码', values: ['M', 'L'] };

describe('SKU matrix', () => {
  it('makes one row per combination, in the order people read them', () => {
    assert.deepEqual(combinations([]), [{}]);
    assert.deepEqual(combinations([COLOR, SIZE]), [
      { 颜色: '白', 尺码: 'M' },
      { 颜色: '白', 尺码: 'L' },
      { 颜色: '蓝', 尺码: 'M' },
      { 颜色: '蓝', 尺码: 'L' },
    ]);
  });

  it('keys a combination like the backend: by spec name, whatever the order', () => {
    assert.equal(specKey({ 颜色: '白', 尺码: 'M' }), specKey({ 尺码: 'M', 颜色: '白' }));
  });

  it('ignores dimensions still being typed', () => {
    assert.deepEqual(
      usableDims([
        { name: ' 颜色 ', values: ['白', ' ', '白'] },
        { name: '', values: ['x'] },
      ]),
      [{ name: '颜色', values: ['白'] }],
    );
  });

  it('keeps what was typed when a value is added, a dimension renamed or added', () => {
    const rows: SkuRow[] = combinations([COLOR]).map((specs, i) => ({
      ...emptyRow(specs),
      id: 10 + i,
      price: `1${i}.00`,
      stock: 5,
      loadedStock: 5,
      skuCode: `C${i}`,
    }));
    // a value added: both old rows stay whole, the new one starts empty
    const more = mergeRows([COLOR], rows, [{ name: '颜色', values: ['白', '蓝', '红'] }]);
    assert.deepEqual(
      more.map((r) => [r.specs['颜色'], r.id, r.price, r.skuCode]),
      [
        ['白', 10, '10.00', 'C0'],
        ['蓝', 11, '11.00', 'C1'],
        ['红', undefined, '', ''],
      ],
    );
    // renamed: the values stay, the rows become new SKUs for the backend
    const renamed = mergeRows([COLOR], rows, [{ name: '色彩', values: ['白', '蓝'] }]);
    assert.deepEqual(
      renamed.map((r) => [r.specs, r.id, r.price, r.loadedStock]),
      [
        [{ 色彩: '白' }, undefined, '10.00', undefined],
        [{ 色彩: '蓝' }, undefined, '11.00', undefined],
      ],
    );
    // a dimension added: prices copied from the row each grew from; stock and code belong to one SKU
    const grown = mergeRows([COLOR], rows, [COLOR, SIZE]);
    assert.equal(grown.length, 4);
    assert.deepEqual(
      grown.map((r) => [r.price, r.stock, r.skuCode, r.id]),
      [
        ['10.00', 0, '', undefined],
        ['10.00', 0, '', undefined],
        ['11.00', 0, '', undefined],
        ['11.00', 0, '', undefined],
      ],
    );
  });

  it('finds what the backend refuses: too many combinations, repeated names, empty values, repeated codes', () => {
    assert.deepEqual(dimProblems([COLOR, SIZE]), []);
    assert.ok(dimProblems([COLOR, COLOR]).includes('规格名不能重复'));
    assert.ok(dimProblems([{ name: '颜色', values: [] }]).some((p) => p.includes('至少要有一个值')));
    const big = { name: 'a', values: Array.from({ length: 15 }, (_, i) => `v${i}`) };
    assert.ok(dimProblems([big, { ...big, name: 'b' }]).some((p) => p.includes('最多 200 个')));
    assert.ok(
      dimProblems([COLOR, SIZE, { name: 'x', values: ['1'] }, { name: 'y', values: ['1'] }])[0].includes('3'),
    );
    assert.deepEqual(
      [...duplicateCodes([{ skuCode: 'A' }, { skuCode: ' A ' }, { skuCode: '' }, { skuCode: '' }])],
      ['A'],
    );
  });
});

describe('product form ↔ API body', () => {
  const values = (): ProductFormValues => ({
    ...NEW_PRODUCT,
    title: ' 衬衫 ',
    categoryId: 3,
    images: [{ ref: 'products/2026/11/a.jpg', url: '/uploads/products/2026/11/a.jpg' }],
    detail: [
      { type: 'text', text: '亚麻' },
      { type: 'text', text: '  ' },
      { type: 'image', image: [{ ref: 'products/2026/11/b.jpg', url: '/uploads/products/2026/11/b.jpg' }] },
    ],
    freightTemplateId: 2,
    specs: [COLOR],
    skus: [
      { ...emptyRow({ 颜色: '白' }), price: '0.29', costPrice: '', stock: 3, skuCode: ' W ' },
      { ...emptyRow({ 颜色: '蓝' }), price: '19.99', costPrice: '8.8', stock: 1, enabled: false },
    ],
  });

  it('sends yuan as fen, trims, leaves out the combinations not sold and empty paragraphs', () => {
    const body = toProductBody(values());
    assert.equal(body.title, '衬衫');
    assert.deepEqual(body.images, ['products/2026/11/a.jpg']);
    assert.deepEqual(body.detail, [
      { type: 'text', text: '亚麻' },
      { type: 'image', url: 'products/2026/11/b.jpg' },
    ]);
    assert.equal(body.freightTemplateId, 2);
    assert.deepEqual(body.specs, [COLOR]);
    assert.deepEqual(body.skus, [
      {
        specs: { 颜色: '白' },
        price: 29,
        costPrice: 0,
        stock: 3,
        weightGrams: 0,
        skuCode: 'W',
        image: null,
        status: 'on_sale',
      },
    ]);
  });

  it('sends no freight template for what does not ship, and 0 means none', () => {
    assert.equal(toProductBody({ ...values(), kind: 'virtual' }).freightTemplateId, null);
    assert.equal(toProductBody({ ...values(), freightTemplateId: 0 }).freightTemplateId, null);
  });

  const saved: AdminProduct = {
    id: 7,
    title: '衬衫',
    subtitle: '',
    kind: 'physical',
    categoryId: 3,
    images: ['products/2026/11/a.jpg', 'https://cdn.example.com/x.jpg'],
    imageUrls: ['/uploads/products/2026/11/a.jpg', 'https://cdn.example.com/x.jpg'],
    detail: [{ type: 'image', url: 'products/2026/11/b.jpg' }],
    status: 'on_sale',
    labels: { special: true, memberPrice: false },
    freightTemplateId: null,
    sortOrder: 5,
    minPrice: 1000,
    maxPrice: 1000,
    soldCount: 0,
    specs: [COLOR],
    skus: [
      {
        id: 41,
        specs: { 颜色: '蓝' },
        specText: '颜色：蓝',
        price: 1000,
        originalPrice: null,
        costPrice: 420,
        stock: 9,
        weightGrams: 250,
        skuCode: 'B',
        image: 'products/2026/11/sku.jpg',
        status: 'on_sale',
        soldCount: 2,
      },
    ],
    createdAt: '2026-11-26T00:00:00.000Z',
    updatedAt: '2026-11-26T00:00:00.000Z',
  };

  it('loads a saved product: the full matrix, combinations it does not sell left out, pictures with URLs', () => {
    const form = fromProduct(saved);
    assert.equal(form.freightTemplateId, 0);
    assert.deepEqual(
      form.skus.map((r) => [r.specs['颜色'], r.enabled, r.id, r.price, r.costPrice, r.stock]),
      [
        ['白', false, undefined, '', '', 0],
        ['蓝', true, 41, '10.00', '4.20', 9],
      ],
    );
    // a detail picture stored as a key gets the prefix the storage gave the product's own keys
    assert.equal(form.detail[0].image?.[0].url, '/uploads/products/2026/11/b.jpg');
  });

  it('sends a saved SKU back with its picture, and its stock only when it was changed', () => {
    const form = fromProduct(saved);
    const unchanged = toProductBody(form).skus[0];
    assert.equal('stock' in unchanged, false);
    assert.equal(unchanged.image, 'products/2026/11/sku.jpg');
    assert.equal(unchanged.costPrice, 420);
    form.skus[1].stock = 12;
    assert.equal(toProductBody(form).skus[0].stock, 12);
  });
});

describe('freight template form', () => {
  const template: FreightTemplate = {
    id: 1,
    name: '普通快递',
    mode: 'weight',
    base: {
      rule: { firstUnits: 1000, firstFee: 800, nextUnits: 500, nextFee: 150 },
      freeOverAmount: 9900,
      freeOverCount: null,
    },
    regions: [
      {
        provinces: ['新疆', '西藏'],
        rule: { firstUnits: 1000, firstFee: 2000, nextUnits: 1000, nextFee: 1000 },
        freeOverAmount: null,
        freeOverCount: 3,
      },
    ],
    excludedProvinces: ['香港'],
    summary: '',
  };

  it('round-trips through yuan without changing a fen', () => {
    const form = templateToForm(template);
    assert.equal(form.base.firstFee, '8.00');
    assert.equal(form.base.freeOverAmount, '99.00');
    const { name, mode, base, regions, excludedProvinces } = template;
    assert.deepEqual(templateToBody(form), {
      name,
      mode,
      base: { rule: base.rule, freeOverAmount: 9900, freeOverCount: null },
      regions: regions.map((r) => ({
        rule: r.rule,
        freeOverAmount: null,
        freeOverCount: 3,
        provinces: r.provinces,
      })),
      excludedProvinces,
    });
  });

  it('sends a flat template with unit fields the backend expects', () => {
    const body = templateToBody({
      ...NEW_TEMPLATE,
      name: ' 包邮 ',
      base: { ...NEW_TEMPLATE.base, firstFee: '0' },
    });
    assert.deepEqual(body.base, {
      rule: { firstUnits: 1, firstFee: 0, nextUnits: 1, nextFee: 0 },
      freeOverAmount: null,
      freeOverCount: null,
    });
    assert.equal(body.name, '包邮');
  });

  it('finds a province named twice', () => {
    const form = templateToForm(template);
    assert.equal(repeatedProvinces(form).size, 0);
    assert.deepEqual([...repeatedProvinces({ ...form, excludedProvinces: ['新疆'] })], ['新疆']);
  });
});

describe('form helpers', () => {
  it('checks yuan amounts like the API: two decimals, not negative, within the ceiling', async () => {
    const [rule] = yuanRules({ required: true, label: '售价' });
    const check = (v: unknown) => (rule.validator as (r: unknown, v: unknown) => Promise<void>)({}, v);
    await check('12.30');
    await assert.rejects(check(''), /请填写售价/);
    await assert.rejects(check('12.345'), /最多两位小数/);
    await assert.rejects(check('-1'), /格式不正确/);
    await assert.rejects(check('100000001'), /不能超过/);
    assert.equal(fenOf('0.29'), 29);
    assert.equal(fenOf('', 5), 5);
  });

  it('puts the API’s field errors on the fields, in Chinese, and returns the rest', () => {
    const set: unknown[] = [];
    const form = { setFields: (f: unknown[]) => set.push(...f) };
    const error = new ApiError('VALIDATION_FAILED', 400, [
      { path: 'skus.1.price', message: 'Too big', code: 'too_big' },
      { path: 'categoryId', message: 'No such category', code: 'custom' },
      { path: 'skus', message: 'SKU codes must be distinct', code: 'custom' },
    ]);
    const rest = showFieldErrors(form as never, error, (p) => (p.length === 1 && p[0] === 'skus' ? null : p));
    assert.deepEqual(set, [
      { name: ['skus', 1, 'price'], errors: ['内容太长或数值太大'] },
      { name: ['categoryId'], errors: ['分类不存在'] },
    ]);
    assert.deepEqual(rest, ['skus：SKU 编码不能重复']);
    assert.equal(showFieldErrors(form as never, new ApiError('CONFLICT', 409)), null);
    assert.equal(issueMessage({ path: 'x', message: 'odd', code: 'custom' }), '不符合要求（odd）');
  });
});
