import type { CouponValidity } from '../../services/api-types';
import { formatTime } from '../../services/format-time';

/** The validity of a template: fixed dates, or N days from the claim (to the end of the shop day). */
export function validityText(v: CouponValidity): string {
  return v.type === 'absolute' ? `${formatTime(v.from)} 至 ${formatTime(v.to)}` : `领取后 ${v.days} 天内有效`;
}
