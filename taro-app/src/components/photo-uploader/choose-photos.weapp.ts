import Taro from '@tarojs/taro';
import type { ChosenPhoto } from './chosen-photo';

function readBytes(filePath: string): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().readFile({
      filePath,
      success: (r) => (typeof r.data === 'string' ? reject(new Error('read as text')) : resolve(r.data)),
      fail: reject,
    });
  });
}

/** WeChat's album or camera, compressed by WeChat; the temp files are read as bytes. Cancel → []. */
export async function choosePhotos(count: number): Promise<ChosenPhoto[]> {
  let files: { tempFilePath: string }[];
  try {
    ({ tempFiles: files } = await Taro.chooseMedia({
      count,
      mediaType: ['image'],
      sourceType: ['album', 'camera'],
      sizeType: ['compressed'],
    }));
  } catch {
    return [];
  }
  return Promise.all(
    files.map(async (f) => ({ preview: f.tempFilePath, bytes: await readBytes(f.tempFilePath) })),
  );
}
