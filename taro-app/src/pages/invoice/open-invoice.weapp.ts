import Taro from '@tarojs/taro';
import { ApiError } from '../../services/api-error';
import { invoiceFilePath } from '../../services/shop-api';
import { readToken } from '../../services/token-storage';

/** Downloads the PDF with the shopper's token and opens it in WeChat's document viewer (save / forward there). */
export async function openInvoice(orderId: number): Promise<void> {
  const token = readToken();
  let res: Taro.downloadFile.FileSuccessCallbackResult;
  try {
    res = await Taro.downloadFile({
      url: `${API_BASE}${invoiceFilePath(orderId)}`,
      header: token ? { Authorization: `Bearer ${token}` } : {},
    });
  } catch (e) {
    throw new ApiError('NETWORK_ERROR', 0, (e as { errMsg?: string } | null)?.errMsg);
  }
  if (res.statusCode !== 200)
    throw new ApiError(res.statusCode === 404 ? 'NOT_FOUND' : 'INTERNAL', res.statusCode);
  await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'pdf', showMenu: true });
}
