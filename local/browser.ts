/**
 * Headless Chromium (Debian's `chromium`, or CHROMIUM_PATH), driven by playwright-core: to print the report to
 * PDF and, in the tests, to look at it as a reader does. Nothing is downloaded: the browser must be installed.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium to use, or undefined with the reason it was not found. */
export function findChromium(): { path?: string; why?: string } {
  const named = process.env.CHROMIUM_PATH;
  if (named) return existsSync(named) ? { path: named } : { why: `CHROMIUM_PATH names ${named}, which is not there` };
  const path = CANDIDATES.find((p) => existsSync(p));
  return path
    ? { path }
    : {
        why: `no Chromium at ${CANDIDATES.join(', ')}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH`,
      };
}

export async function launchChromium(): Promise<Browser> {
  const { path, why } = findChromium();
  if (!path) throw new Error(why);
  // Loaded only when a browser is wanted: playwright-core takes half a second to load, which every
  // \`npm run cycle\` would otherwise pay before it starts, with or without --pdf.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: path,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Prints an HTML file to an A4 PDF with page numbers; returns the number of pages. */
export async function printToPdf(
  htmlFile: string,
  pdfFile: string,
  footer: string,
  browser?: Browser,
): Promise<number> {
  const own = browser ? undefined : await launchChromium();
  const page = await (browser ?? own!).newPage();
  try {
    await page.goto(`file://${htmlFile}`, { waitUntil: 'load' });
    const escaped = footer.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    const pdf = await page.pdf({
      path: pdfFile,
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font: 8px Arial, sans-serif; width: 100%; margin: 0 12mm; display: flex; justify-content: space-between"><span>${escaped}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
      margin: { top: '15mm', bottom: '18mm', left: '12mm', right: '12mm' },
    });
    return pdfPageCount(pdf);
  } finally {
    await page.close();
    await own?.close();
  }
}

/** The number of pages in a PDF (its page objects). */
export function pdfPageCount(pdf: Uint8Array): number {
  return (
    Buffer.from(pdf)
      .toString('latin1')
      .match(/\/Type\s*\/Page[^s]/g) ?? []
  ).length;
}
