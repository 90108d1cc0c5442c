import Taro from '@tarojs/taro';
import type { ChosenPhoto } from './chosen-photo';

/** The browser's file picker (Taro.chooseImage); each File is read as bytes. Cancel → []. */
export async function choosePhotos(count: number): Promise<ChosenPhoto[]> {
  let files: Taro.chooseImage.ImageFile[];
  try {
    ({ tempFiles: files } = await Taro.chooseImage({ count, sourceType: ['album'] }));
  } catch {
    return [];
  }
  return Promise.all(
    files.map(async (f) => ({
      preview: f.path,
      bytes: f.originalFileObj
        ? await f.originalFileObj.arrayBuffer()
        : await (await fetch(f.path)).arrayBuffer(),
    })),
  );
}
