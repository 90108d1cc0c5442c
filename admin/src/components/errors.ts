import type { FormInstance } from 'antd';
import { ApiError } from '../api/api-error';

/** A failure as a person reads it: the Chinese message of an ApiError, else the error's text. */
export const errorText = (e: unknown): string =>
  e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e);

/** One entry of a VALIDATION_FAILED envelope's details (zod issues as the backend reports them). */
export interface FieldIssue {
  /** dotted path into the body, e.g. `skus.2.price` */
  path: string;
  message: string;
  code?: string;
}

export function fieldIssues(e: unknown): FieldIssue[] {
  if (!(e instanceof ApiError) || e.code !== 'VALIDATION_FAILED' || !Array.isArray(e.details)) return [];
  return e.details.filter(
    (d): d is FieldIssue =>
      typeof (d as FieldIssue)?.path === 'string' && typeof (d as FieldIssue).message === 'string',
  );
}

/** Chinese for the backend's own (custom) validation messages; zod's built-in ones go by issue code. */
const CUSTOM_MESSAGES: Record<string, string> = {
  'a product on sale needs a SKU on sale': '上架的商品至少要有一个在售 SKU',
  'SKU codes must be distinct': 'SKU 编码不能重复',
  'virtual and local-service products ship nothing and take no freight template':
    '虚拟商品和到店服务不发货，不能设置运费模板',
  'No such category': '分类不存在',
  'No such parent category': '上级分类不存在',
  'Categories have two levels: pick a top-level parent': '分类最多两级，上级只能是一级分类',
  'values must be distinct': '规格值不能重复',
  'spec names must be distinct': '规格名不能重复',
  'two SKUs with the same spec values': '两个 SKU 的规格相同',
  'letters, digits, _ . - (1–64)': '只能包含字母、数字和 _ . -（1–64 位）',
  'an uploaded image key, an http(s) URL or a /path': '图片地址不正确，请重新上传',
  'nothing to change': '没有任何修改',
  'lowercase letters, digits, _ . - (3–32)': '只能包含小写字母、数字和 _ . -（3–32 位）',
  'HH:mm': '时间格式为 HH:mm',
  'digits, + - ( ) and spaces (5–20)': '只能包含数字、+ - ( ) 和空格（5–20 位）',
  'a province of China by name, e.g. 广东 or 广东省': '请选择省份',
  'a change of 0 changes nothing': '调整数量不能为 0',
};

const BY_CODE: Record<string, string> = {
  too_small: '内容太短或数值太小',
  too_big: '内容太长或数值太大',
  invalid_type: '缺少或类型不正确',
  invalid_format: '格式不正确',
  invalid_string: '格式不正确',
  invalid_value: '取值不正确',
  invalid_enum_value: '取值不正确',
  not_multiple_of: '数值不正确',
  unrecognized_keys: '包含无法识别的字段',
};

/** The Chinese message for one backend field issue. */
export function issueMessage(issue: FieldIssue): string {
  const custom = CUSTOM_MESSAGES[issue.message];
  if (custom) return custom;
  if (/appears twice/.test(issue.message)) return '同一省份只能出现在一个区域或不配送列表中';
  if (/^missing spec values/.test(issue.message)) return '缺少规格值';
  if (/is not a value of/.test(issue.message)) return '规格值不在规格中';
  if (issue.code && issue.code !== 'custom' && BY_CODE[issue.code]) return BY_CODE[issue.code];
  return `不符合要求（${issue.message}）`;
}

export type NamePath = (string | number)[];

const toNamePath = (path: string): NamePath =>
  path === '' ? [] : path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/**
 * Shows a 4xx VALIDATION_FAILED answer on the form's fields. `resolve` maps an issue's path to the form
 * field that shows it (or null when no field does); the issues no field shows are returned as messages for
 * a summary above the form. Returns null when the error was not a validation failure.
 */
export function showFieldErrors(
  form: FormInstance,
  e: unknown,
  resolve: (path: NamePath) => NamePath | null = (path) => path,
  describe: (path: NamePath) => string = (path) => path.join('.'),
): string[] | null {
  const issues = fieldIssues(e);
  if (issues.length === 0) return null;
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  const leftovers: string[] = [];
  for (const issue of issues) {
    const path = toNamePath(issue.path);
    const name = resolve(path);
    const text = issueMessage(issue);
    if (!name || name.length === 0) {
      const where = path.length ? describe(path) : '';
      leftovers.push(where ? `${where}：${text}` : text);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    if (!entry.errors.includes(text)) entry.errors.push(text);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
  return leftovers;
}
