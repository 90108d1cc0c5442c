import { z } from 'zod';
import { MAX_LINE_QUANTITY } from './cart';
import { AFTERSALE_STATES, ORDER_STATES } from './state';

/** Request and response schemas of the order routes (they validate input and produce the OpenAPI document). */

const id = z.coerce.number().int().positive();
const fen = z.number().int().describe('fen (分)');
const time = z.string().describe('ISO 8601, UTC');
const kind = z.enum(['physical', 'virtual', 'local_service']);
const quantity = z.number().int().min(1).max(MAX_LINE_QUANTITY);

export const idParams = z.object({ id });
export const skuParams = z.object({ skuId: id });

const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};

// ── cart ────────────────────────────────────────────────────────────────────────────────────────────────
export const addCartBody = z.object({ skuId: z.number().int().positive(), quantity: quantity.default(1) });
export const updateCartBody = z
  .object({ quantity: quantity.optional(), selected: z.boolean().optional() })
  .refine((v) => v.quantity !== undefined || v.selected !== undefined, 'nothing to change');
export const removeCartBody = z.object({ skuIds: z.array(z.number().int().positive()).min(1).max(100) });
export const selectCartBody = z.object({
  selected: z.boolean(),
  /** absent: every line */
  skuIds: z.array(z.number().int().positive()).min(1).max(100).optional(),
});

export const cartView = z.object({
  lines: z.array(
    z.object({
      skuId: z.number().int(),
      productId: z.number().int().nullable(),
      title: z.string(),
      specText: z.string(),
      image: z.string().nullable(),
      kind: kind.nullable(),
      unitPrice: fen,
      quantity: z.number().int(),
      selected: z.boolean(),
      stock: z.number().int(),
      status: z.enum(['available', 'off_shelf', 'sold_out', 'insufficient_stock', 'gone']),
      lineAmount: fen,
    }),
  ),
  summary: z.object({
    selectedUnits: z.number().int(),
    selectedAmount: fen,
    unavailableLines: z.number().int(),
  }),
});

// ── checkout ────────────────────────────────────────────────────────────────────────────────────────────
export const checkoutBody = z.object({
  /** direct buy; absent: the cart's selected lines */
  items: z
    .array(z.object({ skuId: z.number().int().positive(), quantity }))
    .min(1)
    .max(50)
    .optional(),
  addressId: z.number().int().positive().optional(),
  remark: z.string().trim().max(200).optional(),
  couponIds: z
    .array(z.number().int().positive())
    .max(5)
    .optional()
    .describe('coupon instances to use; absent: the best one is chosen; []: none'),
  points: z
    .union([z.number().int().min(0).max(100_000_000), z.literal('max')])
    .optional()
    .describe("points to spend, or 'max' for as many as allowed; absent: none"),
  activity: z
    .object({
      kind: z.string().trim().min(1).max(32),
      context: z.record(z.string(), z.union([z.string().max(64), z.number()])),
    })
    .optional()
    .describe('bought through an activity (group buy, …): its tool checks the context and prices the lines'),
});

const addressView = z.object({
  name: z.string(),
  phone: z.string(),
  province: z.string(),
  city: z.string(),
  district: z.string(),
  detail: z.string(),
});

const amounts = {
  goodsAmount: fen,
  freightAmount: fen,
  discountAmount: fen,
  payAmount: fen,
};

export const adjustmentView = z.object({
  sourceType: z.enum(['campaign', 'coupon', 'member', 'activity', 'points']),
  sourceId: z.number().int().nullable().describe('campaign id or coupon instance id'),
  kind: z.string().describe("the tool: 'full_reduction', 'coupon', 'member_price', 'points', …"),
  name: z.string().describe('what the shopper reads: the campaign or coupon name'),
  stage: z.string(),
  target: z.enum(['unit', 'goods', 'freight']),
  amount: fen,
  pointsUsed: z.number().int().nullable(),
});

export const checkoutPreview = z.object({
  kind,
  address: addressView.nullable(),
  freightQuoted: z
    .boolean()
    .describe('false: goods ship but no address was given, so the freight is not in the amounts yet'),
  listAmount: fen.describe('Σ list price × quantity'),
  goodsAmount: fen.describe('Σ unit price × quantity after member, tiered and activity prices'),
  discountAmount: fen.describe('promotions and coupons'),
  freightBase: fen,
  freightDiscount: fen,
  freightAmount: fen,
  pointsUsed: z.number().int(),
  pointsAmount: fen,
  payAmount: fen.describe('goods − discount − points + freight'),
  lines: z.array(
    z.object({
      skuId: z.number().int(),
      productId: z.number().int(),
      title: z.string(),
      specText: z.string(),
      image: z.string().nullable(),
      kind,
      isGift: z.boolean(),
      listPrice: fen,
      unitPrice: fen,
      unitSource: z.enum(['base', 'activity', 'member_price', 'paid_member_price', 'tiered_price']),
      quantity: z.number().int(),
      goodsAmount: fen,
      discount: fen,
      pointsAmount: fen,
      payAmount: fen,
    }),
  ),
  adjustments: z.array(adjustmentView),
  coupons: z.array(
    z.object({
      instanceId: z.number().int(),
      name: z.string(),
      kind: z.enum(['amount_off', 'percent_off', 'free_shipping']),
      threshold: fen,
      amountOff: fen,
      discountPermille: z.number().int(),
      validTo: time,
      usable: z.boolean(),
      reason: z.string().nullable().describe('why it cannot be used on this order'),
      discount: fen.describe('what it saves on this order alone'),
      selected: z.boolean(),
    }),
  ),
});

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,64}$/;

// ── orders ──────────────────────────────────────────────────────────────────────────────────────────────
export const orderStatus = z.enum(ORDER_STATES);

/** The shopper app's tabs. */
export const SHOP_TABS = {
  to_pay: ['pending_payment'],
  to_ship: ['paid', 'grouping', 'to_ship'],
  to_receive: ['shipped'],
  to_use: ['to_verify'],
  done: ['received', 'completed'],
  closed: ['cancelled', 'cancelled_refunded'],
} as const satisfies Record<string, readonly (typeof ORDER_STATES)[number][]>;

export const shopOrdersQuery = z.object({
  ...pageQuery,
  tab: z.enum(Object.keys(SHOP_TABS) as [keyof typeof SHOP_TABS, ...(keyof typeof SHOP_TABS)[]]).optional(),
});

export const adminOrdersQuery = z.object({
  ...pageQuery,
  status: orderStatus.optional(),
  kind: kind.optional(),
  orderNo: z.string().trim().max(32).optional(),
  shopperId: id.optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('created at or after'),
  to: z.iso.datetime({ offset: true }).optional().describe('created before'),
});
export const exportQuery = adminOrdersQuery.omit({ page: true, pageSize: true });

export const lineView = z.object({
  id: z.number().int(),
  skuId: z.number().int(),
  productId: z.number().int(),
  kind,
  title: z.string(),
  specText: z.string(),
  image: z.string().nullable(),
  listPrice: fen.describe('the list price at order time'),
  unitPrice: fen.describe('after member, tiered or activity price'),
  quantity: z.number().int(),
  goodsAmount: fen,
  discountAmount: fen.describe("this line's share of promotions and coupons"),
  pointsAmount: fen.describe("this line's share of the points deduction"),
  payAmount: fen.describe("this line's share of what the order paid (goods − discount − points)"),
  isGift: z.boolean().describe('a 0-fen gift line (满赠)'),
  shippedQuantity: z.number().int(),
  cancelledQuantity: z.number().int().describe('refunded before shipping: not shipped'),
  aftersaleQuantity: z.number().int(),
  refundedQuantity: z.number().int(),
  refundedAmount: fen,
  costPrice: fen.optional().describe('admin only'),
});

export const orderView = z.object({
  id: z.number().int(),
  orderNo: z.string(),
  kind,
  status: orderStatus,
  source: z.enum(['cart', 'direct']),
  ...amounts,
  listAmount: fen,
  freightDiscount: fen,
  pointsUsed: z.number().int(),
  pointsAmount: fen,
  refundedAmount: fen,
  refundStatus: z.enum(['none', 'partial', 'full']),
  unitCount: z.number().int(),
  remark: z.string().nullable(),
  address: addressView.nullable(),
  createdAt: time,
  expiresAt: time.describe('unpaid orders are cancelled at this time'),
  paidAt: time.nullable(),
  shippedAt: time.nullable(),
  receivedAt: time.nullable(),
  aftersaleUntil: time.nullable(),
  completedAt: time.nullable(),
  cancelledAt: time.nullable(),
  cancelReason: z.string().nullable(),
  transactionId: z
    .string()
    .nullable()
    .describe("WeChat Pay's transaction id (the confirm-receipt view needs it)"),
  lines: z.array(lineView),
  shopperId: z.number().int().optional(),
  merchantRemark: z.string().nullable().optional(),
  riskHeld: z.boolean().optional(),
  payProvider: z.string().nullable().optional(),
  packageCount: z.number().int().optional(),
  shippingUploadStatus: z.enum(['not_required', 'pending', 'uploaded', 'failed']).optional(),
  shippingUploadError: z.string().nullable().optional(),
  shippingUploadedAt: time.nullable().optional(),
});

export const afterSaleView = z.object({
  id: z.number().int(),
  afterSaleNo: z.string(),
  orderId: z.number().int(),
  orderNo: z.string().nullable(),
  orderLineId: z.number().int(),
  shopperId: z.number().int(),
  type: z.enum(['refund_only', 'return_refund']),
  status: z.enum(AFTERSALE_STATES),
  quantity: z.number().int(),
  amount: fen.describe("the units' share of the line's pay amount"),
  freightAmount: fen.describe('freight returned with the last unit of an order nothing of which shipped'),
  refundAmount: fen,
  restockQuantity: z.number().int(),
  reason: z.string(),
  description: z.string().nullable(),
  photos: z.array(z.string()).describe('storage keys'),
  photoUrls: z.array(z.string()).describe('where the apps load the photos from, in the order of photos'),
  rejectReason: z.string().nullable(),
  returnCarrier: z.string().nullable(),
  returnTrackingNo: z.string().nullable(),
  refundNo: z.string().nullable(),
  line: z.object({ title: z.string(), specText: z.string(), image: z.string().nullable() }).nullable(),
  requestedAt: time,
  approvedAt: time.nullable(),
  returnedAt: time.nullable(),
  refundStartedAt: time.nullable(),
  refundedAt: time.nullable(),
  closedAt: time.nullable(),
  refundError: z.string().nullable().optional(),
});

export const packageView = z.object({
  id: z.number().int(),
  carrier: z.string(),
  trackingNo: z.string(),
  shippedAt: time,
  lines: z.array(z.object({ orderLineId: z.number().int(), quantity: z.number().int() })),
});
export const timelineEntry = z.object({
  action: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  actorKind: z.string(),
  actorId: z.number().int().nullable().optional(),
  note: z.string().nullable(),
  at: time,
});

export const orderDetail = orderView.extend({
  adjustments: z.array(adjustmentView).describe('every saving pricing gave the order, by source'),
  packages: z.array(packageView),
  timeline: z.array(timelineEntry),
  afterSales: z.array(afterSaleView),
});

export const payResult = z.object({
  orderId: z.number().int(),
  paymentId: z.number().int(),
  provider: z.string(),
  payAmount: fen,
  payParams: z.unknown().describe('what the app passes to wx.requestPayment (or the sandbox page)'),
});

export const remarkBody = z.object({ remark: z.string().trim().max(500) });
export const adminCancelBody = z.object({ reason: z.string().trim().min(1).max(200) });

const carrier = z
  .string()
  .regex(/^[A-Za-z0-9_]{2,32}$/, "WeChat's carrier code (delivery_id), e.g. SF, ZTO, YTO, JD");
const trackingNo = z.string().regex(/^[A-Za-z0-9-]{4,64}$/, 'letters, digits and -');

export const packageBody = z.object({
  carrier,
  trackingNo,
  lines: z
    .array(z.object({ orderLineId: z.number().int().positive(), quantity: z.number().int().positive() }))
    .min(1)
    .max(50),
});
export const packageResult = z.object({ packageId: z.number().int(), orderShipped: z.boolean() });
export const uploadRetryResult = z.object({
  orderId: z.number().int(),
  shippingUploadStatus: z.literal('pending'),
});

// ── after-sales ─────────────────────────────────────────────────────────────────────────────────────────
/** a key returned by POST /api/shop/uploads/images (photos live in the aftersales folder) */
const photoKey = z
  .string()
  .max(255)
  .regex(/^aftersales(\/[A-Za-z0-9][A-Za-z0-9_.-]*)+$/, 'a key returned by the photo upload');

export const afterSaleBody = z.object({
  orderLineId: z.number().int().positive(),
  type: z.enum(['refund_only', 'return_refund']),
  quantity: z.number().int().positive().max(MAX_LINE_QUANTITY),
  reason: z.string().trim().min(1).max(200),
  description: z.string().trim().max(500).optional(),
  photos: z.array(photoKey).max(9).optional(),
});
export const returnParcelBody = z.object({ carrier, trackingNo });
export const afterSalesQuery = z.object({
  ...pageQuery,
  status: z.enum(AFTERSALE_STATES).optional(),
  orderId: id.optional(),
});
export const rejectBody = z.object({ reason: z.string().trim().min(1).max(200) });
export const receiveReturnBody = z.object({ restock: z.boolean().default(true) });

// ── invoices ────────────────────────────────────────────────────────────────────────────────────────────
export const invoiceBody = z.object({
  type: z.enum(['personal', 'company']),
  title: z.string().trim().min(1).max(100),
  taxId: z
    .string()
    .regex(/^[0-9A-Z]{15,20}$/, '纳税人识别号: 15–20 digits or capital letters')
    .optional(),
  email: z.email().max(128),
});
export const invoiceView = z.object({
  id: z.number().int(),
  orderId: z.number().int(),
  orderNo: z.string().nullable().describe('in the admin list'),
  invoiceNo: z.string().nullable().describe('发票号码, once issued'),
  type: z.enum(['personal', 'company']),
  title: z.string(),
  taxId: z.string().nullable(),
  email: z.string(),
  amount: fen,
  status: z.enum(['requested', 'issued']),
  issuedAt: time.nullable(),
  requestedAt: time,
});
export const invoicesQuery = z.object({
  ...pageQuery,
  status: z.enum(['requested', 'issued']).optional(),
  orderNo: z.string().trim().max(32).optional().describe("the order's number, exactly"),
});
export const issueInvoiceBody = z.object({
  invoiceNo: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,32}$/, '发票号码: letters, digits and -')
    .optional()
    .describe('发票号码 printed on the invoice'),
  /** the PDF, base64 (at most 5 MB of PDF within the 1 MB JSON body limit: e-invoices are far smaller) */
  pdfBase64: z
    .string()
    .min(8)
    .max(1_400_000)
    .regex(/^[A-Za-z0-9+/=\r\n]+$/, 'base64'),
});

// ── settings ────────────────────────────────────────────────────────────────────────────────────────────
export const orderSettings = z.object({
  unpaidTimeoutMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
  autoReceiveDays: z.number().int().min(1).max(60),
  aftersaleWindowDays: z.number().int().min(0).max(90),
  serviceApprovalLimit: fen.min(0),
});
export const orderSettingsPatch = orderSettings
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');

export const afterSalePreviewQuery = z.object({
  orderLineId: z.coerce.number().int().positive(),
  quantity: z.coerce.number().int().min(1).max(MAX_LINE_QUANTITY),
});

export const afterSalePreview = z.object({
  orderLineId: z.number().int(),
  quantity: z.number().int(),
  left: z.number().int().describe('units of the line not yet held by an after-sale'),
  amount: fen.describe("the units' share of the line's pay amount"),
});

export const orderSettingsView = orderSettings.extend({
  timeZone: z.string().describe("the shop's time zone (SHOP_TIMEZONE): daily rules and schedules use it"),
});
