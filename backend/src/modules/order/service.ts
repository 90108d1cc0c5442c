import type { Platform } from '../../platform';
import { AppError } from '../../platform/errors';
import type { Tx } from '../../platform/db/tx';
import { Op } from 'sequelize';
import { createAfterSales } from './aftersales';
import { createCart } from './cart';
import { createCheckout } from './checkout';
import type { Actor, OrderContext } from './context';
import { createInvoices } from './invoices';
import { createLifecycle } from './lifecycle';
import { CartItem, initOrderModels, Order } from './models';
import type { AccountsPort, CatalogPort, PaymentPort, PricingPort } from './ports';
import { createQueries } from './queries';
import { createOrderSettings } from './settings';
import { createShipping } from './shipping';
import { createShippingUpload } from './shipping-upload';
import { orderMachine } from './state';

/**
 * The order module's services, assembled. Other modules use `markVerified` (local-service verification),
 * `settings` and the read functions; the routes use the parts.
 */
export function createOrderService(
  platform: Platform,
  deps: { accounts: AccountsPort; catalog: CatalogPort; payment: PaymentPort; pricing: PricingPort },
) {
  initOrderModels(platform.sequelize);
  const ctx: OrderContext = { platform, ...deps };

  const openidOf = (shopperId: number) => deps.accounts.getOpenid(shopperId);
  const settings = createOrderSettings(ctx);
  const uploads = createShippingUpload(ctx, openidOf);
  const cart = createCart(ctx);
  const lifecycle = createLifecycle(ctx, settings, uploads);
  const checkout = createCheckout(ctx, { cart, settings, lifecycle, openidOf });
  const shipping = createShipping(ctx, uploads);
  const afterSales = createAfterSales(ctx, settings, uploads);
  const invoices = createInvoices(ctx);
  const queries = createQueries(ctx);

  /**
   * Account deletion keeps orders (the e-commerce law keeps transaction records) but refuses while an order
   * is still open, so nothing in flight loses its owner; the cart goes.
   */
  async function onShopperDeleted(tx: Tx, shopperId: number) {
    const open = await Order.count({
      where: { shopperId, status: { [Op.notIn]: [...orderMachine.terminal] } },
      transaction: tx,
    });
    if (open) {
      throw new AppError('BUSINESS_RULE', 'Finish or cancel your open orders before deleting the account', {
        rule: 'open_orders',
        openOrders: open,
      });
    }
    await CartItem.destroy({ where: { shopperId }, transaction: tx });
  }

  /** Hooks into the neighbours, registered once at boot (the module's init). */
  function register() {
    deps.payment.onPaid(lifecycle.onPaid);
    deps.payment.onRefunded(afterSales.onRefunded);
    deps.accounts.registerExporter?.('orders', queries.exportForShopper);
    deps.accounts.registerDeletionHook?.('orders', onShopperDeleted);
  }

  const parts = { cart, checkout, lifecycle, shipping, afterSales, invoices, queries, settings, uploads };
  return {
    parts,
    register,
    /** to_verify → received after a store verified a local-service code (in the caller's transaction) */
    markVerified: (tx: Tx, orderId: number, actor: Actor) => lifecycle.markVerified(tx, orderId, actor),
    getOrder: queries.detailForAdmin,
    /** checkout for tool modules that place orders themselves (the same path as the shop's checkout) */
    previewOrder: checkout.preview,
    placeOrder: checkout.create,
    /** the WeChat shipping-info upload of an order, now (the queue job calls the same) */
    uploadShippingInfo: uploads.upload,
    getSettings: settings.get,
  };
}

export type OrderServiceInternal = ReturnType<typeof createOrderService>;
export type OrderServiceParts = OrderServiceInternal['parts'];
