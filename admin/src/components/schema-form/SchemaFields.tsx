import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Radio, Select, Table, Typography, type FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import type { ColumnsType } from 'antd/es/table';
import { createContext, useContext, type ReactNode } from 'react';
import { formatBound } from './messages';
import { ProductPicker, SkuPicker, CategoryPicker } from './pickers';
import {
  initialValue,
  switchIndex,
  switchVariant,
  variantIndex,
  type Field,
  type FieldNode,
  type SwitchOption,
} from './schema';
import {
  BooleanInput,
  DecimalInput,
  IntegerInput,
  MoneyInput,
  NullableInput,
  PermilleInput,
  SelectInput,
  TagsInput,
  TextInput,
  type WidgetProps,
} from './widgets';

export type NamePath = (string | number)[];

type ListNode = Extract<FieldNode, { kind: 'list' }>;
type SwitchNode = Extract<FieldNode, { kind: 'switch' }>;
type VariantsNode = Extract<FieldNode, { kind: 'variants' }>;

/** The objects around a field, innermost last: a field may depend on a sibling's value (thresholdUnit). */
interface Scope {
  path: NamePath;
  keys: string[];
}
const ScopeContext = createContext<Scope[]>([]);

function Scoped({ path, keys, children }: { path: NamePath; keys: string[]; children: ReactNode }) {
  const scopes = useContext(ScopeContext);
  return <ScopeContext.Provider value={[...scopes, { path, keys }]}>{children}</ScopeContext.Provider>;
}

// ── leaves ───────────────────────────────────────────────────────────────────────────────────────────────

/** fen or a count, as the enclosing object's unit field (门槛单位) says. */
function MoneyOrCountInput({
  unitKey,
  moneyUnit,
  ...props
}: WidgetProps<number> & { unitKey: string; moneyUnit: string }) {
  const form = Form.useFormInstance();
  const scopes = useContext(ScopeContext);
  const scope = [...scopes].reverse().find((s) => s.keys.includes(unitKey));
  const unit = Form.useWatch(scope ? [...scope.path, unitKey] : ['__no_unit__'], {
    form,
    preserve: true,
  }) as unknown;
  return unit === undefined || unit === moneyUnit ? (
    <MoneyInput {...props} />
  ) : (
    <IntegerInput {...props} unit="件" />
  );
}

type LeafProps = WidgetProps<unknown> & { node: FieldNode };

/** The typed widget of a leaf node. Form.Item hands it value, onChange and id. */
function LeafWidget({ node, ...p }: LeafProps) {
  // the form holds, at each leaf, the value its node describes
  const props = <V,>() => p as unknown as WidgetProps<V>;
  switch (node.kind) {
    case 'money':
      return <MoneyInput {...props<number>()} />;
    case 'moneyOrCount':
      return <MoneyOrCountInput {...props<number>()} unitKey={node.unitKey} moneyUnit={node.moneyUnit} />;
    case 'permille':
      return <PermilleInput {...props<number>()} max={node.max} />;
    case 'integer':
      return <IntegerInput {...props<number>()} />;
    case 'number':
      return <DecimalInput {...props<number>()} />;
    case 'text':
      return <TextInput {...props<string>()} maxLength={node.maxLength ?? undefined} />;
    case 'boolean':
      return <BooleanInput {...props<boolean>()} />;
    case 'select':
      return <SelectInput {...props<string | number | (string | number)[]>()} options={node.options} />;
    case 'multiSelect':
      return (
        <SelectInput {...props<string | number | (string | number)[]>()} options={node.options} multiple />
      );
    case 'tags':
      return <TagsInput {...props<(string | number)[]>()} numeric={node.numeric} />;
    case 'sku':
      return <SkuPicker {...props<number>()} />;
    case 'product':
      return <ProductPicker {...props<number | number[]>()} />;
    case 'productIds':
      return <ProductPicker {...props<number | number[]>()} multiple />;
    case 'category':
      return <CategoryPicker {...props<number | number[]>()} />;
    case 'categoryIds':
      return <CategoryPicker {...props<number | number[]>()} multiple />;
    case 'skuIds':
      return <Typography.Text type="warning">暂不支持多个 SKU 的选择</Typography.Text>;
    case 'nullable':
      return (
        <NullableInput<unknown>
          {...(p as WidgetProps<unknown>)}
          nullLabel={node.nullLabel}
          render={(inner) => <LeafWidget {...inner} node={node.inner} />}
        />
      );
    case 'const':
      return <Input type="hidden" id={p.id} value={String(node.value)} />;
    default:
      return <Typography.Text type="danger">无法编辑此项</Typography.Text>;
  }
}

const isEmpty = (v: unknown) => v === undefined || v === '' || (typeof v === 'string' && v.trim() === '');

/** Client-side checks from the schema: required, bounds in the field's own unit. The server checks again. */
export function rulesFor(field: Field): Rule[] {
  const node = field.node;
  const leaf = node.kind === 'nullable' ? node.inner : node;
  const rules: Rule[] = [];
  if (field.required && node.kind !== 'boolean' && node.kind !== 'const') {
    const message =
      node.kind === 'nullable' ? `请填写${field.label}，或勾选“${node.nullLabel}”` : `请填写${field.label}`;
    rules.push({
      validator: (_, v: unknown) => (isEmpty(v) ? Promise.reject(new Error(message)) : Promise.resolve()),
    });
  }
  if ('min' in leaf || 'max' in leaf) {
    const { min, max } = leaf as { min: number | null; max: number | null };
    rules.push({
      validator: (_, v: unknown) => {
        if (typeof v !== 'number') return Promise.resolve();
        if (min !== null && v < min) return Promise.reject(new Error(`不能小于 ${formatBound(leaf, min)}`));
        if (max !== null && v > max) return Promise.reject(new Error(`不能大于 ${formatBound(leaf, max)}`));
        return Promise.resolve();
      },
    });
  }
  if (leaf.kind === 'text' && leaf.pattern) {
    const pattern = new RegExp(leaf.pattern);
    rules.push({
      validator: (_, v: unknown) =>
        typeof v === 'string' && v !== '' && !pattern.test(v)
          ? Promise.reject(new Error('格式不正确'))
          : Promise.resolve(),
    });
  }
  return rules;
}

// ── containers ───────────────────────────────────────────────────────────────────────────────────────────

/** The fields of a compiled schema under `name` in the enclosing antd Form. */
export function SchemaFields({ node, name }: { node: FieldNode; name: NamePath }) {
  switch (node.kind) {
    case 'object':
      return <ObjectFields fields={node.fields} name={name} />;
    case 'switch':
      return <SwitchFields node={node} name={name} />;
    case 'variants':
      return <VariantFields node={node} name={name} />;
    default:
      return <FieldItem field={{ key: '', label: '值', help: '', required: true, node }} name={name} />;
  }
}

function ObjectFields({ fields, name }: { fields: Field[]; name: NamePath }) {
  return (
    <Scoped path={name} keys={fields.map((f) => f.key)}>
      {fields.map((f) => (
        <FieldItem key={f.key} field={f} name={[...name, f.key]} />
      ))}
    </Scoped>
  );
}

const switchInitial = (node: SwitchNode, option: SwitchOption) =>
  initialValue({ ...node, options: [option] }) as Record<string, unknown>;

/** A discriminated union (mode: tiers | every): a radio switch, then the chosen option's fields. */
function SwitchFields({ node, name }: { node: SwitchNode; name: NamePath }) {
  const form = Form.useFormInstance();
  const value = Form.useWatch(name, { form, preserve: true }) as unknown;
  const option = node.options[switchIndex(node, value)];
  return (
    <>
      <Form.Item
        name={[...name, node.discriminator]}
        label={node.discriminatorLabel}
        extra={option.help || undefined}
      >
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={node.options.map((o) => ({ value: o.value, label: o.label }))}
          onChange={(e) => {
            const next = node.options.find((o) => o.value === e.target.value);
            if (!next) return;
            // values typed under the other option stay in the form (switching back finds them) and are not sent
            const current = (form.getFieldValue(name) as Record<string, unknown> | undefined) ?? {};
            const filled = Object.fromEntries(Object.entries(current).filter(([, v]) => v !== undefined));
            form.setFieldValue(name, {
              ...switchInitial(node, next),
              ...filled,
              [node.discriminator]: next.value,
            });
          }}
        />
      </Form.Item>
      <Scoped path={name} keys={[node.discriminator]}>
        <ObjectFields key={String(option.value)} fields={option.fields} name={name} />
      </Scoped>
    </>
  );
}

function VariantFields({ node, name }: { node: VariantsNode; name: NamePath }) {
  const form = Form.useFormInstance();
  const value = Form.useWatch(name, { form, preserve: true }) as unknown;
  const index = variantIndex(node, value);
  return (
    <>
      <Form.Item label="类型">
        <VariantSelect node={node} name={name} form={form} index={index} />
      </Form.Item>
      <ObjectFields key={index} fields={node.options[index].fields} name={name} />
    </>
  );
}

function VariantSelect({
  node,
  name,
  form,
  index,
  label,
}: {
  node: VariantsNode;
  name: NamePath;
  form: FormInstance;
  index: number;
  label?: string;
}) {
  return (
    <Select
      aria-label={label}
      value={index}
      style={{ minWidth: 96 }}
      options={node.options.map((o, i) => ({ value: i, label: o.label }))}
      onChange={(to: number) => form.setFieldValue(name, switchVariant(node, form.getFieldValue(name), to))}
    />
  );
}

/** One field: a labelled form item with its widget, or a group (object, union) or a table (list). */
function FieldItem({ field, name }: { field: Field; name: NamePath }) {
  const { node } = field;
  const extra = field.help || undefined;
  if (node.kind === 'object' || node.kind === 'switch' || node.kind === 'variants') {
    return (
      <Form.Item label={field.label} extra={extra} required={field.required}>
        <div style={{ borderLeft: '2px solid #f0f0f0', paddingLeft: 16 }}>
          <SchemaFields node={node} name={name} />
        </div>
      </Form.Item>
    );
  }
  if (node.kind === 'list') {
    return (
      <Form.Item label={field.label} extra={extra} required={field.required && node.minItems > 0}>
        <ListTable node={node} name={name} label={field.label} />
      </Form.Item>
    );
  }
  if (node.kind === 'const') {
    return (
      <Form.Item name={name} hidden>
        <LeafWidget node={node} />
      </Form.Item>
    );
  }
  return (
    <Form.Item
      name={name}
      label={field.label}
      extra={extra}
      rules={rulesFor(field)}
      required={field.required}
    >
      <LeafWidget node={node} />
    </Form.Item>
  );
}

// ── tables ───────────────────────────────────────────────────────────────────────────────────────────────

/** The columns of a list's rows: every key any option of the row has, in order of appearance. */
function columnsOf(item: FieldNode): Field[] {
  const fields =
    item.kind === 'object'
      ? item.fields
      : item.kind === 'variants' || item.kind === 'switch'
        ? item.options.flatMap((o) => o.fields)
        : [{ key: '', label: '值', help: '', required: true, node: item }];
  const seen = new Set<string>();
  return fields.filter((f) => (seen.has(f.key) ? false : (seen.add(f.key), true)));
}

/** The fields of a row as its option says (a 满减 row has 减多少, a 满折 row 打几折). */
function rowFields(item: FieldNode, row: unknown): Field[] {
  if (item.kind === 'object') return item.fields;
  if (item.kind === 'variants') return item.options[variantIndex(item, row)].fields;
  if (item.kind === 'switch') return item.options[switchIndex(item, row)].fields;
  return columnsOf(item);
}

function RowChooser({
  item,
  name,
  index,
}: {
  item: VariantsNode | SwitchNode;
  name: NamePath;
  index: number;
}) {
  const form = Form.useFormInstance();
  const row = Form.useWatch(name, { form, preserve: true }) as unknown;
  const label = `第 ${index + 1} 行 类型`;
  if (item.kind === 'variants')
    return (
      <VariantSelect node={item} name={name} form={form} index={variantIndex(item, row)} label={label} />
    );
  return (
    <Form.Item name={[...name, item.discriminator]} style={{ marginBottom: 0 }}>
      <SelectInput
        aria-label={label}
        options={item.options.map((o) => ({ value: o.value, label: o.label }))}
      />
    </Form.Item>
  );
}

function RowCell({
  item,
  column,
  name,
  index,
}: {
  item: FieldNode;
  column: Field;
  name: NamePath;
  index: number;
}) {
  const form = Form.useFormInstance();
  const row = Form.useWatch(name, { form, preserve: true }) as unknown;
  const field = column.key === '' ? column : rowFields(item, row).find((f) => f.key === column.key);
  if (!field) return <Typography.Text type="secondary">—</Typography.Text>;
  const path = field.key === '' ? name : [...name, field.key];
  const label = `第 ${index + 1} 行 ${field.label}`;
  let cell: ReactNode;
  if (field.node.kind === 'list') cell = <ListTable node={field.node} name={path} label={field.label} />;
  else if (field.node.kind === 'object' || field.node.kind === 'switch' || field.node.kind === 'variants')
    cell = <SchemaFields node={field.node} name={path} />;
  else
    cell = (
      <Form.Item name={path} rules={rulesFor(field)} style={{ marginBottom: 0 }}>
        <LeafWidget node={field.node} aria-label={label} />
      </Form.Item>
    );
  return (
    <Scoped path={name} keys={columnsOf(item).map((f) => f.key)}>
      {cell}
    </Scoped>
  );
}

/** An array of objects as an editable table: a row per item, add and remove rows within min/max. */
function ListTable({ node, name, label }: { node: ListNode; name: NamePath; label: string }) {
  const form = Form.useFormInstance();
  const rows = Form.useWatch(name, { form, preserve: true }) as unknown[] | undefined;
  const count = Array.isArray(rows) ? rows.length : 0;
  const item = node.item;
  const current = () => {
    const v = form.getFieldValue(name) as unknown;
    return Array.isArray(v) ? v : [];
  };
  const remove = (i: number) =>
    form.setFieldValue(
      name,
      current().filter((_, j) => j !== i),
    );
  const add = () => form.setFieldValue(name, [...current(), initialValue(item)]);

  const columns: ColumnsType<{ key: number }> = [
    { title: '#', width: 40, render: (_, r) => r.key + 1 },
    ...(item.kind === 'variants' || item.kind === 'switch'
      ? [
          {
            title: '类型',
            width: 110,
            render: (_: unknown, r: { key: number }) => (
              <RowChooser item={item} name={[...name, r.key]} index={r.key} />
            ),
          },
        ]
      : []),
    ...columnsOf(item).map((column) => ({
      title: column.required ? (
        <span>
          <span style={{ color: '#ff4d4f', marginRight: 4 }}>*</span>
          {column.label}
        </span>
      ) : (
        column.label
      ),
      key: column.key,
      render: (_: unknown, r: { key: number }) => (
        <RowCell item={item} column={column} name={[...name, r.key]} index={r.key} />
      ),
    })),
    {
      title: '操作',
      width: 64,
      render: (_, r) => (
        <Button
          type="link"
          danger
          icon={<DeleteOutlined />}
          aria-label={`删除${label}第 ${r.key + 1} 行`}
          disabled={count <= node.minItems}
          onClick={() => remove(r.key)}
        />
      ),
    },
  ];
  return (
    <>
      <Table<{ key: number }>
        size="small"
        bordered
        pagination={false}
        rowKey="key"
        columns={columns}
        dataSource={Array.from({ length: count }, (_, i) => ({ key: i }))}
        locale={{ emptyText: '还没有内容，点击下方按钮添加' }}
      />
      <Button
        type="dashed"
        icon={<PlusOutlined />}
        style={{ marginTop: 8 }}
        disabled={node.maxItems !== null && count >= node.maxItems}
        onClick={add}
      >
        添加{label}
      </Button>
    </>
  );
}
