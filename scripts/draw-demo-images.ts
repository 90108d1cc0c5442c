// Draws the demo shop's product pictures once (run by hand: `npx tsx scripts/draw-demo-images.ts`); the
// JPEGs are committed under backend/src/seed/images so that installs never depend on this script or the net.
import path from 'node:path';
import { launchChromium } from './chromium';

interface Picture {
  file: string;
  title: string;
  caption: string;
  from: string;
  to: string;
  art: string;
}

const bottle = (c: string) => `
  <rect x="285" y="150" width="90" height="60" rx="10" fill="#fff" opacity=".9"/>
  <path d="M240 220 h180 a40 40 0 0 1 40 40 v260 a50 50 0 0 1 -50 50 h-160 a50 50 0 0 1 -50 -50 v-260 a40 40 0 0 1 40 -40z" fill="${c}"/>
  <rect x="250" y="300" width="160" height="120" rx="16" fill="#fff" opacity=".92"/>
  <circle cx="330" cy="360" r="34" fill="${c}" opacity=".55"/>`;
const shirt = (c: string) => `
  <path d="M220 190 l70 -30 q40 40 80 0 l70 30 l70 80 l-60 50 l-30 -30 v240 h-180 v-240 l-30 30 l-60 -50z" fill="${c}"/>
  <path d="M290 160 q40 40 80 0" stroke="#fff" stroke-width="10" fill="none"/>`;
const cup = (c: string) => `
  <rect x="250" y="170" width="160" height="50" rx="14" fill="#444"/>
  <rect x="240" y="215" width="180" height="330" rx="40" fill="${c}"/>
  <rect x="270" y="260" width="20" height="240" rx="10" fill="#fff" opacity=".35"/>`;
const box = (c: string) => `
  <rect x="180" y="260" width="300" height="260" rx="18" fill="${c}"/>
  <rect x="160" y="210" width="340" height="70" rx="14" fill="${c}" opacity=".85"/>
  <rect x="315" y="210" width="30" height="310" fill="#ffd76a"/>
  <path d="M330 210 q-70 -90 -100 -20 q30 30 100 20 q70 10 100 -20 q-30 -70 -100 20z" fill="#ffd76a"/>`;
const buds = (c: string) => `
  <rect x="200" y="260" width="260" height="200" rx="100" fill="#fff"/>
  <circle cx="290" cy="330" r="45" fill="${c}"/><circle cx="370" cy="330" r="45" fill="${c}"/>
  <rect x="278" y="340" width="24" height="90" rx="12" fill="${c}"/><rect x="358" y="340" width="24" height="90" rx="12" fill="${c}"/>`;
const sack = (c: string) => `
  <path d="M230 200 q100 -40 200 0 l30 320 q-130 50 -260 0z" fill="#f4ead5"/>
  <path d="M230 200 q100 30 200 0" stroke="${c}" stroke-width="14" fill="none"/>
  <ellipse cx="330" cy="370" rx="70" ry="50" fill="${c}" opacity=".75"/>`;
const book = (c: string) => `
  <rect x="210" y="170" width="240" height="330" rx="12" fill="${c}"/>
  <rect x="230" y="170" width="14" height="330" fill="#000" opacity=".18"/>
  <rect x="270" y="230" width="150" height="18" rx="9" fill="#fff" opacity=".9"/>
  <rect x="270" y="265" width="110" height="14" rx="7" fill="#fff" opacity=".7"/>
  <polygon points="300,350 380,395 300,440" fill="#fff"/>`;
const bowl = (c: string) => `
  <path d="M190 330 h280 a140 140 0 0 1 -280 0z" fill="${c}"/>
  <ellipse cx="330" cy="330" rx="140" ry="26" fill="#fff" opacity=".9"/>
  <path d="M280 300 q10 -60 30 -90 M340 300 q10 -60 30 -90" stroke="#fff" stroke-width="8" fill="none" opacity=".8"/>`;
const car = (c: string) => `
  <path d="M180 400 l40 -90 q20 -40 60 -40 h100 q40 0 60 40 l40 90 v70 h-300z" fill="${c}"/>
  <rect x="250" y="290" width="160" height="60" rx="10" fill="#dff3ff"/>
  <circle cx="250" cy="475" r="34" fill="#333"/><circle cx="410" cy="475" r="34" fill="#333"/>
  <circle cx="200" cy="230" r="18" fill="#bfe6ff"/><circle cx="460" cy="210" r="24" fill="#bfe6ff"/>`;
const coffee = (c: string) => `
  <path d="M230 250 h200 l-20 260 q-80 30 -160 0z" fill="#fff"/>
  <rect x="220" y="220" width="220" height="40" rx="12" fill="${c}"/>
  <rect x="255" y="330" width="150" height="90" rx="45" fill="${c}" opacity=".8"/>`;

const pictures: Picture[] = [
  {
    file: 'detergent.jpg',
    title: '植萃洗衣液 2kg',
    caption: '温和低泡 · 家庭装',
    from: '#7ad3ff',
    to: '#2a7de1',
    art: bottle('#1e6fd9'),
  },
  {
    file: 'tshirt.jpg',
    title: '新疆长绒棉 T 恤',
    caption: '多色可选 · 亲肤透气',
    from: '#ffd1dc',
    to: '#ff7f9f',
    art: shirt('#ff5d84'),
  },
  {
    file: 'thermos.jpg',
    title: '316 不锈钢保温杯',
    caption: '12 小时长效保温',
    from: '#d7f5e8',
    to: '#4cc39a',
    art: cup('#1f9d74'),
  },
  {
    file: 'nuts.jpg',
    title: '每日坚果礼盒',
    caption: '30 袋 · 送礼佳选',
    from: '#ffe3b3',
    to: '#f29f3d',
    art: box('#c8501e'),
  },
  {
    file: 'earbuds.jpg',
    title: '降噪蓝牙耳机',
    caption: '主动降噪 · 30h 续航',
    from: '#e4e4f4',
    to: '#8b8fd9',
    art: buds('#3d3f9e'),
  },
  {
    file: 'rice.jpg',
    title: '五常有机大米 5kg',
    caption: '当季新米 · 产地直发',
    from: '#fff6d8',
    to: '#e8c66a',
    art: sack('#9c7a1e'),
  },
  {
    file: 'course-year.jpg',
    title: '年度会员 · 全部课程',
    caption: '一年畅学 200+ 课',
    from: '#c9e7ff',
    to: '#5a6cf2',
    art: book('#3340b8'),
  },
  {
    file: 'course-python.jpg',
    title: 'Python 零基础入门',
    caption: '48 节视频课',
    from: '#fff1c1',
    to: '#3b78c4',
    art: book('#2f5f9e'),
  },
  {
    file: 'meal.jpg',
    title: '双人招牌套餐',
    caption: '到店核销 · 周一至周五',
    from: '#ffe0cc',
    to: '#f26b3a',
    art: bowl('#d9482b'),
  },
  {
    file: 'carwash.jpg',
    title: '精洗车服务 3 次卡',
    caption: '门店核销 · 90 天有效',
    from: '#d8f4ff',
    to: '#2fa0d8',
    art: car('#1c6fa8'),
  },
  {
    file: 'coffee.jpg',
    title: '手冲咖啡兑换券',
    caption: '任意门店可用',
    from: '#f3e2d2',
    to: '#a06b44',
    art: coffee('#6b3f22'),
  },
  {
    file: 'banner-newuser.jpg',
    title: '新人专享礼包',
    caption: '5 元无门槛券 + 满 50 减 15',
    from: '#ff9a8b',
    to: '#ff6a88',
    art: box('#d93658'),
  },
];

const svg = (p: Picture) => `<!doctype html><html><body style="margin:0">
<svg xmlns="http://www.w3.org/2000/svg" width="660" height="660" viewBox="0 0 660 660">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${p.from}"/><stop offset="1" stop-color="${p.to}"/></linearGradient></defs>
  <rect width="660" height="660" fill="url(#g)"/>
  <circle cx="560" cy="90" r="140" fill="#fff" opacity=".12"/><circle cx="70" cy="600" r="120" fill="#fff" opacity=".1"/>
  ${p.art}
  <text x="330" y="600" text-anchor="middle" font-family="Noto Sans CJK SC" font-weight="700" font-size="40" fill="#fff">${p.title}</text>
  <text x="330" y="640" text-anchor="middle" font-family="Noto Sans CJK SC" font-size="24" fill="#fff" opacity=".9">${p.caption}</text>
</svg></body></html>`;

async function main() {
  const out = path.join(__dirname, '../backend/src/seed/images');
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 660, height: 660 } });
  for (const p of pictures) {
    await page.setContent(svg(p));
    await page.screenshot({ path: path.join(out, p.file), type: 'jpeg', quality: 82 });
  }
  await browser.close();
  console.log(`drew ${pictures.length} pictures into ${out}`);
}

void main();
