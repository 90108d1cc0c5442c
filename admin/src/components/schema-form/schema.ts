/**
 * JSON Schema (draft 2020-12, as zod 4's `z.toJSONSchema` writes it) → a tree of typed form fields.
 *
 * Pure (no React), so the mapping is unit-tested. The renderer (SchemaFields.tsx) draws each node with a
 * typed antd widget: money in yuan, 千分比 in 折, product / SKU / category pickers, tier tables, radio switches
 * for discriminated unions, a "不限" checkbox for nullable fields. Nothing is ever edited as raw JSON.
 */

export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
}

export interface Bounds {
  min: number | null;
  max: number | null;
}

export interface Option {
  value: string | number;
  label: string;
}

export interface Field {
  key: string;
  label: string;
  /** the rest of the schema's description, units already shown by the widget left out */
  help: string;
  required: boolean;
  /** the schema's default, applied to a new form */
  default?: { value: unknown };
  node: FieldNode;
}

export interface SwitchOption {
  value: string | number;
  label: string;
  help: string;
  /** the option's fields without the discriminator */
  fields: Field[];
}

export interface VariantOption {
  label: string;
  help: string;
  keys: string[];
  fields: Field[];
}

export type FieldNode =
  | { kind: 'object'; fields: Field[] }
  /** oneOf/anyOf of objects told apart by a `const` property (mode: tiers | every): a radio switch */
  | { kind: 'switch'; discriminator: string; discriminatorLabel: string; options: SwitchOption[] }
  /** anyOf of objects without a discriminator (满减档位 | 满折档位): told apart by their properties */
  | { kind: 'variants'; options: VariantOption[] }
  /** an array of objects: an editable table, one row per item */
  | { kind: 'list'; item: FieldNode; minItems: number; maxItems: number | null }
  /** integer fen, typed in yuan */
  | ({ kind: 'money' } & Bounds)
  /** fen or a count, by the value of the enclosing object's `unitKey` field (门槛：按金额时为分，按件数时为件) */
  | ({ kind: 'moneyOrCount'; unitKey: string; moneyUnit: string } & Bounds)
  /** 千分比 of the price kept, typed in 折 (850 ↔ 8.5 折) */
  | ({ kind: 'permille' } & Bounds)
  | ({ kind: 'integer' } & Bounds)
  | ({ kind: 'number' } & Bounds)
  | { kind: 'text'; minLength: number | null; maxLength: number | null; pattern: string | null }
  | { kind: 'boolean' }
  | { kind: 'select'; options: Option[] }
  | { kind: 'multiSelect'; options: Option[]; maxItems: number | null }
  /** free strings (or numbers) typed as tags */
  | { kind: 'tags'; numeric: boolean; maxItems: number | null; maxLength: number | null }
  | { kind: 'sku' }
  | { kind: 'product' }
  | { kind: 'category' }
  | { kind: 'productIds'; maxItems: number | null }
  | { kind: 'categoryIds'; maxItems: number | null }
  | { kind: 'skuIds'; maxItems: number | null }
  /** anyOf [X, null]: X, or null through a checkbox labelled `nullLabel` (不限, 不封顶, …) */
  | { kind: 'nullable'; inner: FieldNode; nullLabel: string }
  | { kind: 'const'; value: unknown }
  | { kind: 'unsupported'; reason: string };

export type FieldKind = FieldNode['kind'];

/** The kinds drawn as one widget in one form item (the others hold fields of their own). */
const LEAF_KINDS: ReadonlySet<FieldKind> = new Set<FieldKind>([
  'money',
  'moneyOrCount',
  'permille',
  'integer',
  'number',
  'text',
  'boolean',
  'select',
  'multiSelect',
  'tags',
  'sku',
  'product',
  'category',
  'productIds',
  'categoryIds',
  'skuIds',
  'nullable',
  'const',
]);

export const isLeaf = (node: FieldNode): boolean => LEAF_KINDS.has(node.kind);

/** The compiled form of a tool's config schema. */
export interface CompiledSchema {
  root: FieldNode;
  /** the schema's own description: "满减配置" */
  title: string;
  help: string;
}

// ── descriptions ─────────────────────────────────────────────────────────────────────────────────────────

interface Description {
  label: string;
  /** the notes after the label, split at Chinese and ASCII commas and parentheses */
  parts: string[];
}

/**
 * "最多减多少（分），空 = 不封顶" → label "最多减多少", parts ["分", "空 = 不封顶"]. The label is what comes
 * before the first colon, parenthesis or comma; the parts are the notes after it.
 */
export function parseDescription(description: string | undefined): Description {
  const text = (description ?? '').trim();
  if (!text) return { label: '', parts: [] };
  const cut = text.search(/[：:（(，,]/);
  const label = (cut < 0 ? text : text.slice(0, cut)).trim();
  const rest = cut < 0 ? '' : text.slice(cut);
  const parts = rest
    .split(/[：:（()）,，；;]/)
    .map((p) => p.replace(/^[、\s]+|[、\s]+$/g, ''))
    .filter(Boolean);
  return { label, parts };
}

const isFenNote = (part: string) => part === '分' || /^fen$/i.test(part);
const isUnitCondition = (part: string) => /时为分$/.test(part) || /时为件$/.test(part);
const NULL_NOTE = /^空\s*=\s*(.+)$/;

/** "空 = 不封顶" → 不封顶; else 不限. */
function nullLabelOf(parts: string[]): string {
  for (const p of parts) {
    const m = NULL_NOTE.exec(p);
    if (m) return m[1].trim();
  }
  return '不限';
}

/** "fen 金额" → the label of the enum value `fen`: 金额. */
function enumLabel(value: unknown, parts: string[]): string | null {
  const prefix = `${String(value)} `;
  const part = parts.find((p) => p.startsWith(prefix));
  return part ? part.slice(prefix.length).trim() : null;
}

/** The notes the widget does not already say (units, enum value names, the null option). */
function helpOf(parts: string[], node: FieldNode): string {
  const leaf = node.kind === 'nullable' ? node.inner : node;
  const values = leaf.kind === 'select' ? leaf.options.map((o) => `${o.value} `) : [];
  const kept: string[] = [];
  for (const part of parts) {
    if (node.kind === 'nullable' && NULL_NOTE.test(part)) continue;
    // "fen 金额（分）、items 件数": the options say it
    if (values.some((v) => part.startsWith(v)) || (values.length && isFenNote(part))) continue;
    if (leaf.kind === 'money' || leaf.kind === 'moneyOrCount') {
      if (isFenNote(part) || isUnitCondition(part)) continue;
    }
    if (leaf.kind === 'permille') {
      if (part === '千分比') continue;
      const m = /^(\d+)\s*=\s*(.+)$/.exec(part);
      if (m) {
        const zhe = `${Number(m[1]) / 100} 折`;
        // "800 = 8 折" says what the 折 widget already shows
        if (m[2].includes(zhe)) continue;
        kept.push(`${zhe}：${m[2]}`);
        continue;
      }
    }
    kept.push(part);
  }
  return kept.join('，');
}

// ── compile ──────────────────────────────────────────────────────────────────────────────────────────────

interface Context {
  /** enum fields of the enclosing objects that name a unit with a `fen` value (thresholdUnit) */
  unitKeys: string[];
}

const asSchema = (value: unknown): JsonSchema =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonSchema) : {};

const isNull = (s: JsonSchema) => s.type === 'null' || (s.enum?.length === 1 && s.enum[0] === null);

const typeOf = (s: JsonSchema): string | undefined =>
  Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;

const isObjectSchema = (s: JsonSchema) => typeOf(s) === 'object' || s.properties !== undefined;

const unionOf = (s: JsonSchema): JsonSchema[] | undefined => s.oneOf ?? s.anyOf;

function bounds(s: JsonSchema): Bounds {
  const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : null);
  let max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : null);
  // zod writes Number.MAX_SAFE_INTEGER for a plain int(): no real bound
  if (max !== null && max >= Number.MAX_SAFE_INTEGER) max = null;
  return { min, max };
}

const MONEY_NAME = /(amount|off|price|threshold|fen)$/i;

function compileInteger(s: JsonSchema, key: string, d: Description, ctx: Context): FieldNode {
  if (key === 'skuId') return { kind: 'sku' };
  if (key === 'productId') return { kind: 'product' };
  if (key === 'categoryId') return { kind: 'category' };
  const b = bounds(s);
  if (d.parts.includes('千分比') || /permille$/i.test(key)) return { kind: 'permille', ...b };
  const conditional = d.parts.some((p) => /时为分$/.test(p)) && d.parts.some((p) => /时为件$/.test(p));
  if (conditional && ctx.unitKeys.length > 0)
    return { kind: 'moneyOrCount', unitKey: ctx.unitKeys[ctx.unitKeys.length - 1], moneyUnit: 'fen', ...b };
  const counted = d.parts.some((p) => p.includes('件')) || d.label.includes('件');
  if (conditional || d.parts.some(isFenNote) || (MONEY_NAME.test(key) && !counted))
    return { kind: 'money', ...b };
  return { kind: 'integer', ...b };
}

function compileArray(s: JsonSchema, key: string, ctx: Context): FieldNode {
  const maxItems = s.maxItems ?? null;
  if (key === 'productIds') return { kind: 'productIds', maxItems };
  if (key === 'categoryIds') return { kind: 'categoryIds', maxItems };
  if (key === 'skuIds') return { kind: 'skuIds', maxItems };
  const items = asSchema(s.items);
  const members = unionOf(items);
  if (items.enum || members?.every((m) => m.const !== undefined)) {
    const values = items.enum ?? members!.map((m) => m.const);
    const d = parseDescription(items.description);
    return { kind: 'multiSelect', options: optionsOf(values, d, members), maxItems };
  }
  if (isObjectSchema(items) || members?.every(isObjectSchema)) {
    const item = compileValue(items, key, parseDescription(items.description), ctx);
    return { kind: 'list', item, minItems: s.minItems ?? 0, maxItems };
  }
  const t = typeOf(items);
  if (t === 'string') return { kind: 'tags', numeric: false, maxItems, maxLength: items.maxLength ?? null };
  if (t === 'integer' || t === 'number') return { kind: 'tags', numeric: true, maxItems, maxLength: null };
  return { kind: 'unsupported', reason: '无法为这种列表生成表单' };
}

function optionsOf(values: unknown[], d: Description, members?: JsonSchema[]): Option[] {
  return values
    .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
    .map((value, i) => {
      const own = members ? parseDescription(members[i]?.description).label : '';
      return { value, label: own || enumLabel(value, d.parts) || String(value) };
    });
}

/** The longest common suffix of the labels ("满减档位", "满折档位" → "档位"), when it leaves each non-empty. */
function commonSuffix(labels: string[]): string {
  if (labels.length < 2) return '';
  let suffix = labels[0];
  for (const l of labels) while (suffix && !l.endsWith(suffix)) suffix = suffix.slice(1);
  return labels.every((l) => l.length > suffix.length) ? suffix : '';
}

const DISCRIMINATOR_LABELS: Record<string, string> = { mode: '方式', type: '类型', kind: '类型' };

function compileUnion(members: JsonSchema[], d: Description, ctx: Context): FieldNode {
  if (members.every((m) => m.const !== undefined))
    return {
      kind: 'select',
      options: optionsOf(
        members.map((m) => m.const),
        d,
        members,
      ),
    };
  if (!members.every(isObjectSchema)) return { kind: 'unsupported', reason: '无法为这种联合类型生成表单' };
  const props = members.map((m) => m.properties ?? {});
  const discriminator = Object.keys(props[0]).find((k) => {
    const values = props.map((p) => p[k]?.const);
    return (
      values.every((v) => typeof v === 'string' || typeof v === 'number') &&
      new Set(values).size === values.length
    );
  });
  if (discriminator) {
    return {
      kind: 'switch',
      discriminator,
      discriminatorLabel: DISCRIMINATOR_LABELS[discriminator] ?? discriminator,
      options: members.map((m, i) => {
        const own = parseDescription(props[i][discriminator].description);
        const value = props[i][discriminator].const as string | number;
        const fields = objectFields(m, ctx).filter((f) => f.key !== discriminator);
        return { value, label: own.label || String(value), help: own.parts.join('，'), fields };
      }),
    };
  }
  const labels = members.map((m, i) => parseDescription(m.description).label || `类型 ${i + 1}`);
  const suffix = commonSuffix(labels);
  return {
    kind: 'variants',
    options: members.map((m, i) => ({
      label: suffix ? labels[i].slice(0, -suffix.length) : labels[i],
      help: parseDescription(m.description).parts.join('，'),
      keys: Object.keys(props[i]),
      fields: objectFields(m, ctx),
    })),
  };
}

function compileValue(s: JsonSchema, key: string, d: Description, ctx: Context): FieldNode {
  const members = unionOf(s);
  if (members) return compileUnion(members, d, ctx);
  if (s.const !== undefined) return { kind: 'const', value: s.const };
  if (Array.isArray(s.enum)) return { kind: 'select', options: optionsOf(s.enum, d) };
  switch (typeOf(s)) {
    case 'object':
      return { kind: 'object', fields: objectFields(s, ctx) };
    case 'array':
      return compileArray(s, key, ctx);
    case 'integer':
      return compileInteger(s, key, d, ctx);
    case 'number':
      return { kind: 'number', ...bounds(s) };
    case 'string':
      return {
        kind: 'text',
        minLength: s.minLength ?? null,
        maxLength: s.maxLength ?? null,
        pattern: s.pattern ?? null,
      };
    case 'boolean':
      return { kind: 'boolean' };
  }
  if (s.properties) return { kind: 'object', fields: objectFields(s, ctx) };
  return { kind: 'unsupported', reason: `无法为字段 ${key} 生成表单` };
}

function objectFields(s: JsonSchema, ctx: Context): Field[] {
  const props = s.properties ?? {};
  const required = new Set(s.required ?? []);
  const unitKeys = Object.entries(props)
    .filter(([, p]) => Array.isArray(p.enum) && p.enum.includes('fen'))
    .map(([k]) => k);
  const inner: Context = { unitKeys: [...ctx.unitKeys, ...unitKeys] };
  return Object.entries(props).map(([key, p]) => fieldOf(key, p, required.has(key), inner));
}

/** Labels of well-known keys whose schema says nothing in Chinese. */
const KEY_LABELS: Record<string, string> = {
  skuId: 'SKU',
  skuIds: 'SKU',
  productId: '商品',
  productIds: '商品',
  categoryId: '分类',
  categoryIds: '分类',
};

function fieldOf(key: string, schema: JsonSchema, required: boolean, ctx: Context): Field {
  let inner = schema;
  let nullable = false;
  let description = schema.description;
  let def: { value: unknown } | undefined = 'default' in schema ? { value: schema.default } : undefined;
  const members = unionOf(schema);
  if (members && members.length === 2 && members.some(isNull)) {
    nullable = true;
    inner = members.find((m) => !isNull(m))!;
  } else if (Array.isArray(schema.type) && schema.type.includes('null')) {
    nullable = true;
    inner = { ...schema, type: schema.type.filter((t) => t !== 'null') };
  }
  description ??= inner.description;
  if (!def && 'default' in inner) def = { value: inner.default };
  const d = parseDescription(description);
  let node = compileValue(inner, key, d, ctx);
  if (nullable) node = { kind: 'nullable', inner: node, nullLabel: nullLabelOf(d.parts) };
  // a bare unit ("fen (分)") is no label
  const label = d.label && !isFenNote(d.label) ? d.label : schema.title || KEY_LABELS[key] || key;
  return { key, label, help: helpOf(d.parts, node), required, ...(def ? { default: def } : {}), node };
}

/** Compiles a tool's config JSON Schema (as `GET /api/admin/marketing/tools` returns it). */
export function compileSchema(schema: unknown): CompiledSchema {
  const s = asSchema(schema);
  const d = parseDescription(s.description);
  const root = compileValue(s, '', d, { unitKeys: [] });
  return { root, title: d.label, help: d.parts.join('，') };
}

/** Every unsupported node of a tree (a tool the renderer cannot draw), as `path: reason`. */
export function unsupportedNodes(node: FieldNode, path = ''): string[] {
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  switch (node.kind) {
    case 'unsupported':
      return [`${path || '(root)'}: ${node.reason}`];
    case 'object':
      return node.fields.flatMap((f) => unsupportedNodes(f.node, at(f.key)));
    case 'switch':
    case 'variants':
      return node.options.flatMap((o) => o.fields.flatMap((f) => unsupportedNodes(f.node, at(f.key))));
    case 'list':
      return unsupportedNodes(node.item, at('*'));
    case 'nullable':
      return unsupportedNodes(node.inner, path);
    default:
      return [];
  }
}

// ── values ───────────────────────────────────────────────────────────────────────────────────────────────

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/**
 * A list row of a `variants` item remembers the variant picked for it here (two variants may share every
 * filled-in key, e.g. only the threshold typed yet); `cleanValue` drops it.
 */
export const VARIANT_KEY = '__variant';

function objectInitial(fields: Field[]): Obj {
  const out: Obj = {};
  for (const f of fields) {
    const v = f.default ? clone(f.default.value) : f.required ? initialValue(f.node) : undefined;
    if (v !== undefined) out[f.key] = v;
  }
  return out;
}

/** The value a new form starts with: the schema's defaults, one row for a list that needs one, … */
export function initialValue(node: FieldNode): unknown {
  switch (node.kind) {
    case 'object':
      return objectInitial(node.fields);
    case 'switch': {
      const first = node.options[0];
      return { [node.discriminator]: first.value, ...objectInitial(first.fields) };
    }
    case 'variants':
      return { [VARIANT_KEY]: 0, ...objectInitial(node.options[0].fields) };
    case 'list':
      return Array.from({ length: node.minItems }, () => initialValue(node.item));
    case 'select':
      return node.options[0]?.value;
    case 'const':
      return node.value;
    case 'boolean':
      return false;
    case 'nullable':
      return null;
    case 'multiSelect':
    case 'tags':
    case 'productIds':
    case 'categoryIds':
    case 'skuIds':
      return [];
    default:
      return undefined;
  }
}

/** The option of a `switch` a value is in (by its discriminator; the first when it has none). */
export function switchIndex(node: Extract<FieldNode, { kind: 'switch' }>, value: unknown): number {
  const v = isObj(value) ? value[node.discriminator] : undefined;
  const i = node.options.findIndex((o) => o.value === v);
  return i < 0 ? 0 : i;
}

/** The variant a value is in: the one picked for it, else the one whose keys cover the value's keys. */
export function variantIndex(node: Extract<FieldNode, { kind: 'variants' }>, value: unknown): number {
  if (!isObj(value)) return 0;
  const picked = value[VARIANT_KEY];
  if (typeof picked === 'number' && picked >= 0 && picked < node.options.length) return picked;
  const keys = Object.keys(value).filter((k) => value[k] !== undefined && k !== VARIANT_KEY);
  let best = 0;
  let bestScore = -1;
  node.options.forEach((o, i) => {
    const covered = keys.every((k) => o.keys.includes(k));
    const score = (covered ? 1000 : 0) + keys.filter((k) => o.keys.includes(k)).length;
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  return best;
}

/** A row switched to another variant keeps the values of the keys both variants have (the threshold). */
export function switchVariant(
  node: Extract<FieldNode, { kind: 'variants' }>,
  value: unknown,
  to: number,
): Obj {
  const next: Obj = { ...(initialValue({ kind: 'variants', options: [node.options[to]] }) as Obj) };
  next[VARIANT_KEY] = to;
  if (isObj(value)) for (const k of node.options[to].keys) if (value[k] !== undefined) next[k] = value[k];
  return next;
}

function cleanFields(fields: Field[], value: unknown): Obj {
  const src = isObj(value) ? value : {};
  const out: Obj = {};
  for (const f of fields) {
    const v = cleanValue(f.node, src[f.key]);
    if (v !== undefined) out[f.key] = v;
  }
  return out;
}

/**
 * What the form holds → what the API takes: only the keys of the active union option (the schemas are
 * strict), no bookkeeping keys, no empty optional values.
 */
export function cleanValue(node: FieldNode, value: unknown): unknown {
  switch (node.kind) {
    case 'object':
      return cleanFields(node.fields, value);
    case 'switch': {
      const option = node.options[switchIndex(node, value)];
      return { [node.discriminator]: option.value, ...cleanFields(option.fields, value) };
    }
    case 'variants':
      return cleanFields(node.options[variantIndex(node, value)].fields, value);
    case 'list':
      return Array.isArray(value) ? value.map((v) => cleanValue(node.item, v)) : value;
    case 'nullable':
      return value === null ? null : cleanValue(node.inner, value);
    case 'const':
      return node.value;
    case 'text':
      return typeof value === 'string' && value.trim() === '' ? undefined : value;
    default:
      return value === null ? undefined : value;
  }
}

/**
 * A form value from what the API returned (the edit form): variant rows get their marker so that the row
 * keeps its variant while the merchant edits it.
 */
export function loadValue(node: FieldNode, value: unknown): unknown {
  switch (node.kind) {
    case 'object':
      return isObj(value) ? loadFields(node.fields, value) : value;
    case 'switch':
      return isObj(value) ? loadFields(node.options[switchIndex(node, value)].fields, value) : value;
    case 'variants': {
      if (!isObj(value)) return value;
      const i = variantIndex(node, value);
      return { ...loadFields(node.options[i].fields, value), [VARIANT_KEY]: i };
    }
    case 'list':
      return Array.isArray(value) ? value.map((v) => loadValue(node.item, v)) : value;
    case 'nullable':
      return value === null ? null : loadValue(node.inner, value);
    default:
      return value;
  }
}

function loadFields(fields: Field[], value: Obj): Obj {
  const out: Obj = { ...value };
  for (const f of fields) if (f.key in value) out[f.key] = loadValue(f.node, value[f.key]);
  return out;
}

// ── server issues ────────────────────────────────────────────────────────────────────────────────────────

export type Path = (string | number)[];

function childField(node: FieldNode, key: string): Field | undefined {
  if (node.kind === 'object') return node.fields.find((f) => f.key === key);
  if (node.kind === 'switch') {
    if (key === node.discriminator)
      return {
        key,
        label: node.discriminatorLabel,
        help: '',
        required: true,
        node: { kind: 'select', options: node.options.map((o) => ({ value: o.value, label: o.label })) },
      };
    for (const o of node.options) {
      const f = o.fields.find((x) => x.key === key);
      if (f) return f;
    }
  }
  if (node.kind === 'variants')
    for (const o of node.options) {
      const f = o.fields.find((x) => x.key === key);
      if (f) return f;
    }
  return undefined;
}

/** The field an issue's path (inside the schema's value) lands on, with its node; null when none does. */
export function fieldAt(node: FieldNode, path: Path): { path: Path; field: Field } | null {
  let current = node;
  let field: Field | null = null;
  const taken: Path = [];
  for (const part of path) {
    if (field && isLeaf(field.node)) break;
    if (current.kind === 'list') {
      if (typeof part !== 'number') return null;
      current = current.item;
      taken.push(part);
      field = null;
      continue;
    }
    const next = typeof part === 'string' ? childField(current, part) : undefined;
    if (!next) return null;
    field = next;
    current = next.node;
    taken.push(part);
  }
  return field && isLeaf(field.node) ? { path: taken, field } : null;
}

/** Where a path is, for people: "档位 第 2 行 减多少". */
export function describePath(node: FieldNode, path: Path): string {
  const words: string[] = [];
  let current: FieldNode | null = node;
  for (const part of path) {
    if (!current) {
      words.push(String(part));
      continue;
    }
    if (current.kind === 'list' && typeof part === 'number') {
      words.push(`第 ${part + 1} 行`);
      current = current.item;
      continue;
    }
    const f: Field | undefined = typeof part === 'string' ? childField(current, part) : undefined;
    words.push(f ? f.label : String(part));
    current = f ? (f.node.kind === 'nullable' ? f.node.inner : f.node) : null;
  }
  return words.join(' ');
}
