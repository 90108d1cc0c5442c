import type { RuleObject } from 'antd/es/form';
import { fenToYuan, yuanToFen } from '../lib/money';

/** The backend's ceiling for any amount (catalog `fen`): ¥100,000,000. */
export const MAX_FEN = 10_000_000_000;

/**
 * Form rules for an amount typed in yuan: at most two decimals, not negative, at most `maxFen`. The value
 * stays the typed string; `yuanToFen` turns it into fen when the form is sent.
 */
export function yuanRules({
  required = false,
  label = '金额',
  minFen = 0,
  maxFen = MAX_FEN,
}: { required?: boolean; label?: string; minFen?: number; maxFen?: number } = {}): RuleObject[] {
  return [
    {
      validator: async (_, value: unknown) => {
        const text = typeof value === 'string' ? value.trim() : value == null ? '' : String(value);
        if (text === '') {
          if (required) throw new Error(`请填写${label}`);
          return;
        }
        const fen = yuanToFen(text);
        if (fen === null) throw new Error(`${label}格式不正确，最多两位小数`);
        if (fen < minFen) throw new Error(`${label}不能低于 ¥${fenToYuan(minFen)}`);
        if (fen > maxFen) throw new Error(`${label}不能超过 ¥${fenToYuan(maxFen)}`);
      },
    },
  ];
}

/** A typed yuan amount (already validated) in fen; empty means `fallback`. */
export function fenOf(value: string | null | undefined, fallback = 0): number {
  const text = (value ?? '').trim();
  if (text === '') return fallback;
  const fen = yuanToFen(text);
  if (fen === null) throw new RangeError(`not a yuan amount: ${text}`);
  return fen;
}
