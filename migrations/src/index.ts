import type { Migration } from './types';
import { migration as platform } from './migrations/202611260001-platform';
import { migration as store } from './migrations/202611260002-store';
import { migration as catalog } from './migrations/202611260003-catalog';
import { migration as payment } from './migrations/202611260004-payment';
import { migration as order } from './migrations/202611260005-order';
import { migration as marketing } from './migrations/202611260006-marketing';
import { migration as coupon } from './migrations/202611260007-coupon';
import { migration as points } from './migrations/202611260008-points';
import { migration as invoiceNumber } from './migrations/202611260009-invoice-number';
import { migration as distribution } from './migrations/202611260010-distribution';
import { migration as share } from './migrations/202611260011-share';

export type { Migration, MigrationContext } from './types';

/** Every migration in order. A new migration is a file in src/migrations and one line here. */
export const migrations: Migration[] = [
  platform,
  store,
  catalog,
  payment,
  order,
  marketing,
  coupon,
  points,
  invoiceNumber,
  distribution,
  share,
];
