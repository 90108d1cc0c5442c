/**
 * The demo shop's catalog as plain data: prices and cost prices in fen, stock in units, weights in grams.
 * SKU codes are what the order scenarios (orders.ts) name SKUs by.
 */

/** Pictures in ./images, uploaded through the admin upload route. */
export type DemoImage =
  | 'detergent'
  | 'tshirt'
  | 'thermos'
  | 'nuts'
  | 'earbuds'
  | 'rice'
  | 'course-year'
  | 'course-python'
  | 'meal'
  | 'carwash'
  | 'coffee';

export interface DemoCategory {
  name: string;
  /** larger first in the shop */
  sortOrder: number;
  children?: string[];
}

export const DEMO_CATEGORIES: DemoCategory[] = [
  { name: '家居日用', sortOrder: 60 },
  { name: '服饰内衣', sortOrder: 50 },
  { name: '食品生鲜', sortOrder: 40, children: ['休闲零食', '米面粮油'] },
  { name: '数码电器', sortOrder: 30 },
  { name: '在线课程', sortOrder: 20 },
  { name: '到店服务', sortOrder: 10, children: ['餐饮美食', '汽车服务'] },
];

const FAR_WEST = ['新疆', '西藏'];
const NOT_DELIVERED = ['香港', '澳门', '台湾'];

/** Payloads of POST /api/admin/freight-templates, by the name the products use. */
export const DEMO_FREIGHT_TEMPLATES = {
  express: {
    name: '普通快递（满 99 元包邮）',
    mode: 'flat',
    base: { rule: { firstUnits: 1, firstFee: 800, nextUnits: 1, nextFee: 0 }, freeOverAmount: 9900 },
    regions: [
      {
        provinces: FAR_WEST,
        rule: { firstUnits: 1, firstFee: 2000, nextUnits: 1, nextFee: 0 },
        freeOverAmount: null,
      },
    ],
    excludedProvinces: NOT_DELIVERED,
  },
  heavy: {
    name: '重货按重量（满 199 元包邮）',
    mode: 'weight',
    base: {
      rule: { firstUnits: 1000, firstFee: 800, nextUnits: 1000, nextFee: 200 },
      freeOverAmount: 19900,
    },
    regions: [
      {
        provinces: FAR_WEST,
        rule: { firstUnits: 1000, firstFee: 1800, nextUnits: 1000, nextFee: 800 },
        freeOverAmount: null,
      },
    ],
    excludedProvinces: NOT_DELIVERED,
  },
} as const;
export type DemoFreight = keyof typeof DEMO_FREIGHT_TEMPLATES;

export interface DemoSku {
  code: string;
  specs?: Record<string, string>;
  price: number;
  cost: number;
  stock: number;
  weightGrams?: number;
}

export interface DemoProduct {
  title: string;
  subtitle: string;
  kind: 'physical' | 'virtual' | 'local_service';
  /** a category name from DEMO_CATEGORIES (a child's name for the products under it) */
  category: string;
  image: DemoImage;
  /** physical products only */
  freight?: DemoFreight;
  labels?: { special?: boolean; memberPrice?: boolean };
  sortOrder?: number;
  specs?: { name: string; values: string[] }[];
  skus: DemoSku[];
  /** paragraphs of the detail page; the picture follows them */
  detail: string[];
}

const COLOURS = { 白色: 'WHT', 黑色: 'BLK', 雾霾蓝: 'BLU' } as const;
const SIZES = ['S', 'M', 'L', 'XL'] as const;
/** stock per colour and size: the middle sizes sell most, 雾霾蓝 XL is sold out */
const TEE_STOCK: Record<keyof typeof COLOURS, number[]> = {
  白色: [30, 60, 60, 25],
  黑色: [30, 60, 50, 20],
  雾霾蓝: [15, 30, 25, 0],
};

export const DEMO_PRODUCTS: DemoProduct[] = [
  {
    title: '植萃洗衣液 2kg 家庭装',
    subtitle: '温和低泡，手洗机洗都合适，薰衣草清香',
    kind: 'physical',
    category: '家居日用',
    image: 'detergent',
    freight: 'express',
    labels: { special: true },
    sortOrder: 90,
    specs: [{ name: '规格', values: ['2kg 单瓶', '2kg×2 瓶', '1kg 补充装×3'] }],
    skus: [
      {
        code: 'XYY-2KG',
        specs: { 规格: '2kg 单瓶' },
        price: 3990,
        cost: 1850,
        stock: 300,
        weightGrams: 2200,
      },
      {
        code: 'XYY-2KGX2',
        specs: { 规格: '2kg×2 瓶' },
        price: 6990,
        cost: 3600,
        stock: 120,
        weightGrams: 4400,
      },
      {
        code: 'XYY-1KGX3',
        specs: { 规格: '1kg 补充装×3' },
        price: 4590,
        cost: 2200,
        stock: 80,
        weightGrams: 3200,
      },
    ],
    detail: [
      '植物来源表面活性剂，中性配方，不伤手，贴身衣物和婴儿衣物也可使用。',
      '低泡易漂洗，滚筒、波轮洗衣机通用。每次用量约 30 克（一瓶盖）。',
    ],
  },
  {
    title: '新疆长绒棉圆领 T 恤',
    subtitle: '200g 重磅纯棉，亲肤透气不易变形',
    kind: 'physical',
    category: '服饰内衣',
    image: 'tshirt',
    freight: 'express',
    sortOrder: 80,
    specs: [
      { name: '颜色', values: Object.keys(COLOURS) },
      { name: '尺码', values: [...SIZES] },
    ],
    skus: (Object.keys(COLOURS) as (keyof typeof COLOURS)[]).flatMap((colour) =>
      SIZES.map((size, i) => ({
        code: `TX-${COLOURS[colour]}-${size}`,
        specs: { 颜色: colour, 尺码: size },
        price: 9900,
        cost: 3200,
        stock: TEE_STOCK[colour][i],
        weightGrams: 250,
      })),
    ),
    detail: [
      '新疆长绒棉，纱支细密，手感柔软；预缩处理，洗后不易变形。',
      '尺码参考：S 155–165cm，M 165–175cm，L 175–180cm，XL 180–185cm。',
    ],
  },
  {
    title: '316 不锈钢真空保温杯',
    subtitle: '12 小时长效保温，一键弹盖单手开',
    kind: 'physical',
    category: '家居日用',
    image: 'thermos',
    freight: 'express',
    sortOrder: 70,
    specs: [
      { name: '容量', values: ['350ml', '500ml'] },
      { name: '颜色', values: ['月光白', '曜石黑'] },
    ],
    skus: [
      {
        code: 'BWB-350-WHT',
        specs: { 容量: '350ml', 颜色: '月光白' },
        price: 8900,
        cost: 3500,
        stock: 80,
        weightGrams: 380,
      },
      {
        code: 'BWB-350-BLK',
        specs: { 容量: '350ml', 颜色: '曜石黑' },
        price: 8900,
        cost: 3500,
        stock: 60,
        weightGrams: 380,
      },
      {
        code: 'BWB-500-WHT',
        specs: { 容量: '500ml', 颜色: '月光白' },
        price: 9900,
        cost: 3900,
        stock: 70,
        weightGrams: 450,
      },
      {
        code: 'BWB-500-BLK',
        specs: { 容量: '500ml', 颜色: '曜石黑' },
        price: 9900,
        cost: 3900,
        stock: 50,
        weightGrams: 450,
      },
    ],
    detail: ['316 医用级不锈钢内胆，真空双层结构：热水 12 小时后仍在 60℃ 以上。'],
  },
  {
    title: '每日坚果礼盒',
    subtitle: '6 种坚果果干科学配比，独立小包装',
    kind: 'physical',
    category: '休闲零食',
    image: 'nuts',
    freight: 'express',
    labels: { memberPrice: true },
    sortOrder: 60,
    specs: [{ name: '规格', values: ['15 袋装', '30 袋礼盒'] }],
    skus: [
      { code: 'JG-15', specs: { 规格: '15 袋装' }, price: 6900, cost: 3800, stock: 200, weightGrams: 400 },
      { code: 'JG-30', specs: { 规格: '30 袋礼盒' }, price: 12900, cost: 7200, stock: 100, weightGrams: 850 },
    ],
    detail: ['腰果、巴旦木、榛子、核桃仁、蔓越莓干、蓝莓干，每袋 25 克，一天一袋。', '保质期 180 天。'],
  },
  {
    title: '五常有机稻花香大米 5kg',
    subtitle: '当季新米，产地直发',
    kind: 'physical',
    category: '米面粮油',
    image: 'rice',
    freight: 'heavy',
    sortOrder: 50,
    skus: [{ code: 'DM-WC-5KG', price: 8800, cost: 5200, stock: 150, weightGrams: 5200 }],
    detail: ['黑龙江五常产区，一年一季，有机认证。真空包装，开袋后请密封保存。'],
  },
  {
    title: '主动降噪蓝牙耳机',
    subtitle: '40dB 深度降噪，30 小时续航',
    kind: 'physical',
    category: '数码电器',
    image: 'earbuds',
    freight: 'express',
    sortOrder: 40,
    specs: [{ name: '颜色', values: ['星空黑', '珍珠白'] }],
    skus: [
      {
        code: 'EJ-ANC-BLK',
        specs: { 颜色: '星空黑' },
        price: 29900,
        cost: 15500,
        stock: 40,
        weightGrams: 200,
      },
      {
        code: 'EJ-ANC-WHT',
        specs: { 颜色: '珍珠白' },
        price: 29900,
        cost: 15500,
        stock: 35,
        weightGrams: 200,
      },
    ],
    detail: ['蓝牙 5.3，双设备连接；通透模式一键切换。整机保修一年。'],
  },
  {
    title: '年度会员 · 全部课程畅学',
    subtitle: '一年内 200+ 门课程随心学',
    kind: 'virtual',
    category: '在线课程',
    image: 'course-year',
    sortOrder: 30,
    skus: [{ code: 'KC-VIP-1Y', price: 19900, cost: 0, stock: 9999 }],
    detail: ['付款后立即开通，有效期自开通之日起 365 天。虚拟商品，开通后不支持退款。'],
  },
  {
    title: 'Python 零基础入门',
    subtitle: '48 节视频课，配套练习与答疑',
    kind: 'virtual',
    category: '在线课程',
    image: 'course-python',
    labels: { special: true },
    sortOrder: 20,
    skus: [{ code: 'KC-PY-101', price: 4900, cost: 0, stock: 9999 }],
    detail: ['从安装环境到写出第一个小项目，每节 10–15 分钟。付款后在“我的订单”中查看课程。'],
  },
  {
    title: '双人招牌套餐',
    subtitle: '两荤一素一汤 + 两份主食，周一至周五可用',
    kind: 'local_service',
    category: '餐饮美食',
    image: 'meal',
    sortOrder: 30,
    skus: [{ code: 'TC-SHUANGREN', price: 12800, cost: 6000, stock: 200 }],
    detail: ['到店出示核销码使用，每桌限用一张；法定节假日不可用。', '购买后 30 天内有效。'],
  },
  {
    title: '精洗车服务 3 次卡',
    subtitle: '内外精洗，门店核销，90 天有效',
    kind: 'local_service',
    category: '汽车服务',
    image: 'carwash',
    sortOrder: 20,
    specs: [{ name: '车型', values: ['轿车', 'SUV/MPV'] }],
    skus: [
      { code: 'XC-3-CAR', specs: { 车型: '轿车' }, price: 9900, cost: 3600, stock: 100 },
      { code: 'XC-3-SUV', specs: { 车型: 'SUV/MPV' }, price: 12900, cost: 4800, stock: 100 },
    ],
    detail: ['每次核销一次精洗（外观 + 内饰吸尘 + 轮毂清洁），请提前电话预约。'],
  },
  {
    title: '手冲咖啡兑换券',
    subtitle: '任意门店可用，豆子每周更换',
    kind: 'local_service',
    category: '餐饮美食',
    image: 'coffee',
    sortOrder: 10,
    specs: [{ name: '份数', values: ['单杯', '5 杯装'] }],
    skus: [
      { code: 'KF-1', specs: { 份数: '单杯' }, price: 2800, cost: 900, stock: 500 },
      { code: 'KF-5', specs: { 份数: '5 杯装' }, price: 12000, cost: 4500, stock: 200 },
    ],
    detail: ['到店出示核销码兑换一杯当日手冲，可升级大杯（另付 5 元）。'],
  },
];
