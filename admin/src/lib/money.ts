/** Money helpers: amounts are integer fen in the API and typed or shown in yuan (¥12.30) in the admin. */

const YUAN = /^(\d{1,9})(?:\.(\d{0,2}))?$/;

/** Parses a yuan amount typed by a person ("12", "12.3", "12.30") into fen with string arithmetic. */
export function yuanToFen(input: string): number | null {
  const match = YUAN.exec(input.trim());
  if (!match) return null;
  const cents = (match[2] ?? '').padEnd(2, '0');
  return Number(match[1]) * 100 + Number(cents);
}

/** Fen as a yuan string without the currency sign, e.g. 1230 → "12.30". */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Fen as the admin shows money: ¥12.30. */
export function formatFen(fen: number): string {
  return fen < 0 ? `-¥${fenToYuan(-fen)}` : `¥${fenToYuan(fen)}`;
}
