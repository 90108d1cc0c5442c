import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The shop's time zone (RULES §0): times are stored in UTC and shown to the merchant in shop time. */
export const SHOP_TIME_ZONE = 'Asia/Shanghai';

export function formatShopTime(isoTime: string): string {
  return dayjs(isoTime).tz(SHOP_TIME_ZONE).format('YYYY-MM-DD HH:mm:ss');
}
