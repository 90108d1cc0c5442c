import type { Platform } from '../../platform';
import type { Principal } from '../../platform/http/access';
import type { AccountsPort } from './ports';

/** Who did something: a merchant account, a shopper, or the system (jobs, other modules). */
export type Actor = Principal | { kind: 'system'; id?: undefined; name?: string };

export interface RequestMeta {
  ip: string;
  requestId?: string;
}

/** Everything the coupon services share. */
export interface CouponContext {
  platform: Platform;
  accounts: AccountsPort;
}

/** Text for `… IN (…)`-free JSON-array membership: channels are stored as a JSON array of names. */
export const channelLike = (channel: string) => `%"${channel}"%`;
