/** What the button under the export says in this build. */
export const SAVE_EXPORT_LABEL = '下载 JSON 文件';

/** The browser saves the export as a file. */
export async function saveExport(json: string, shopperId: number): Promise<string> {
  const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `我的数据-${shopperId}.json`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return '已开始下载';
}
