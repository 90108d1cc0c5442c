/**
 * A phone number as the `service` role sees it: the first three and the last four digits, the middle starred
 * (13800138000 → 138****8000), enough to confirm a caller without handing out the number. Short or
 * foreign numbers keep at most their last four characters.
 */
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  if (phone.length >= 11) return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
  if (phone.length > 4) return `${'*'.repeat(phone.length - 4)}${phone.slice(-4)}`;
  return '*'.repeat(phone.length);
}
