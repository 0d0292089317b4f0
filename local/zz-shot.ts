import { launchChromium } from './browser';
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
for (const [term, id, file] of [['2026-autumn', 'at-risk', '/tmp/shot-atrisk.png'], ['2027-spring', 'measures', '/tmp/shot-measures.png']] as const) {
  await page.goto(`file:///tmp/exout/${term}/report.html`);
  const ok = await page.evaluate(`(() => { const h = document.getElementById('${id}') || document.querySelector('[id*="${id}"]'); if (!h) return false; h.scrollIntoView(); return true; })()`);
  console.log(term, id, ok);
  await page.screenshot({ path: file });
}
await page.goto('file:///tmp/exout/2026-autumn/schools/125193.html');
await page.screenshot({ path: '/tmp/shot-school.png', fullPage: false });
await browser.close();
