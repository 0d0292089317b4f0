/**
 * Schools and task groups in the portal, in a real browser (Debian's Chromium, headless, driven by playwright-core),
 * over two terms of the example run through the synthesized state machine. In the autumn, a headteacher invited from
 * the term's contacts signs in, sees only their school (another school's page is refused and audited), reads the letter
 * as it was sent, and disagrees with one piece of the evidence, with a file; the task group's chair records a visit
 * note and the task group's report. In the spring (its contacts name a new headteacher), the intake reads the note and
 * the report from the store and the assessment uses the report; the AAG sees the response beside the school's proposal
 * and answers it; the replaced headteacher loses access, and the new one reads the answer. Every form is used by
 * keyboard alone but for choosing the file; axe-core finds no serious or critical violation on any page. Screenshots go
 * to out/browser/schools-*.png.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { toCsv } from '../../functions/core/csv';
import { readXlsxRows } from '../../functions/core/xlsx';
import { findChromium, launchChromium } from '../../local/browser';
import type { ExamplePerson } from '../../local/identity-provider';
import { LocalCycle, REPOSITORY_ROOT } from '../../local/local-cycle';
import type { RunningPortal } from '../../local/portal';
import { freePort } from '../../local/services';
import { scan, tableOf } from '../e2e/local-store';
import { sharedDynamoDb } from '../e2e/shared-dynamodb';
import { portalSession } from './portal-session';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 300_000 });

const chromium = findChromium();
const OUT = join(REPOSITORY_ROOT, 'out', 'browser');
/** Bramcote St Mary's: from D to C in the autumn (a letter), in the Kingsmere AAG's area, with a task group. */
const URN = '125166';
const OTHER_URN = '125100';
const NEW_HEAD = { name: 'Nadia Rahman', email: 'n.rahman@bramcote-st-marys.ardenshire.sch.example' };
const REASON = 'The attendance figure counts the week the school was closed for flooding.';
const FINDINGS = 'Phonics teaching now consistent in every class; reading records kept weekly.';
const REPORT = 'Actions from the plan are late and the support school has visited once this term.';

describe.skipIf(!chromium.path)(
  `schools in the portal, in Chromium${chromium.path ? '' : ` (skipped: ${chromium.why})`}`,
  () => {
    let work: string;
    let data: string;
    let cycle: LocalCycle;
    let portal: RunningPortal;
    let browser: Browser;
    let head: ExamplePerson;
    let adviser: ExamplePerson;
    let headPage: Page;
    const { signIn, tabber, axe, seriousOn, pageErrors } = portalSession(
      () => browser,
      () => portal.origin,
    );
    const table = async (variable: string) => scan(cycle, tableOf(cycle, variable));
    const runTerm = async (term: string) => {
      const result = await cycle.runTerm(term, { dataDir: data, outDir: join(work, 'out'), decisions: 'agree' });
      if (result.status !== 'succeeded') throw new Error(`${term}: ${result.error}: ${result.cause}`);
    };
    const shot = (page: Page, name: string) =>
      page.screenshot({ path: join(OUT, `schools-${name}.png`), fullPage: true });

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'sic-schools-'));
      data = join(work, 'data');
      mkdirSync(OUT, { recursive: true });
      for (const term of ['2026-autumn', '2027-spring'])
        cpSync(join(REPOSITORY_ROOT, 'example', term), join(data, term), { recursive: true });
      // The spring's contacts name a new headteacher at the school (its sheet as a CSV, in place of the workbook).
      const rows = readXlsxRows(new Uint8Array(readFileSync(join(data, '2027-spring', 'contacts.xlsx'))));
      const [header, ...body] = rows.map((r) => r.cells);
      const replaced = body.map((cells) =>
        cells[0] === URN && /head/i.test(cells[1] ?? '') ? [cells[0], cells[1], NEW_HEAD.name, NEW_HEAD.email] : cells,
      );
      expect(replaced).not.toEqual(body);
      rmSync(join(data, '2027-spring', 'contacts.xlsx'));
      writeFileSync(join(data, '2027-spring', 'contacts.csv'), toCsv(header!, replaced));

      cycle = await LocalCycle.start({ dynamoDb: sharedDynamoDb(), dynamoDbPort: 0, sesPort: await freePort() });
      portal = await cycle.startPortal({
        moderationDeadlineHours: 0.1,
        outDir: join(work, 'out'),
        dataDir: join(work, 'inputs'),
      });
      await runTerm('2026-autumn');
      const people = await portal.schoolPeople();
      head = people.find((p) => p.groups.includes(`school:${URN}`) && p.role.startsWith('headteacher'))!;
      adviser = people.find((p) => p.groups.includes(`visitor:${URN}`))!;
      expect(head).toBeDefined();
      expect(adviser).toBeDefined();
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await cycle?.stop();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it('a headteacher sees their own school only: another school is refused and audited', async () => {
      headPage = await signIn(head.username, '/');
      expect((await headPage.locator('h1').first().textContent())?.trim()).toBe('Your schools');
      await headPage.click(`a[href="/schools/${URN}"]`);
      expect((await headPage.locator('h1').first().textContent())?.trim()).toBe(
        "Bramcote St Mary's Catholic Primary School",
      );
      expect(await headPage.locator('main').first().textContent()).toContain('You see this school as its headteacher.');
      expect(await headPage.locator('table').first().textContent()).toContain('C');
      await axe(headPage, 'school');
      await shot(headPage, 'school');

      const refused = await headPage.goto(`${portal.origin}/schools/${OTHER_URN}`);
      expect(refused?.status()).toBe(403);
      expect(await headPage.locator('main').first().textContent()).toContain('You do not act for this school.');
      const report = await headPage.goto(`${portal.origin}/reports/2026-autumn/schools/${OTHER_URN}.html`);
      expect(report?.status()).toBe(403);
      const ownReport = await headPage.goto(`${portal.origin}/reports/2026-autumn/schools/${URN}.html`);
      expect(ownReport?.status()).toBe(200);
      const trail = (await table('AUDIT_TRAIL_TABLE')).filter((e) => e.kind === 'portal refusal');
      expect(trail.map((e) => e.what)).toEqual(
        expect.arrayContaining([`opened /schools/${OTHER_URN}`, `opened 2026-autumn's schools/${OTHER_URN}.html`]),
      );
      expect(trail.find((e) => e.what === `opened /schools/${OTHER_URN}`)?.by).toContain(head.email);
    });

    it('reads the letter that told the school of its category, as it was sent', async () => {
      await headPage.goto(`${portal.origin}/schools/${URN}`);
      await tabber(headPage)('a:has-text("the letter to the headteacher")');
      await Promise.all([headPage.waitForURL('**/letters/**'), headPage.keyboard.press('Enter')]);
      expect((await headPage.locator('h1').first().textContent())?.trim()).toBe('The letter to the headteacher');
      expect(await headPage.locator('main').first().textContent()).toContain(`Dear ${head.name},`);
      expect(await headPage.locator('main').first().textContent()).toContain('category has improved from D to C');
      await axe(headPage, 'letter');
      await shot(headPage, 'letter');
    });

    it('disagrees with one piece of the evidence, by keyboard, with a file that bears it out', async () => {
      await headPage.goto(`${portal.origin}/schools/${URN}/respond`);
      const tab = tabber(headPage);
      // Sent with nothing chosen: each problem named at its field.
      await tab('button:has-text("Send the response")');
      await Promise.all([headPage.waitForLoadState('load'), headPage.keyboard.press('Enter')]);
      expect(await headPage.locator('.govuk-error-summary').first().textContent()).toContain(
        'Say whether you agree or disagree',
      );
      await axe(headPage, 'response refused');
      await tab('#view');
      await headPage.keyboard.press('ArrowDown');
      expect(await headPage.isChecked('#view-disagree')).toBe(true);
      await tab('#evidence');
      await headPage.keyboard.press('Space');
      await tab('#reason');
      await headPage.keyboard.type(REASON);
      await headPage.setInputFiles('#files', {
        name: 'attendance-register.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n% the register for the week of the flood\n'),
      });
      await axe(headPage, 'response form');
      await shot(headPage, 'response-form');
      await tab('button:has-text("Send the response")');
      await Promise.all([headPage.waitForURL(`**/schools/${URN}?done=response`), headPage.keyboard.press('Enter')]);
      expect(await headPage.locator('main').first().textContent()).toContain('Your response is recorded');
      expect(await headPage.locator('main').first().textContent()).toContain('Waiting for the AAG');

      const [response] = await table('SCHOOL_RESPONSES_TABLE');
      expect(response).toMatchObject({ urn: URN, agrees: false, reason: REASON, challenge: { withinWindow: true } });
      expect(response!.disputed as string[]).toHaveLength(1);
      const [file] = response!.attachments as { key: string; name: string }[];
      expect(file?.name).toBe('attendance-register.pdf');
      const download = await headPage.request.get(
        `${portal.origin}/schools/${URN}/responses/${encodeURIComponent(String(response!.responseId))}/files/1`,
      );
      expect(download.status()).toBe(200);
      expect((await download.body()).toString()).toContain('the register for the week of the flood');
      expect((await table('AUDIT_TRAIL_TABLE')).map((e) => e.what)).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^responded for URN ${URN} to category C, .*: disagrees with 1 piece of evidence, with 1 file, a challenge within the letter’s window$`,
          ),
        ),
      );
    });

    it('the task group chair records a visit note and the termly report, by keyboard', async () => {
      const page = await signIn(adviser.username, `/schools/${URN}`);
      expect(await page.locator('main').first().textContent()).toContain(
        'You see this school as its visiting adviser or task group chair.',
      );
      // The letters are the school's, its governors' and the authority's: not a visitor's.
      expect(await page.locator('main').textContent()).not.toContain('Letters sent to the school');
      expect(await page.locator('main').textContent()).toContain(
        'The school has not responded to a visit note in the portal.',
      );
      const report = await page.request.get(`${portal.origin}/reports/2026-autumn/schools/${URN}.html`);
      expect(report.status()).toBe(403);
      const tab = tabber(page);
      await tab('a:has-text("Record a visit")');
      await Promise.all([page.waitForURL('**/visits/new'), page.keyboard.press('Enter')]);
      for (const [field, text] of [
        ['#date', '01/12/2026'],
        ['#focus', 'Reading in key stage 1'],
        ['#findings', FINDINGS],
        ['#actions', 'Group pupils by phonics assessment from January'],
        ['#nextVisit', '12/01/2027'],
      ] as const) {
        await tab(field);
        await page.keyboard.type(text);
      }
      await axe(page, 'visit form');
      await shot(page, 'visit-form');
      await tab('button:has-text("Publish to the school")');
      await Promise.all([page.waitForURL(`**/schools/${URN}?done=published`), page.keyboard.press('Enter')]);
      expect(await page.locator('main').first().textContent()).toContain(FINDINGS);

      await page.goto(`${portal.origin}/schools/${URN}/report`);
      await tab('#impact');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      expect(await page.isChecked('#impact-insufficient')).toBe(true);
      await tab('#reasons');
      await page.keyboard.type(REPORT);
      await axe(page, 'report form');
      await tab('button:has-text("Publish to the school")');
      await Promise.all([page.waitForURL(`**/schools/${URN}?done=published`), page.keyboard.press('Enter')]);
      expect(await page.locator('main').first().textContent()).toContain(REPORT);
      await axe(page, 'school as visitor');
      await shot(page, 'adviser');

      // The school sees the note once it is published.
      await headPage.goto(`${portal.origin}/schools/${URN}`);
      expect(await headPage.locator('main').first().textContent()).toContain(FINDINGS);
      // The team sees the visit done against the visits planned, school by school and adviser by adviser.
      const officer = await signIn('officer', '/officer');
      const row = await officer
        .locator('table:has(caption:has-text("By school")) tr', { hasText: `(${URN})` })
        .textContent();
      expect(row).toMatch(new RegExp(`\\(${URN}\\)\\s*1\\s*1`));
      const advisers = await officer.locator('table:has(caption:has-text("By adviser"))').textContent();
      expect(advisers).toContain(adviser.name);
      await axe(officer, 'officer visits');
      // Another school's visits are not the adviser's to record.
      const refused = await page.goto(`${portal.origin}/schools/${OTHER_URN}/visits/new`);
      expect(refused?.status()).toBe(403);
    });

    it("the next term's intake reads the note and the report from the store, and the assessment uses the report", async () => {
      await runTerm('2027-spring');
      const intakeReport = readFileSync(join(work, 'out', '2027-spring', 'intake-report.txt'), 'utf8');
      expect(intakeReport).toMatch(
        /From the portal: 1 visit note and 1 task-group report, published by their writers; they stand in place of 1 of the sheets' rows/,
      );
      const assessment = (await table('ASSESSMENTS_TABLE')).find((a) => a.term === '2027-spring' && a.urn === URN)!;
      const reasons = assessment.reasons as { rule: string; evidence: string }[];
      // The example's sheet says the impact was adequate; the portal's report, written where it happened, stands.
      expect(reasons.find((r) => r.rule === 'task-group-insufficient-impact')?.evidence).toBe(
        'task-group report, 2026-autumn: impact insufficient',
      );
      const notes = (await table('EVIDENCE_TABLE')).filter(
        (e) => e.term === '2027-spring' && e.urn === URN && e.kind === 'visit-note',
      );
      expect(notes.map((n) => (n.note as { findings: string }).findings)).toContain(FINDINGS);
    });

    it("the AAG sees the school's response beside its proposal at its next round, and its chair answers it", async () => {
      const page = await signIn('kingsmere-chair', '/aag/kingsmere');
      expect(await page.locator('main').first().textContent()).toContain("Schools' responses waiting for the AAG");
      expect(await page.locator('main').first().textContent()).toContain(
        `${head.name} (headteacher) disagrees with the category`,
      );
      expect(await page.locator('main').first().textContent()).toContain('Visits planned and done');
      await axe(page, 'aag with responses');
      await page.click(`main li a[href="/aag/kingsmere/schools/${URN}"]`);
      expect(await page.locator('main').first().textContent()).toContain(REASON);
      const tab = tabber(page);
      await tab('#outcome');
      await page.keyboard.press('Space');
      await tab('#text');
      await page.keyboard.type(
        'The week of the flood is left out of the figure the AAG used; the category stands on the inspection.',
      );
      await axe(page, 'aag answer');
      await shot(page, 'aag-answer');
      await tab('button:has-text("Record the AAG\'s answer")');
      await Promise.all([page.waitForURL('**?answered=1'), page.keyboard.press('Enter')]);
      expect(await page.locator('main').first().textContent()).toContain('Not upheld by the AAG');
      const [response] = await table('SCHOOL_RESPONSES_TABLE');
      expect(response!.answer).toMatchObject({
        outcome: 'not upheld',
        term: '2027-spring',
        by: expect.stringContaining('Kingsmere AAG'),
      });
      // A member of another area does not see the school.
      const other = await signIn('ashdown-chair', `/aag/kingsmere/schools/${URN}`);
      expect(await other.locator('main').first().textContent()).toContain('You are not a member of this AAG area.');
    });

    it('a headteacher replaced in the contacts loses access; the new one reads the answer', async () => {
      const refused = await headPage.goto(`${portal.origin}/schools/${URN}`);
      expect(refused?.status()).toBe(403);
      expect(await headPage.locator('main').first().textContent()).toContain("no longer among the school's contacts");
      // Nor can they sign in again: the user pool holds the new headteacher.
      const again = await (await browser.newContext()).newPage();
      await again.goto(`${portal.origin}/schools/${URN}`);
      await again.fill('#username', head.username);
      await again.fill('#password', head.password);
      await again.click('button[type=submit]');
      expect(await again.locator('body').first().textContent()).toContain('The user name or password is not right.');

      const newHead = await signIn(NEW_HEAD.email, `/schools/${URN}`);
      expect(await newHead.locator('main').first().textContent()).toContain('Not upheld by the AAG');
      expect(await newHead.locator('main').first().textContent()).toContain('the category stands on the inspection');
      await axe(newHead, 'school answered');
      await shot(newHead, 'answered');
      expect(existsSync(join(OUT, 'schools-answered.png'))).toBe(true);
    });

    it('left no page error, and axe-core found no serious or critical violation', () => {
      expect(pageErrors).toEqual([]);
      expect(seriousOn.size).toBeGreaterThanOrEqual(10);
      expect(Object.fromEntries(seriousOn)).toEqual(Object.fromEntries([...seriousOn.keys()].map((k) => [k, []])));
    });
  },
);
