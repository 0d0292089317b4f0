/**
 * The report, a school's page and letters, opened in a real browser (Debian's Chromium, headless, driven by
 * playwright-core) as an ECB member, an AAG chair, a headteacher and a chair of governors would: every chart has the
 * marks the example's figures call for, the page logs no error, axe-core finds no serious or critical accessibility
 * violation, and the report prints to A4. The letters a reader may find hardest to trust are looked at too: one held
 * because its AAG missed its deadline, a warning notice, and a school's page with a statutory flag. Screenshots and
 * the PDF are kept in out/browser/ for a reviewer.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCsv } from '../../functions/core/csv';
import type { Letter } from '../../functions/core/letters/letters';
import { redirectedLetter } from '../../functions/core/letters/redirect';
import { findChromium, launchChromium, printToPdf } from '../../local/browser';
import { REPOSITORY_ROOT } from '../../local/local-cycle';
import { exampleRun } from '../e2e/example-run';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 400_000 });

const chromium = findChromium();
const OUT = join(REPOSITORY_ROOT, 'out', 'browser');
const TERM = '2027-spring';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe.skipIf(!chromium.path)(
  `the example's reports in Chromium${chromium.path ? '' : ` (skipped: ${chromium.why})`}`,
  () => {
    let browser: Browser;
    const termDir = join(OUT, 'cycle', TERM);
    beforeAll(async () => {
      rmSync(OUT, { recursive: true, force: true });
      mkdirSync(OUT, { recursive: true });
      // The example's run that the files which only read it share (tests/e2e/example-run.ts): its autumn and spring,
      // copied beside the screenshots for a reviewer.
      const run = await exampleRun();
      for (const term of ['2026-autumn', TERM])
        cpSync(join(run.outDir, term), join(OUT, 'cycle', term), { recursive: true });
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });

    /** Opens a page, collecting what it logs as errors, and runs axe-core over it. */
    async function open(
      file: string,
      screenshot: string,
    ): Promise<{
      page: Page;
      errors: string[];
      serious: { id: string; impact?: string | null; help: string; nodes: number }[];
    }> {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const errors: string[] = [];
      page.on('console', (message) => void (message.type() === 'error' && errors.push(message.text())));
      page.on('pageerror', (error) => void errors.push(error.message));
      await page.goto(`file://${file}`, { waitUntil: 'load' });
      await page.screenshot({ path: join(OUT, screenshot), fullPage: true });
      await page.addScriptTag({ content: axeSource });
      const violations = (await page.evaluate(
        async () =>
          (
            await (
              globalThis as unknown as {
                axe: {
                  run: () => Promise<{
                    violations: { id: string; impact?: string | null; help: string; nodes: unknown[] }[];
                  }>;
                };
              }
            ).axe.run()
          ).violations,
      )) as { id: string; impact?: string | null; help: string; nodes: unknown[] }[];
      const serious = violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
      return { page, errors, serious };
    }

    const marksOf = (page: Page, chart: string, mark: string) =>
      page.locator(`figure[data-chart="${chart}"] svg g.mark-${mark} path`).count();
    const nonZero = (counts: Map<string, number>) => [...counts.values()].filter((n) => n > 0).length;
    const tally = (keys: string[]) => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());

    it('draws every chart with the marks the example calls for, with no error and no serious accessibility violation', async () => {
      const { page, errors, serious } = await open(join(termDir, 'report.html'), 'report.png');
      expect(errors).toEqual([]);
      expect(serious).toEqual([]);
      const rows = parseCsv(readFileSync(join(termDir, 'assessments.csv'), 'utf8')).records.map((r) => r.values);
      // One bar segment per AAG area and category with schools in it.
      expect(await marksOf(page, 'categories-by-area', 'rect')).toBe(
        nonZero(tally(rows.map((r) => `${r['AAG area']}|${r.Category}`))),
      );
      // One per term and category with schools in it, over both terms.
      const summaries = ['2026-autumn', TERM].map(
        (t) =>
          JSON.parse(readFileSync(join(OUT, 'cycle', t, 'summary.json'), 'utf8')) as {
            categories: Record<string, number>;
            emailsSent: number;
          },
      );
      expect(await marksOf(page, 'categories-over-terms', 'rect')).toBe(
        summaries.flatMap((s) => Object.values(s.categories)).filter((n) => n > 0).length,
      );
      // One cell per previous category and category with schools that made that move.
      expect(await marksOf(page, 'movements', 'rect')).toBe(
        nonZero(
          tally(rows.filter((r) => r['Previous category']).map((r) => `${r['Previous category']}|${r.Category}`)),
        ),
      );
      expect(await marksOf(page, 'letters', 'rect')).toBe(1); // this run sent its letters; none bounced, waited or was held
      // The Ofsted charts draw what their own tables say: a segment per era and outcome with schools, a bar per term.
      const cells = (chart: string) => page.locator(`figure[data-chart="${chart}"] details tbody td`).allTextContents();
      expect(await marksOf(page, 'ofsted-by-era', 'rect')).toBe(
        (await cells('ofsted-by-era')).filter((c) => Number(c) > 0).length,
      );
      expect(await marksOf(page, 'good-or-better', 'rect')).toBe(2);
      // Every chart has its figures as a table, and a label for screen readers.
      // The measures of success: a line for each measure with figures in both terms (every one of the example's).
      const measures = parseCsv(readFileSync(join(termDir, 'measures.csv'), 'utf8'))
        .records.map((r) => r.values)
        .filter((r) => r.Scope === 'the authority' && r.Term === TERM);
      expect(measures.length).toBe(14);
      expect(await marksOf(page, 'measures-over-terms', 'line')).toBe(measures.length);
      expect(await page.locator('#measures ~ table').first().locator('tbody tr').count()).toBe(measures.length);
      for (const chart of [
        'categories-by-area',
        'categories-over-terms',
        'movements',
        'letters',
        'ofsted-by-era',
        'good-or-better',
        'measures-over-terms',
      ]) {
        expect(await page.locator(`figure[data-chart="${chart}"] details table caption`).count()).toBe(1);
        expect(await page.locator(`figure[data-chart="${chart}"] svg[role="img"][aria-label]`).count()).toBe(1);
      }
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: join(OUT, 'report-print.png'), fullPage: false });
      await page.close();
    });

    it("opens a school's page from the report, an AAG area's report and a trust's page", async () => {
      const report = await browser.newPage();
      await report.goto(`file://${join(termDir, 'report.html')}`);
      const href = await report.locator('#concern ~ table a').first().getAttribute('href');
      await report.close();
      expect(href).toMatch(/^schools\/\d+\.html$/);
      const school = await open(join(termDir, href!), 'school.png');
      expect(school.errors).toEqual([]);
      expect(school.serious).toEqual([]);
      // A school under a warning notice has a section for it; every school has the rest.
      const headings = (await school.page.locator('h2').allTextContents()).filter((h) => h !== 'Formal warning notice');
      expect(headings).toEqual([
        'Category term by term',
        'The evidence this term',
        'Support, visits and task group',
        'The record: who decided what, and when',
      ]);
      expect(await school.page.locator('table').first().locator('tbody tr').count()).toBe(2);
      await school.page.close();
      const area = await open(join(termDir, 'aag', readdirSync(join(termDir, 'aag'))[0]!), 'aag-area.png');
      expect(area.errors).toEqual([]);
      expect(area.serious).toEqual([]);
      await area.page.close();
      // A multi-academy trust's page lists its academies, each linked to its page.
      const trust = await open(join(termDir, 'trusts', readdirSync(join(termDir, 'trusts'))[0]!), 'trust.png');
      expect(trust.errors).toEqual([]);
      expect(trust.serious).toEqual([]);
      const academies = await trust.page.locator('tbody tr').count();
      expect(academies).toBeGreaterThan(0);
      expect(await trust.page.locator('tbody a[href^="../schools/"]').count()).toBe(academies);
      await trust.page.close();
    });

    /** An email's HTML part (quoted-printable, or base64 as the cycle sends it). */
    function htmlOf(eml: string): string {
      const [, headers, body] = /Content-Type: text\/html[^\r\n]*\r?\n((?:[^\r\n]+\r?\n)*)\r?\n([\s\S]*?)\r?\n--/.exec(
        readFileSync(eml, 'utf8'),
      )!;
      return /base64/i.test(headers!)
        ? Buffer.from(body!.replace(/\s+/g, ''), 'base64').toString('utf8')
        : Buffer.from(
            body!
              .replace(/=\r?\n/g, '')
              .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8');
    }
    /** Opens an email's HTML part as its reader sees it. */
    const openLetter = (eml: string, name: string) => openLetterHtml(htmlOf(eml), name);
    async function openLetterHtml(html: string, name: string) {
      const letter = join(OUT, `${name}.html`);
      writeFileSync(letter, html);
      const opened = await open(letter, `${name}.png`);
      expect(opened.errors).toEqual([]);
      expect(opened.serious).toEqual([]);
      return { ...opened, text: await opened.page.locator('body').innerText() };
    }
    /** "3 Sep 2026" as a date. */
    const dateOf = (text: string) => new Date(`${text} UTC`).getTime();

    it('renders a letter as its reader sees it', async () => {
      const { page, text } = await openLetter(
        join(termDir, 'emails', readdirSync(join(termDir, 'emails')).find((f) => /^\d+-headteacher\.eml$/.test(f))!),
        'letter',
      );
      expect(text).toContain('category');
      await page.close();
    });

    it('shows a letter redirected to the test mailbox (staging) saying first whom it was for, and that they were not sent it', async () => {
      const file = readdirSync(join(termDir, 'emails')).find((f) => /^\d+-headteacher\.eml$/.test(f))!;
      // The letter as the cycle wrote it for its headteacher (a plain-ASCII name in the example), redirected as staging
      // does.
      const eml = join(termDir, 'emails', file);
      const [, name, email] = /^To: ([^<\r\n]+) <([^>]+)>\r?$/m.exec(readFileSync(eml, 'utf8'))!;
      const letter = {
        urn: file.split('-')[0]!,
        role: 'headteacher',
        to: { name, email },
        subject: '',
        text: '',
        html: htmlOf(eml),
      } as unknown as Letter;
      const { page, text } = await openLetterHtml(
        redirectedLetter(letter, 'school.improvement.test@ardenshire.example.org', 'staging').html,
        'letter-redirected',
      );
      expect(text.trim().split('\n')[0]).toBe(
        `Test copy (staging): this letter was written for ${name} <${email}>, the headteacher of URN ${letter.urn}. The staging stage sends every letter to its test mailbox instead, so nothing was sent to them.`,
      );
      expect(text).toContain(`Dear ${name},`);
      expect(text).toContain('category');
      await page.close();
    });

    it('shows the letter of a school whose AAG missed its deadline as held, and saying so, never as agreed', async () => {
      // Riverton's AAG did not decide in the autumn (the example's aag-decisions.csv has no Riverton rows): its letters
      // wait.
      const autumn = join(OUT, 'cycle', '2026-autumn');
      const held = readdirSync(join(autumn, 'held-letters')).filter((f) => f.endsWith('-headteacher.eml'));
      expect(held.length).toBeGreaterThan(0);
      const urn = held[0]!.split('-')[0]!;
      const row = parseCsv(readFileSync(join(autumn, 'assessments.csv'), 'utf8'))
        .records.map((r) => r.values)
        .find((r) => r.URN === urn)!;
      expect(row['AAG area']).toBe('Riverton');
      expect(row['AAG decision']).toBe('none by the deadline');
      expect(readdirSync(join(autumn, 'emails')).some((f) => f.startsWith(`${urn}-`))).toBe(false);
      const { page, text } = await openLetter(join(autumn, 'held-letters', held[0]!), 'letter-aag-missed-deadline');
      expect(text).toContain('The Area Analysis Group did not decide on the proposed category by its deadline');
      expect(text).not.toMatch(/agreed by the Area Analysis Group/i);
      expect(text).toMatch(
        new RegExp(
          `the school's category has (changed|improved) from ${row['Previous category']} to ${row.Category}\\.`,
        ),
      );
      await page.close();
      const report = await open(join(autumn, 'report.html'), 'report-autumn.png');
      expect(await report.page.locator('h2', { hasText: 'Letters held until an AAG decides' }).count()).toBe(1);
      await report.page.close();
    });

    it('shows a warning notice addressed to the governing body through its chair, copied to the head, complied with no sooner than the policy allows', async () => {
      const emails = join(OUT, 'cycle', '2026-autumn', 'emails');
      const notice = readdirSync(emails).find((f) => f.endsWith('-warning-notice-issued-chair-of-governors.eml'))!;
      const { page, text } = await openLetter(join(emails, notice), 'letter-warning-notice');
      expect(text).toMatch(/^Dear [A-Z][^,\n]+,$/m);
      expect(text).not.toMatch(/Dear (Mr|Mrs|Ms|Dr|Miss)? ?[^,\n]*headteacher/i);
      expect(text).toMatch(/copied to[^\n]*headteacher/i);
      // The letter's own date, and the compliance date it gives, at least 21 days (minimumComplianceDays) later.
      const dated = /^(\d{1,2} [A-Z][a-z]{2} \d{4})$/m.exec(text)![1]!;
      const comply = /by (\d{1,2} [A-Z][a-z]{2} \d{4})/.exec(text)![1]!;
      expect(dateOf(comply) - dateOf(dated)).toBeGreaterThanOrEqual(21 * 86_400_000);
      await page.close();
    });

    it("shows a school's statutory flags as flags in plain words, never as a category or with a reason of the methodology's", async () => {
      const schools = join(termDir, 'schools');
      const flagged = readdirSync(schools).find((f) =>
        readFileSync(join(schools, f), 'utf8').includes('<th scope="row">eligible for intervention</th>'),
      )!;
      expect(flagged).toBeDefined();
      const school = await open(join(schools, flagged), 'school-statutory-flag.png');
      expect(school.errors).toEqual([]);
      expect(school.serious).toEqual([]);
      const flags = school.page.locator('table', {
        has: school.page.locator('caption', { hasText: 'Statutory and national flags this term' }),
      });
      expect(await flags.count()).toBe(1);
      expect(await flags.locator('tbody tr').first().innerText()).toContain(
        "The school is eligible for intervention under the DfE's statutory guidance",
      );
      // The evidence table's categories are the methodology's: no flag is one of them.
      const evidence = await school.page
        .locator('table', {
          has: school.page.locator('caption', { hasText: 'Each reason, the category it points to' }),
        })
        .locator('tbody tr td:first-child')
        .allTextContents();
      for (const category of evidence) expect(category).toMatch(/^([ABCD]|none: shown as evidence only)$/);
      expect(await school.page.locator('body').innerText()).not.toMatch(/eligible for intervention \(a flag/);
      await school.page.close();
    });

    it('prints the report to A4, several pages, with its table headers and no chart cut', async () => {
      const pages = await printToPdf(
        join(termDir, 'report.html'),
        join(OUT, 'report.pdf'),
        'Ardenshire County Council: school improvement. Confidential.',
        browser,
      );
      expect(pages).toBeGreaterThan(3);
      expect(pages).toBeLessThan(60);
      expect(readFileSync(join(OUT, 'report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    });
  },
);
