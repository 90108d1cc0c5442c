import { Checkbox, InputNumber, Select, Space, Switch, Input } from 'antd';
import type { ReactNode } from 'react';
import type { Option } from './schema';
import { fenToInput, inputToFen, permilleToZhe, zheToPermille } from './units';

/** What antd's Form.Item hands its control, plus what the renderer adds. */
export interface WidgetProps<V> {
  value?: V;
  onChange?: (value: V | undefined) => void;
  id?: string;
  disabled?: boolean;
  'aria-label'?: string;
}

const money = { width: 180 };

/** Integer fen, typed and shown in yuan with two decimals (¥12.30); sent as fen through lib/money.ts. */
export function MoneyInput({ value, onChange, ...rest }: WidgetProps<number>) {
  return (
    <InputNumber<string>
      {...rest}
      stringMode
      precision={2}
      min="0"
      step="1"
      suffix="元"
      placeholder="0.00"
      style={money}
      value={fenToInput(value) ?? null}
      onChange={(typed) => {
        const fen = inputToFen(typed);
        // a value that is not an amount (never reached with precision 2) leaves the field as it was
        if (fen !== null) onChange?.(fen);
      }}
    />
  );
}

/** 千分比 of the price kept, typed and shown as 折: 8.5 折 ↔ 850. */
export function PermilleInput({
  value,
  onChange,
  max,
  ...rest
}: WidgetProps<number> & { max?: number | null }) {
  return (
    <InputNumber<string>
      {...rest}
      stringMode
      min="0.01"
      max={max ? permilleToZhe(max) : '10'}
      step="1"
      suffix="折"
      placeholder="如 8.5"
      style={{ width: 150 }}
      value={typeof value === 'number' ? permilleToZhe(value) : null}
      onChange={(typed) => {
        if (typed === null || String(typed).trim() === '') return onChange?.(undefined);
        const permille = zheToPermille(String(typed));
        if (permille !== null) onChange?.(permille);
      }}
    />
  );
}

/** A whole number, with a unit after it when it has one (件). */
export function IntegerInput({
  value,
  onChange,
  unit,
  ...rest
}: WidgetProps<number> & { unit?: string; min?: number; max?: number }) {
  return (
    <InputNumber<number>
      {...rest}
      precision={0}
      suffix={unit}
      style={{ width: unit ? 150 : 120 }}
      value={value ?? null}
      onChange={(v) => onChange?.(v ?? undefined)}
    />
  );
}

export function DecimalInput({ value, onChange, ...rest }: WidgetProps<number>) {
  return (
    <InputNumber<number>
      {...rest}
      style={{ width: 150 }}
      value={value ?? null}
      onChange={(v) => onChange?.(v ?? undefined)}
    />
  );
}

export function TextInput({
  value,
  onChange,
  maxLength,
  ...rest
}: WidgetProps<string> & { maxLength?: number }) {
  return (
    <Input
      {...rest}
      maxLength={maxLength}
      value={value ?? ''}
      onChange={(e) => onChange?.(e.target.value)}
      style={{ maxWidth: 360 }}
    />
  );
}

export function BooleanInput({ value, onChange, ...rest }: WidgetProps<boolean>) {
  return <Switch {...rest} checked={value ?? false} onChange={(v) => onChange?.(v)} />;
}

export function SelectInput({
  value,
  onChange,
  options,
  multiple,
  ...rest
}: WidgetProps<string | number | (string | number)[]> & { options: Option[]; multiple?: boolean }) {
  return (
    <Select
      {...rest}
      mode={multiple ? 'multiple' : undefined}
      options={options}
      value={value}
      onChange={(v) => onChange?.(v)}
      style={multiple ? { minWidth: 260, maxWidth: 520 } : { width: 200 }}
    />
  );
}

/** Free values typed as tags (provinces, shopper tags, level ids). */
export function TagsInput({
  value,
  onChange,
  numeric,
  ...rest
}: WidgetProps<(string | number)[]> & { numeric?: boolean }) {
  return (
    <Select
      {...rest}
      mode="tags"
      open={false}
      suffixIcon={null}
      tokenSeparators={[',', '，', ' ', '、']}
      placeholder={numeric ? '输入数字后回车' : '输入后回车'}
      style={{ minWidth: 260, maxWidth: 520 }}
      value={(value ?? []).map(String)}
      onChange={(typed: string[]) => {
        if (!numeric) return onChange?.(typed.map((t) => t.trim()).filter(Boolean));
        onChange?.(typed.filter((t) => /^\d+$/.test(t.trim())).map((t) => Number(t.trim())));
      }}
    />
  );
}

/**
 * A value or null: the checkbox (不限, 不封顶, …) sends null and disables the input; clearing it leaves the
 * field empty for the merchant to fill in.
 */
export function NullableInput<V>({
  value,
  onChange,
  nullLabel,
  render,
  id,
  disabled,
  ...rest
}: WidgetProps<V | null> & {
  nullLabel: string;
  render: (props: WidgetProps<V>) => ReactNode;
}) {
  const isNull = value === null;
  return (
    <Space wrap>
      {render({
        ...rest,
        id,
        disabled: disabled || isNull,
        value: isNull ? undefined : (value as V | undefined),
        onChange: (v) => onChange?.(v),
      })}
      <Checkbox
        checked={isNull}
        disabled={disabled}
        aria-label={`${rest['aria-label'] ?? ''}${nullLabel}`}
        onChange={(e) => onChange?.(e.target.checked ? null : undefined)}
      >
        {nullLabel}
      </Checkbox>
    </Space>
  );
}
