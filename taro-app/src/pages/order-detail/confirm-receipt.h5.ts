import type { OrderDetail } from '../../services/api-types';
import { confirmReceipt } from '../../services/shop-api';

/** In a browser there is no WeChat confirm-receipt view: the button confirms at once. */
export async function confirmReceiptFlow(order: OrderDetail): Promise<void> {
  await confirmReceipt(order.id);
}
