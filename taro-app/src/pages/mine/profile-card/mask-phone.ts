/** 13812345678 → 138****5678; anything shorter than 7 characters is shown as it is. */
export function maskPhone(phone: string): string {
  return phone.length < 7 ? phone : `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
