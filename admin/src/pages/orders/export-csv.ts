import { ApiError } from '../../api/api-error';
import { api } from '../../api/client';
import type { OrdersQuery } from '../../api/models';

/**
 * Downloads the orders matching the list's filters as the backend's CSV. The route needs the Bearer token,
 * so it is fetched and saved through an object URL rather than opened as a plain link.
 */
export async function downloadOrdersCsv(filters: Omit<OrdersQuery, 'page' | 'pageSize'>): Promise<void> {
  const { data, error, response } = await api.GET('/api/admin/orders/export', {
    params: { query: filters },
    parseAs: 'blob',
  });
  if (!response.ok || !(data instanceof Blob)) throw ApiError.fromResponse(response.status, error);
  const name = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') ?? '')?.[1];
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = name ?? 'orders.csv';
  link.click();
  URL.revokeObjectURL(url);
}
