import { createCanvas, loadImage, type Image, type SKRSContext2D } from '@napi-rs/canvas';
import { fenToYuanString } from '../../platform/money';

/**
 * The share poster, drawn with @napi-rs/canvas (Skia; its prebuilt binary is an npm package, nothing is
 * downloaded at install or run time). Text uses the system's CJK font (Debian's fonts-noto-cjk); the code is
 * drawn as an image, so it stays scannable whatever fonts the server has.
 *
 *   ┌──────────────────────┐
 *   │    product image     │  750 × 750, cover-fit
 *   ├──────────────────────┤
 *   │ title (≤ 2 lines)    │
 *   │ ¥ price              │
 *   │ nickname 推荐  [code] │  code 240 × 240 on white
 *   └──────────────────────┘
 */
export interface PosterInput {
  /** the target's picture (PNG/JPEG/WebP bytes); null draws a plain panel */
  image: Buffer | null;
  title: string;
  /** fen; null hides the price */
  price: number | null;
  nickname: string;
  /** the mini-program code or QR code (PNG bytes) */
  code: Buffer;
  /** under the code: 长按识别小程序码 / 扫码查看 */
  hint: string;
}

export const POSTER_WIDTH = 750;
export const POSTER_HEIGHT = 1200;
const FONT = '"Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "WenQuanYi Micro Hei", sans-serif';

/** Lines of `text` that fit `width`, at most `max` (the last one ends with … when cut). */
function wrap(ctx: SKRSContext2D, text: string, width: number, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const next = line + chars[i];
    if (ctx.measureText(next).width <= width) {
      line = next;
      continue;
    }
    if (lines.length === max - 1) {
      while (line && ctx.measureText(`${line}…`).width > width) line = line.slice(0, -1);
      lines.push(`${line}…`);
      return lines;
    }
    lines.push(line);
    line = chars[i];
  }
  if (line) lines.push(line);
  return lines;
}

async function decode(bytes: Buffer | null): Promise<Image | null> {
  if (!bytes) return null;
  try {
    return await loadImage(bytes);
  } catch {
    return null;
  }
}

export async function composePoster(input: PosterInput): Promise<Buffer> {
  const canvas = createCanvas(POSTER_WIDTH, POSTER_HEIGHT);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, POSTER_WIDTH, POSTER_HEIGHT);

  // the picture, cover-fit into the top square
  const picture = await decode(input.image);
  if (picture) {
    const scale = Math.max(POSTER_WIDTH / picture.width, POSTER_WIDTH / picture.height);
    const w = picture.width * scale;
    const h = picture.height * scale;
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, 0, POSTER_WIDTH, POSTER_WIDTH);
    ctx.clip();
    ctx.drawImage(picture, (POSTER_WIDTH - w) / 2, (POSTER_WIDTH - h) / 2, w, h);
    ctx.restore();
  } else {
    ctx.fillStyle = '#f2f3f5';
    ctx.fillRect(0, 0, POSTER_WIDTH, POSTER_WIDTH);
  }

  const pad = 40;
  let y = POSTER_WIDTH + 60;
  ctx.fillStyle = '#1f1f1f';
  ctx.font = `34px ${FONT}`;
  ctx.textBaseline = 'alphabetic';
  for (const line of wrap(ctx, input.title, POSTER_WIDTH - pad * 2, 2)) {
    ctx.fillText(line, pad, y);
    y += 48;
  }
  if (input.price !== null) {
    ctx.fillStyle = '#fa2c19';
    ctx.font = `bold 30px ${FONT}`;
    ctx.fillText('¥', pad, y + 24);
    ctx.font = `bold 52px ${FONT}`;
    ctx.fillText(fenToYuanString(input.price), pad + 24, y + 24);
  }

  // the code on white at the bottom right, the sharer at the bottom left
  const codeSize = 240;
  const codeX = POSTER_WIDTH - pad - codeSize;
  const codeY = POSTER_HEIGHT - pad - codeSize - 30;
  const code = await decode(input.code);
  if (!code) throw new Error('the poster code is not an image');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(codeX - 8, codeY - 8, codeSize + 16, codeSize + 16);
  ctx.drawImage(code, codeX, codeY, codeSize, codeSize);
  ctx.fillStyle = '#8c8c8c';
  ctx.font = `22px ${FONT}`;
  const hintWidth = ctx.measureText(input.hint).width;
  ctx.fillText(input.hint, codeX + (codeSize - hintWidth) / 2, codeY + codeSize + 30);

  ctx.fillStyle = '#1f1f1f';
  ctx.font = `28px ${FONT}`;
  const who = wrap(ctx, input.nickname, codeX - pad * 2, 1)[0] ?? '';
  ctx.fillText(who, pad, codeY + codeSize / 2 - 10);
  ctx.fillStyle = '#595959';
  ctx.font = `24px ${FONT}`;
  ctx.fillText('为你推荐了一件好物', pad, codeY + codeSize / 2 + 30);

  return canvas.encode('png');
}
