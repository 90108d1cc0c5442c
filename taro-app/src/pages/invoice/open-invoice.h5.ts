import { ApiError } from '../../services/api-error';
import { invoiceFilePath } from '../../services/shop-api';
import { readToken } from '../../services/token-storage';

/**
 * The PDF comes through the API with the shopper's token (never a public URL), so the browser fetches it
 * and saves it under the server's file name.
 */
export async function openInvoice(orderId: number): Promise<void> {
  const token = readToken();
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${invoiceFilePath(orderId)}`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
  } catch (e) {
    throw new ApiError('NETWORK_ERROR', 0, e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
    throw new ApiError(body?.error?.code ?? 'INTERNAL', res.status);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `发票-${orderId}.pdf`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
