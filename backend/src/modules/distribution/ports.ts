import type { Tx } from '../../platform/db/tx';
import type { BindingOutcome, OpenHandler } from '../share';

/**
 * What distribution needs of its neighbours, written down once. `index.ts` assigns the real services to these
 * types, so the compiler checks that they still offer it.
 */

/** The order module: an order's lines (pay amount after discounts and points, without freight) and pricing. */
export interface OrdersPort {
  getOrder(orderId: number): Promise<{
    id: number;
    kind: string;
    createdAt: string;
    lines: {
      id: number;
      productId: number;
      skuId: number;
      title: string;
      quantity: number;
      payAmount: number;
      isGift: boolean;
    }[];
    adjustments: { sourceType: string; sourceId: number | null; kind: string }[];
  }>;
}

export interface AccountsPort {
  findShopper(
    id: number,
    tx?: Tx,
  ): Promise<{ id: number; nickname: string; status: 'active' | 'frozen' | 'deleted' } | undefined>;
  getOpenid(id: number, tx?: Tx): Promise<string>;
  registerExporter?(name: string, fn: (shopperId: number) => Promise<unknown>): void;
}

/** The catalog, to check the products and SKUs merchants give rates to. */
export interface CatalogPort {
  getAdminProduct(id: number): Promise<{ id: number; title: string; skus: { id: number }[] }>;
}

/** The share module: distribution decides what opening a scene does (the binding). */
export interface SharePort {
  setOpenHandler(handler: OpenHandler): void;
}

export type { BindingOutcome };

/**
 * An activity module (flash sale, group buy, bargain…) says whether one of its campaigns pays commission
 * (RULES §6: group buy has a per-campaign switch). Absent: the shop's `activityCommission` switch decides.
 */
export type ActivityCommissionPolicy = (campaignId: number | null) => Promise<boolean>;
