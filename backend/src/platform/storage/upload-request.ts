import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { AppError } from '../errors';
import type { RequestInfo } from '../http/route';

/**
 * How an upload arrives over HTTP: the raw bytes with an image/* (or octet-stream) Content-Type — what
 * `wx.uploadFile`-free clients and the admin send — or JSON `{ dataBase64, filename }` (JSON bodies are limited
 * to 1 MB). Every upload route uses these, then hands the bytes to `storage.put`, which sniffs the type.
 */
export const uploadBody = z.object({
  dataBase64: z.string().min(1).max(1_400_000).optional(),
  filename: z.string().trim().max(200).optional(),
});

export const uploadedFile = z.object({
  key: z.string(),
  url: z.string(),
  size: z.number().int(),
  contentType: z.string(),
});

async function readRaw(stream: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(stream.headers['content-length'] ?? 0);
  const tooLarge = () =>
    new AppError('PAYLOAD_TOO_LARGE', `File is larger than ${maxBytes} bytes`, { maxBytes });
  if (declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function uploadedBytes(
  req: RequestInfo,
  body: z.infer<typeof uploadBody>,
  maxBytes: number,
): Promise<Buffer> {
  if (req.koa.request.is('image/*', 'application/octet-stream')) return readRaw(req.koa.req, maxBytes);
  const base64 = body.dataBase64?.replace(/^data:[\w/+.-]+;base64,/, '');
  if (!base64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    const message = 'Send the file as raw bytes with an image Content-Type, or as dataBase64 in JSON';
    throw new AppError('VALIDATION_FAILED', message, [{ path: 'dataBase64', message, code: 'custom' }]);
  }
  return Buffer.from(base64, 'base64');
}
