// Draws the tab bar icons (81×81 PNG, grey and selected red) into src/assets/tabbar/.
// Run again after changing a shape: `node scripts/draw-tab-icons.mjs`. Plain zlib: no image library needed.
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const SIZE = 81;
const SAMPLES = 4; // supersampling per axis, for smooth edges
const COLORS = { normal: [0x8c, 0x8c, 0x8c], active: [0xfa, 0x2c, 0x19] };
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'assets', 'tabbar');

// Shapes work in a 0..1 square; each returns whether a point is inside.
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (cx, cy, r, width) => (x, y) => {
  const d = Math.hypot(x - cx, y - cy);
  return d <= r && d >= r - width;
};
const rect =
  (x0, y0, x1, y1, radius = 0) =>
  (x, y) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + radius), x1 - radius);
    const cy = Math.min(Math.max(y, y0 + radius), y1 - radius);
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius * radius;
  };
const polygon = (points) => (x, y) => {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
};
const segment = (ax, ay, bx, by, width) => (x, y) => {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= width / 2;
};
const union =
  (...shapes) =>
  (x, y) =>
    shapes.some((s) => s(x, y));
const minus = (shape, hole) => (x, y) => shape(x, y) && !hole(x, y);

const ICONS = {
  home: minus(
    union(
      polygon([
        [0.5, 0.1],
        [0.92, 0.48],
        [0.08, 0.48],
      ]),
      rect(0.2, 0.44, 0.8, 0.9, 0.04),
    ),
    rect(0.42, 0.62, 0.58, 0.9, 0.03),
  ),
  category: union(
    rect(0.12, 0.12, 0.44, 0.44, 0.07),
    rect(0.56, 0.12, 0.88, 0.44, 0.07),
    rect(0.12, 0.56, 0.44, 0.88, 0.07),
    ring(0.72, 0.72, 0.17, 0.07),
  ),
  cart: union(
    segment(0.06, 0.18, 0.2, 0.18, 0.07),
    segment(0.2, 0.18, 0.3, 0.62, 0.07),
    polygon([
      [0.24, 0.26],
      [0.92, 0.26],
      [0.84, 0.58],
      [0.3, 0.58],
    ]),
    segment(0.3, 0.66, 0.84, 0.66, 0.06),
    circle(0.36, 0.82, 0.07),
    circle(0.78, 0.82, 0.07),
  ),
  mine: union(circle(0.5, 0.32, 0.19), minus(circle(0.5, 0.98, 0.38), rect(0, 0.92, 1, 1))),
};

function render(shape, [r, g, b]) {
  const rows = [];
  for (let py = 0; py < SIZE; py++) {
    const row = Buffer.alloc(1 + SIZE * 4); // leading 0: PNG filter "none"
    for (let px = 0; px < SIZE; px++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          if (shape((px + (sx + 0.5) / SAMPLES) / SIZE, (py + (sy + 0.5) / SAMPLES) / SIZE)) hits++;
        }
      }
      row.set([r, g, b, Math.round((255 * hits) / (SAMPLES * SAMPLES))], 1 + px * 4);
    }
    rows.push(row);
  }
  return encodePng(Buffer.concat(rows));
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(raw) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const [name, shape] of Object.entries(ICONS)) {
  writeFileSync(join(outDir, `${name}.png`), render(shape, COLORS.normal));
  writeFileSync(join(outDir, `${name}-active.png`), render(shape, COLORS.active));
}
console.log(`wrote ${Object.keys(ICONS).length * 2} icons to ${outDir}`);
