import { api, fetchData } from '../api/client';

/** What the backend sniffs and accepts (platform/storage): JPEG, PNG, GIF, WebP. */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
/** The backend's default UPLOAD_MAX_BYTES; a larger limit on the server still answers 413 here first. */
export const IMAGE_MAX_BYTES = 10 * 1024 * 1024;

/** An image of a form: the reference the API stores (upload key or URL) and where the browser shows it. */
export interface ImageItem {
  ref: string;
  url: string;
}

export interface UploadedImage {
  /** the storage key to save in the product (`products/2026/11/….jpg`) */
  key: string;
  /** where the browser can show it */
  url: string;
}

/** Checks a picked file before sending it; a Chinese reason, or null when it may be sent. */
export function imageProblem(file: File): string | null {
  if (!IMAGE_TYPES.includes(file.type)) return '只能上传 JPG、PNG、GIF 或 WebP 图片';
  if (file.size > IMAGE_MAX_BYTES) return `图片不能超过 ${IMAGE_MAX_BYTES / 1024 / 1024} MB`;
  return null;
}

/**
 * Uploads an image through `POST /api/admin/uploads/images` as raw bytes (the route reads them when the
 * Content-Type is image/*; no base64 and no 1 MB JSON limit).
 */
export async function uploadImage(file: File): Promise<UploadedImage> {
  const problem = imageProblem(file);
  if (problem) throw new Error(problem);
  const stored = await fetchData(
    api.POST('/api/admin/uploads/images', {
      body: {},
      bodySerializer: () => file,
      headers: { 'Content-Type': file.type },
    }),
  );
  return { key: stored.key, url: stored.url };
}

/** A file's bytes as base64 (no data-URL prefix), for the JSON upload routes (invoice PDFs). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

/** Saves a blob the API answered (CSV, PDF) under `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The file name of a Content-Disposition header, if any. */
export function dispositionFilename(response: Response): string | undefined {
  return /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') ?? '')?.[1];
}
