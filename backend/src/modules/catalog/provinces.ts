/** The 34 provincial-level divisions by their short names, as freight templates name them. */
export const PROVINCES = [
  '北京',
  '天津',
  '河北',
  '山西',
  '内蒙古',
  '辽宁',
  '吉林',
  '黑龙江',
  '上海',
  '江苏',
  '浙江',
  '安徽',
  '福建',
  '江西',
  '山东',
  '河南',
  '湖北',
  '湖南',
  '广东',
  '广西',
  '海南',
  '重庆',
  '四川',
  '贵州',
  '云南',
  '西藏',
  '陕西',
  '甘肃',
  '青海',
  '宁夏',
  '新疆',
  '台湾',
  '香港',
  '澳门',
] as const;

const SUFFIXES = ['维吾尔自治区', '壮族自治区', '回族自治区', '特别行政区', '自治区', '省', '市'];

/**
 * '广东省', '新疆维吾尔自治区', '上海市' and '广东' all mean one province: addresses from wx.chooseAddress carry
 * the full name, templates the short one.
 */
export function normalizeProvince(name: string): string {
  const trimmed = name.trim();
  for (const suffix of SUFFIXES) {
    if (trimmed.length > suffix.length && trimmed.endsWith(suffix)) return trimmed.slice(0, -suffix.length);
  }
  return trimmed;
}

export const isKnownProvince = (name: string) =>
  (PROVINCES as readonly string[]).includes(normalizeProvince(name));
