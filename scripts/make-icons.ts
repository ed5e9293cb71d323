/**
 * Dev script: renders the PWA icons from public/icons/icon.svg with headless Chromium.
 *   npx tsx scripts/make-icons.ts
 * Writes public/icons/icon-192.png, icon-512.png (the SVG as is, transparent corners) and
 * maskable-512.png (full-bleed background, the icon scaled to 80% so the mark stays inside the
 * maskable safe zone: a centred circle of radius 40% of the size).
 * Needs Chromium at /usr/bin/chromium (or env CHROMIUM_PATH).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const iconsDir = join(root, 'public', 'icons');
const BACKGROUND = '#14121f';
const MASKABLE_SCALE = 0.8;

const dataUrl = (svg: string) => `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

function maskableSvg(icon: string): string {
  const inner = 512 * MASKABLE_SCALE;
  const offset = (512 - inner) / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 512 512" width="512" height="512">
  <rect width="512" height="512" fill="${BACKGROUND}"/>
  <image x="${offset}" y="${offset}" width="${inner}" height="${inner}" href="${dataUrl(icon)}"/>
</svg>`;
}

async function main(): Promise<void> {
  const icon = readFileSync(join(iconsDir, 'icon.svg'), 'utf8');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--headless=new',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    const jobs: Array<[string, string, number]> = [
      ['icon-192.png', icon, 192],
      ['icon-512.png', icon, 512],
      ['maskable-512.png', maskableSvg(icon), 512],
    ];
    for (const [name, svg, size] of jobs) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(
        `<!doctype html><html><body style="margin:0;background:transparent">` +
          `<img id="i" width="${size}" height="${size}" style="display:block" src="${dataUrl(svg)}">` +
          `</body></html>`,
      );
      await page.waitForFunction(() => {
        const img = document.getElementById('i') as HTMLImageElement | null;
        return img !== null && img.complete && img.naturalWidth > 0;
      });
      const png = await page.screenshot({
        omitBackground: true,
        clip: { x: 0, y: 0, width: size, height: size },
      });
      writeFileSync(join(iconsDir, name), png);
      console.log(`wrote public/icons/${name} (${png.length} bytes)`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
