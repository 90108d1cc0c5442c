import { parseSpecKey, skuSpecIssues, specKey, specText } from './sku-specs';

const specs = [
  { name: '颜色', values: ['红', '蓝'] },
  { name: '尺码', values: ['S', 'M'] },
];

describe('SKU specs', () => {
  it('keys a combination whatever the order of its entries, and reads it back', () => {
    expect(specKey({ 颜色: '红', 尺码: 'S' })).toBe(specKey({ 尺码: 'S', 颜色: '红' }));
    expect(parseSpecKey(specKey({ 颜色: '红', 尺码: 'S' }))).toEqual({ 颜色: '红', 尺码: 'S' });
    expect(specKey({})).toBe('[]');
  });

  it('writes the spec text in the product order', () => {
    expect(specText({ 尺码: 'S', 颜色: '红' }, specs)).toBe('颜色：红，尺码：S');
    expect(specText({}, [])).toBe('');
  });

  it('finds missing, unknown and wrong values and duplicate combinations', () => {
    expect(
      skuSpecIssues(specs, [{ specs: { 颜色: '红', 尺码: 'S' } }, { specs: { 颜色: '蓝', 尺码: 'M' } }]),
    ).toEqual([]);
    const issues = skuSpecIssues(specs, [
      { specs: { 颜色: '红', 尺码: 'S' } },
      { specs: { 颜色: '红' } },
      { specs: { 颜色: '绿', 尺码: 'S' } },
      { specs: { 颜色: '红', 尺码: 'S', 材质: '棉' } },
      { specs: { 尺码: 'S', 颜色: '红' } },
    ]);
    expect(issues.map((i) => i.index)).toEqual([1, 2, 3, 4]);
    expect(issues.map((i) => i.message)).toEqual([
      'missing spec values: 尺码',
      '绿 is not a value of 颜色',
      'unknown specs: 材质',
      'two SKUs with the same spec values',
    ]);
  });
});
