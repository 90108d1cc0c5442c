import Taro from '@tarojs/taro';

/** What the button under the export says in this build. */
export const SAVE_EXPORT_LABEL = '复制全部数据';

/** A mini-program cannot save a file where the shopper finds it; the JSON goes to the clipboard instead. */
export async function saveExport(json: string, _shopperId: number): Promise<string> {
  await Taro.setClipboardData({ data: json });
  return '已复制，可粘贴保存';
}
