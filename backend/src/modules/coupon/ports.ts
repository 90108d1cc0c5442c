import type { Tx } from '../../platform/db/tx';

/**
 * What the coupon module needs from its neighbours, written down once; `index.ts` assigns the real account
 * service to this type, so the compiler checks it. (What it offers marketing is `CouponSource` in
 * ../marketing/ports.ts.)
 */
export interface AccountsPort {
  /** status and nickname, or undefined */
  findShopper(id: number, tx?: Tx): Promise<{ id: number; status: string } | undefined>;
  registerExporter?(name: string, fn: (shopperId: number) => Promise<unknown>): void;
  registerDeletionHook?(name: string, fn: (tx: Tx, shopperId: number) => Promise<void>): void;
}
