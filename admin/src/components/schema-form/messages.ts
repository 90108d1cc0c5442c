import { formatFen } from '../../lib/money';
import type { FieldNode } from './schema';
import { formatPermille } from './units';

/** One entry of a VALIDATION_FAILED envelope's details, as the backend reports zod issues. */
export interface Issue {
  /** dotted path into the body: `config.tiers.0.amountOff` */
  path: string;
  message: string;
  code?: string;
}

/** The backend's own English messages of the campaign and coupon bodies, in Chinese. */
const ENGLISH: [RegExp, string | ((m: RegExpExecArray) => string)][] = [
  [/^name at least one product or category$/, '请至少选择一个商品或分类'],
  [/^name at least one level$/, '请至少填写一个会员等级'],
  [/^name at least one tag$/, '请至少填写一个标签'],
  [/^the end must be after the start$/, '结束时间必须晚于开始时间'],
  [/^Unknown campaign kind/, '未知的营销工具'],
  [/^The kind of a campaign cannot change$/, '活动的工具类型不能修改'],
  [/^Already used (\d+) times$/, (m) => `已使用 ${m[1]} 次，总次数不能少于已使用次数`],
  [/^amount_off needs an amount of at least 1 fen$/, '减免金额至少 ¥0.01'],
  [/^the amount off cannot exceed the threshold/, '减免金额不能超过使用门槛'],
  [/^percent_off keeps 1 … 999/, '折扣须在 0.01 折到 9.99 折之间'],
  [/takes no (amountOff|discountPermille|maxDiscount)$/, '此类型的优惠券不填写此项'],
  [/^mode 'all' lists no products or categories$/, '全部商品时不能选择商品或分类'],
  [/needs at least one product or category$/, '请至少选择一个商品或分类'],
  [/^validity\.from must be before validity\.to$/, '有效期的开始必须早于结束'],
  [/^the claim window must end after it starts$/, '领取结束时间必须晚于开始时间'],
  [/^claiming must end by the end of the validity$/, '领取结束时间不能晚于有效期结束'],
  [/^the per-user limit cannot exceed the total quantity$/, '每人限领不能超过发放总量'],
  [/^an id is listed twice$/, '不能重复选择'],
  [/^a channel is listed twice$/, '渠道不能重复'],
  [/^at least one shopper$/, '请至少选择一位买家'],
  [/^The validity is already over$/, '有效期已经结束'],
  [/^The claim window is already over$/, '领取时间已经结束'],
  [
    /^(\d+) were issued already: the total cannot be lower$/,
    (m) => `已发放 ${m[1]} 张，总量不能少于已发放数`,
  ],
  [/^weekdays: at least one day/, '至少选择一天'],
  [/^weekdays: a day is listed twice$/, '星期不能重复'],
  [/^weekdays: days are 1/, '星期不正确'],
  [/^from: 'HH:mm'/, '开始时间格式为 HH:mm（00:00–23:59）'],
  [/^to: 'HH:mm'/, '结束时间格式为 HH:mm（00:01–24:00）'],
  [/^to: must differ from from$/, '结束时间不能与开始时间相同'],
];

const BY_CODE: Record<string, string> = {
  too_small: '内容太短或数值太小',
  too_big: '内容太长或数值太大',
  invalid_type: '请填写此项',
  invalid_format: '格式不正确',
  invalid_value: '取值不正确',
  invalid_union: '内容不符合任何一种类型',
  unrecognized_keys: '包含无法识别的字段',
  not_multiple_of: '数值不正确',
};

const HAS_CJK = /[\u3400-\u9fff]/;

/** A bound as the widget shows it: ¥0.01, 8.5 折, 3. */
export function formatBound(node: FieldNode | undefined, value: number): string {
  const leaf = node?.kind === 'nullable' ? node.inner : node;
  if (leaf?.kind === 'money') return formatFen(value);
  if (leaf?.kind === 'permille') return formatPermille(value);
  return String(value);
}

/**
 * The Chinese message for a backend issue. The tools' own refinements are Chinese already; zod's built-in
 * ones are told by their code, with the field's bound in its own unit when the field is known.
 */
export function issueText(issue: Pick<Issue, 'message' | 'code'>, node?: FieldNode): string {
  const { message, code } = issue;
  // first: an English message may quote Chinese ("满50减60 is refused")
  for (const [pattern, text] of ENGLISH) {
    const m = pattern.exec(message);
    if (m) return typeof text === 'string' ? text : text(m);
  }
  if (HAS_CJK.test(message)) return message;
  const leaf = node?.kind === 'nullable' ? node.inner : node;
  if (leaf && 'min' in leaf && code === 'too_small' && leaf.min !== null)
    return `不能小于 ${formatBound(leaf, leaf.min)}`;
  if (leaf && 'max' in leaf && code === 'too_big' && leaf.max !== null)
    return `不能大于 ${formatBound(leaf, leaf.max)}`;
  if (code && BY_CODE[code]) return BY_CODE[code];
  return `不符合要求（${message}）`;
}
