/**
 * The portal in a real browser (Debian's Chromium, headless, driven by playwright-core), over a real term of the
 * example: `npm run cycle -- --portal`'s way, the synthesized state machine waiting at AAG moderation while AAG members
 * and chairs sign in through the local identity provider and decide. An AAG chair agrees three proposals and overrides
 * one with a rationale and a support school of their choosing, submits, and the cycle's records and letters follow it;
 * a member of one area is refused another's, a form without its CSRF token is refused, an expired session keeps what
 * the person typed, and a decision after the round is refused: each refusal writes nothing and is audited. axe-core
 * finds no serious or critical violation on any page, and the decision is made by keyboard alone. Screenshots go to
 * out/browser/portal-*.png.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AAG_ROUND } from '../../functions/adapters/cycle-store';
import { parseCsvRows, toCsv } from '../../functions/core/csv';
import { ECB_NOTICES } from '../../functions/core/intervention/warning-notices';
import { findChromium, launchChromium } from '../../local/browser';
import { LocalCycle, REPOSITORY_ROOT, type TermRunResult } from '../../local/local-cycle';
import type { RunningPortal } from '../../local/portal';
import { freePort } from '../../local/services';
import { cdkJsonContext } from '../../local/template';
import { scan, tableOf } from '../e2e/local-store';
import { sharedDynamoDb } from '../e2e/shared-dynamodb';
import { portalSession } from './portal-session';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 300_000 });

const chromium = findChromium();
const OUT = join(REPOSITORY_ROOT, 'out', 'browser');
const TERM = '2026-autumn';
/** The AAGs have ten minutes: the test's chairs all submit well before, which ends the wait. */
const DEADLINE_SECONDS = 600;
/** The member whose sessions last seconds, for the expired session. */
const SHORT_SESSION = 'riverton-member';
const SHORT_SESSION_SECONDS = 8;

/** A letter's plain text, its quoted-printable undone. */
function letterText(eml: string): string {
  const plain = eml.split(/Content-Type: text\/plain; charset=utf-8\r?\n/)[1]?.split(/\r?\n----_/)[0] ?? '';
  return Buffer.from(
    plain
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');
}

describe.skipIf(!chromium.path)(`the portal in Chromium${chromium.path ? '' : ` (skipped: ${chromium.why})`}`, () => {
  let work: string;
  let cycle: LocalCycle;
  let portal: RunningPortal;
  let browser: Browser;
  let run: Promise<TermRunResult>;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sic-portal-'));
    mkdirSync(OUT, { recursive: true });
    const settings = cdkJsonContext(REPOSITORY_ROOT)['school-improvement-cycle'] as {
      moderationDeadlineHours?: number;
    };
    const deadlineHours = settings.moderationDeadlineHours ?? 24 * 14;
    cycle = await LocalCycle.start({
      dynamoDb: sharedDynamoDb(),
      dynamoDbPort: 0,
      sesPort: await freePort(),
      deadlineHourSeconds: DEADLINE_SECONDS / deadlineHours,
      // The ECB's limit made small, so that the term's changes wait for its confirmation in the portal.
      context: { 'school-improvement-cycle': { ...settings, maxChangeShare: 0.01, minChangesToHold: 1 } },
    });
    portal = await cycle.startPortal({
      moderationDeadlineHours: DEADLINE_SECONDS / 3600,
      outDir: join(work, 'out'),
      // Where the officer's uploads go: a folder of the test's own (the run reads the example's).
      dataDir: join(work, 'inputs'),
      sessionSeconds: new Map([[SHORT_SESSION, SHORT_SESSION_SECONDS]]),
    });
    run = cycle.runTerm(TERM, {
      dataDir: join(REPOSITORY_ROOT, 'example'),
      outDir: join(work, 'out'),
      decisions: 'portal',
      // The ECB answers in the portal too, as with npm run cycle -- --portal.
      ecbDecisions: 'portal',
      // Dated today, as npm run cycle -- --portal dates it: the AAGs decide today, and no letter may cite a decision
      // made after its own date.
    });
    browser = await launchChromium();
    // The round is open once the cycle has asked the AAGs.
    const until = Date.now() + 180_000;
    while (
      !(await scan(cycle, tableOf(cycle, 'MODERATION_TABLE'))).some((i) => i.term === TERM && i.district === AAG_ROUND)
    ) {
      if (Date.now() > until) throw new Error('the cycle did not reach AAG moderation in 3 minutes');
      await new Promise((r) => setTimeout(r, 500));
    }
  });
  afterAll(async () => {
    await browser?.close();
    await cycle?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const { signIn, tabber, axe, seriousOn, pageErrors } = portalSession(
    () => browser,
    () => portal.origin,
  );

  /**
   * Uploads a file as a person does with a mouse: the file chosen in the input, the button clicked, waiting for the
   * page the post leads to. (By keyboard, the file chooser opened with Space did not always come on a busy machine.)
   */
  const uploadFile = async (
    page: Page,
    input: string,
    file: { name: string; mimeType: string; buffer: Buffer },
    button: string,
  ) => {
    await page.setInputFiles(input, file);
    await Promise.all([page.waitForNavigation({ timeout: 90_000 }), page.click(button)]);
  };

  const drafts = async () => scan(cycle, tableOf(cycle, 'AAG_DRAFTS_TABLE'));
  const portalTrail = async (where: string) =>
    (await scan(cycle, tableOf(cycle, 'AUDIT_TRAIL_TABLE'))).filter((e) => e.subject === `portal:${where}`);

  /** The rows of the area's list: each school's page, name, last term's and proposed category. */
  async function rowsOf(page: Page) {
    return page.locator('table.govuk-table tbody tr').evaluateAll((trs) =>
      trs.map((tr) => {
        const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '');
        return {
          href: tr.querySelector('a')?.getAttribute('href') ?? '',
          school: tr.querySelector('a')?.firstChild?.textContent?.trim() ?? '',
          previous: cells[2] ?? '',
          proposed: (cells[3] ?? '').slice(0, 1),
        };
      }),
    );
  }

  let overridden: { urn: string; school: string; supportSchool: string; previous: string };
  const RATIONALE = 'A new headteacher and an interim chair since the summer: the AAG wants support in place now.';

  it("shows a member their own area's proposals, and refuses another area's, writing nothing but the refusal", async () => {
    const page = await signIn('ashdown-member', '/aag/ashdown');
    expect(await page.title()).toMatch(/^Ashdown AAG proposals/);
    await page.screenshot({ path: join(OUT, 'portal-aag-proposals.png'), fullPage: false });
    await axe(page, 'proposals');
    const riverton = (await scan(cycle, tableOf(cycle, 'SCHOOLS_TABLE'))).find(
      (s) => s.term === TERM && s.district === 'Riverton',
    )!;
    const before = (await drafts()).length;
    const refused = await page.goto(`${portal.origin}/aag/riverton/schools/${String(riverton.urn)}`);
    expect(refused?.status()).toBe(403);
    expect(await page.locator('main').textContent()).toContain('You are not a member of this AAG area.');
    await axe(page, 'refusal');
    // A form posted to the other area, with this session's own CSRF token, is refused the same way.
    const csrf = await page.locator('input[name=csrf]').first().inputValue();
    const posted = await page.request.post(`${portal.origin}/aag/riverton/schools/${String(riverton.urn)}`, {
      form: { csrf, decision: 'override', category: 'D', rationale: 'not ours to decide' },
      maxRedirects: 0,
    });
    expect(posted.status()).toBe(403);
    expect((await drafts()).length).toBe(before);
    const trail = await portalTrail('riverton');
    expect(trail.map((e) => e.kind)).toEqual(['portal refusal', 'portal refusal']);
    expect(trail.every((e) => String(e.by).startsWith('Sam Turner <ashdown-member@example.org>'))).toBe(true);
    expect(String(trail[0]!.evidence)).toBe('refused: You are not a member of this AAG area.');
  });

  it('refuses a form without its CSRF token, and saves nothing', async () => {
    const page = await signIn('ashdown-member', '/aag/ashdown');
    const [first] = await rowsOf(page);
    const before = (await drafts()).length;
    const posted = await page.request.post(`${portal.origin}${first!.href}`, {
      form: { decision: 'override', category: 'D', rationale: 'forged' },
      maxRedirects: 0,
    });
    expect(posted.status()).toBe(403);
    expect(await posted.text()).toContain('nothing was saved');
    const wrong = await page.request.post(`${portal.origin}${first!.href}`, {
      form: { csrf: 'not-the-token', decision: 'agree' },
      maxRedirects: 0,
    });
    expect(wrong.status()).toBe(403);
    expect((await drafts()).length).toBe(before);
    const refusals = (await portalTrail('portal')).filter((e) => e.kind === 'portal refusal');
    expect(refusals.filter((e) => String(e.evidence).includes('CSRF'))).toHaveLength(2);
  });

  it('keeps what a member typed when their session expired, for them to save once signed in again', async () => {
    const page = await signIn(SHORT_SESSION, '/aag/riverton');
    const signedInAt = Date.now();
    const [school] = await rowsOf(page);
    await page.goto(`${portal.origin}${school!.href}`);
    await page.check('#decision-override');
    await page.selectOption('#category', 'D');
    await page.fill('#rationale', 'Typed before the session ran out.');
    await page.waitForTimeout(Math.max(0, signedInAt + (SHORT_SESSION_SECONDS + 1) * 1000 - Date.now()));
    await page.click('button:has-text("Save draft decision")');
    // Back through sign-in (the provider's session still holds) to the same page, the form as it was left.
    await page.waitForURL(`${portal.origin}${school!.href}`);
    expect(await page.locator('.govuk-notification-banner').textContent()).toContain(
      'You were signed out before your decision was saved',
    );
    expect(await page.inputValue('#rationale')).toBe('Typed before the session ran out.');
    expect(await page.inputValue('#category')).toBe('D');
    expect((await drafts()).filter((d) => d.area === 'riverton')).toHaveLength(0);
    await page.click('button:has-text("Save draft decision")');
    await page.waitForURL(/\/aag\/riverton\?saved=/);
    expect((await drafts()).filter((d) => d.area === 'riverton').map((d) => d.form)).toEqual([
      expect.objectContaining({ decision: 'override', category: 'D', rationale: 'Typed before the session ran out.' }),
    ]);
  });

  it('lets a chair agree three proposals and override one with a rationale and a support school, by keyboard, and submit', async () => {
    const page = await signIn('ashdown-chair', '/aag/ashdown');
    const rows = await rowsOf(page);
    // A school proposed into B from another category, overridden into C (brokered support) with a school chosen.
    const target = rows.find((r) => r.proposed === 'B' && r.previous !== 'C' && r.previous !== 'none')!;
    expect(target).toBeDefined();
    await page.goto(`${portal.origin}${target.href}`);
    await page.screenshot({ path: join(OUT, 'portal-aag-school.png'), fullPage: true });
    await axe(page, 'school');
    // By keyboard alone: tab to each field, choose, type, and press Enter on the button.
    const tabTo = tabber(page);
    await tabTo('input[name=decision]');
    await page.keyboard.press('ArrowDown');
    expect(await page.isChecked('#decision-override')).toBe(true);
    await tabTo('#category');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const category = await page.inputValue('#category');
    expect(category).toBe('C');
    await tabTo('#supportSchool');
    const options = await page
      .locator('#supportSchool option')
      .evaluateAll((os) => os.map((o) => ({ value: o.getAttribute('value') ?? '', label: o.textContent ?? '' })));
    const chosen = options[options.length - 1]!;
    for (let i = 1; i < options.length; i++) await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#supportSchool')).toBe(chosen.value);
    await tabTo('#rationale');
    await page.keyboard.type(RATIONALE);
    await tabTo('button.govuk-button');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/aag\/ashdown\?saved=/);
    overridden = {
      urn: target.href.split('/').pop()!,
      school: target.school,
      supportSchool: chosen.label.replace(/ \(URN .*$/, ''),
      previous: target.previous,
    };
    // Three others agreed as proposed, each a draft in the chair's name.
    for (const row of rows.filter((r) => r !== target).slice(0, 3)) {
      await page.goto(`${portal.origin}${row.href}`);
      await page.check('#decision');
      await page.click('button:has-text("Save draft decision")');
      await page.waitForURL(/\/aag\/ashdown\?saved=/);
    }
    expect((await drafts()).filter((d) => d.area === 'ashdown')).toHaveLength(4);
    await page.goto(`${portal.origin}/aag/ashdown/submit`);
    await page.screenshot({ path: join(OUT, 'portal-aag-submit.png'), fullPage: true });
    await axe(page, 'submit');
    const check = (await page.locator('main').textContent()) ?? '';
    expect(check).toContain(RATIONALE);
    expect(check).toMatch(/Agreed as proposed\s*47\s*Overridden\s*1\s*Agreed, with support the AAG chose\s*0/);
    await page.click('button:has-text("Submit the AAG")');
    await page.waitForURL(/\/aag\/ashdown\?saved=submitted/);
    await axe(page, 'submitted');
    const stored = (await scan(cycle, tableOf(cycle, 'AAG_DECISIONS_TABLE'))).find((d) => d.district === 'Ashdown')!;
    expect(stored.submittedBy).toMatch(
      /^Priya Shah <ashdown-chair@example\.org> \(signed in to the portal as ashdown-chair\)$/,
    );
    expect(stored.decisions).toContainEqual({
      urn: overridden.urn,
      decision: 'override',
      category: 'C',
      rationale: RATIONALE,
      supportSchool: chosen.value,
      decidedBy: 'Priya Shah, Ashdown AAG',
    });
  });

  it("takes an AAG's sheet filled in offline as drafts, naming a bad row before anything is saved", async () => {
    const page = await signIn('kingsmere-member', '/aag/kingsmere');
    const sheet = await (await page.request.get(`${portal.origin}/aag/kingsmere/proposals.csv`)).text();
    const [header, ...rows] = parseCsvRows(sheet.replace(/^\uFEFF/, ''))
      .map((r) => r.cells)
      .filter((cells) => cells.some(Boolean));
    const at = (name: string) => header!.indexOf(name);
    const first = rows[0]!;
    const other = ['A', 'B', 'C', 'D'].find((c) => c !== first[at('Proposed category')])!;
    const filled = (category: string) => {
      const changed = [...first];
      changed[at('Decision')] = 'override';
      changed[at('Agreed category')] = category;
      changed[at('Rationale')] = 'Agreed at the AAG meeting of 1 December, held offline.';
      return toCsv(header!, [changed, ...rows.slice(1)]);
    };
    const upload = async (text: string) => {
      await uploadFile(
        page,
        '#sheet',
        { name: 'kingsmere.csv', mimeType: 'text/csv', buffer: Buffer.from(text) },
        'button:has-text("Upload the sheet")',
      );
      await page.waitForLoadState('load');
    };
    await upload(filled('Z'));
    expect(await page.locator('#sheet-error').textContent()).toContain(
      "kingsmere.csv row 2, Agreed category: 'Z' is not one of A, B, C, D",
    );
    expect((await drafts()).filter((d) => d.area === 'kingsmere')).toHaveLength(0);
    await upload(filled(other));
    const error = page.locator('#sheet-error');
    expect((await error.count()) > 0 ? await error.textContent() : '').toBe('');
    expect(page.url()).toMatch(new RegExp(`/aag/kingsmere\\?sheet=${rows.length}$`));
    const saved = (await drafts()).filter((d) => d.area === 'kingsmere');
    expect(saved).toHaveLength(rows.length);
    expect(saved.find((d) => d.urn === first[at('URN')])?.form).toEqual({
      decision: 'override',
      category: other,
      rationale: 'Agreed at the AAG meeting of 1 December, held offline.',
    });
  });

  it('lets a member see, not submit; and goes on when every chair has submitted', async () => {
    const member = await signIn('ashdown-member', '/aag/ashdown/submit');
    expect(await member.locator('main').textContent()).toContain("Only the AAG's chair submits its decisions.");
    for (const area of ['eastbrook', 'kingsmere', 'northvale', 'riverton']) {
      const chair = await signIn(`${area}-chair`, `/aag/${area}/submit`);
      await chair.click('button:has-text("Submit the AAG")');
      await chair.waitForURL(new RegExp(`/aag/${area}\\?saved=submitted`));
    }
    // The round closes, and the cycle asks the ECB about formal warning notices.
    const until = Date.now() + 120_000;
    while (
      !(await scan(cycle, tableOf(cycle, 'MODERATION_TABLE'))).some(
        (i) => i.term === TERM && i.district === ECB_NOTICES && i.taskToken,
      )
    ) {
      if (Date.now() > until) throw new Error('the cycle did not ask the ECB about warning notices in 2 minutes');
      await new Promise((r) => setTimeout(r, 500));
    }
  });

  it('lets an ECB member give its decisions on warning notices, refusing a compliance date too soon by its row', async () => {
    const page = await signIn('ecb', '/');
    expect(page.url()).toBe(`${portal.origin}/ecb`);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Formal warning notices, autumn term 2026');
    expect(main).toMatch(/The cycle asks the ECB 3 questions/);
    const questions = await page.request.get(`${portal.origin}/reports/${TERM}/ecb/warning-notices.csv`);
    expect(questions.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(await questions.text()).toContain('Radway Junior School');
    await axe(page, 'ecb notices');
    await page
      .locator('.govuk-summary-card')
      .first()
      .evaluate((card) => card.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(OUT, 'portal-ecb-notices.png'), fullPage: false });
    // The example's sheet, as the ECB filled it in for the example's own date: 11 Dec 2026 is too soon from today.
    const filled = readFileSync(join(REPOSITORY_ROOT, 'example', TERM, 'ecb-decisions.csv'), 'utf8');
    const upload = async (text: string) => {
      await uploadFile(
        page,
        '#notices',
        { name: 'ecb-decisions.csv', mimeType: 'text/csv', buffer: Buffer.from(text) },
        'button:has-text("Give the decisions to the cycle")',
      );
      await page.waitForLoadState('load');
    };
    await upload(filled);
    expect(await page.locator('#notices-error').textContent()).toMatch(/ecb-decisions\.csv, URN 125175: .*11 Dec 2026/);
    const stored = (await scan(cycle, tableOf(cycle, 'MODERATION_TABLE'))).find(
      (i) => i.term === TERM && i.district === ECB_NOTICES,
    );
    expect(stored?.answer).toBeUndefined();
    // Question by question in the form, by keyboard alone: Radway issued with the same date, refused at its field;
    // Salford referred; Bramcote left for next term.
    expect(await page.locator('#complianceDate-125175').inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    const tabTo = tabber(page);
    const type = async (selector: string, text: string) => {
      await tabTo(selector);
      await page.keyboard.press('Control+A');
      await page.keyboard.type(text);
    };
    // Each question starts undecided (its last choice): the arrow moves round to the first, issue or refer.
    await tabTo('input[name="decision-125175"]:checked');
    await page.keyboard.press('ArrowDown');
    await type('#complianceDate-125175', '11/12/2026');
    await type('#rationale-125175', 'Two terms of insufficient impact of support');
    await tabTo('input[name="decision-140212"]:checked');
    await page.keyboard.press('ArrowDown');
    await type('#rationale-140212', 'The trust has not responded to the offer of further support');
    await tabTo('button:has-text("Give these decisions to the cycle")');
    // Refused, the form comes back on the same address: wait for the page the answer is.
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Radway Junior School: the compliance date 11 Dec 2026',
    );
    expect(await page.locator('#complianceDate-125175-error').textContent()).toContain('11 Dec 2026');
    expect(await page.isChecked('#decision-140212')).toBe(true);
    await axe(page, 'ecb notices refused');
    await type('#complianceDate-125175', '01/03/2027');
    await tabTo('button:has-text("Give these decisions to the cycle")');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/ecb\?notices=1/);
    const answered = (await scan(cycle, tableOf(cycle, 'MODERATION_TABLE'))).find(
      (i) => i.term === TERM && i.district === ECB_NOTICES,
    );
    const answer = answered?.answer as {
      by?: string;
      decisions?: { urn: string; decision: string; complianceDate?: string }[];
    };
    expect(answer.by).toMatch(/^Martin Reid <ecb@example\.org>/);
    expect(answer.decisions?.map((d) => `${d.urn} ${d.decision} ${d.complianceDate ?? ''}`.trim())).toEqual([
      '125175 issue 2027-03-01',
      '140212 refer',
    ]);
  });

  it("lets an ECB member confirm the held term's changes with a reason, and the letters go; refuses anyone else", async () => {
    const member = await signIn('ashdown-member', '/aag/ashdown');
    expect((await member.request.get(`${portal.origin}/ecb`, { maxRedirects: 0 })).status()).toBe(403);
    // After the warning notices, the agreed changes pass the ECB's limit: the cycle asks the ECB to confirm them.
    const until = Date.now() + 120_000;
    while (
      !(await scan(cycle, tableOf(cycle, 'MODERATION_TABLE'))).some(
        (i) => i.term === TERM && i.district === 'Education Challenge Board' && i.taskToken,
      )
    ) {
      if (Date.now() > until) throw new Error('the cycle did not ask the ECB to confirm the term in 2 minutes');
      await new Promise((r) => setTimeout(r, 500));
    }
    const page = await signIn('ecb', '/');
    expect(page.url()).toBe(`${portal.origin}/ecb`);
    expect(await page.locator('main').textContent()).toContain('Waiting Its answer is due by');
    expect(await page.locator('table.govuk-table tbody tr').count()).toBeGreaterThan(1);
    await page.screenshot({ path: join(OUT, 'portal-ecb.png'), fullPage: false });
    await axe(page, 'ecb');
    // Without a reason, nothing is sent.
    await page.check('#letters');
    await page.click('button:has-text("Send the ECB")');
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Enter the ECB’s reason');
    // By keyboard alone: the choice is kept from the refused form; the reason typed, the button pressed with Enter.
    expect(await page.isChecked('#letters')).toBe(true);
    const tabTo = tabber(page);
    await tabTo('#reason');
    await page.keyboard.type('The changes follow the summer inspections and the AAGs agreed them.');
    await tabTo('button:has-text("Send the ECB")');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/ecb\?answered=1/);
    expect(await page.locator('main').textContent()).toContain('confirmed by the ECB by Martin Reid');
    const result = await run;
    expect(result.status === 'failed' ? `${result.error}: ${result.cause}` : result.status).toBe('succeeded');
    const summary = JSON.parse(readFileSync(join(work, 'out', TERM, 'summary.json'), 'utf8')) as {
      lettersHeld: number;
    };
    expect(summary.lettersHeld).toBe(0);
    const decision = (await scan(cycle, tableOf(cycle, 'AUDIT_TRAIL_TABLE'))).find((e) => e.kind === 'ECB decision');
    expect(decision?.by).toMatch(/^Martin Reid <ecb@example\.org>/);
    expect(decision?.evidence).toBe('The changes follow the summer inspections and the AAGs agreed them.');
  });

  it("applies the chair's override: the record, the letter and the support follow it", async () => {
    const [headers, ...rows] = parseCsvRows(readFileSync(join(work, 'out', TERM, 'assessments.csv'), 'utf8')).map(
      (r) => r.cells,
    );
    const column = (h: string) => headers!.findIndex((x) => x.replace(/^\uFEFF/, '') === h);
    const row = rows.find((r) => r[column('URN')] === overridden.urn)!;
    expect(row[column('AAG decision')]).toBe('override');
    expect(row[column('Category')]).toBe('C');
    expect(row[column('AAG rationale')]).toBe(RATIONALE);
    const emails = readdirSync(join(work, 'out', TERM, 'emails'));
    const letter = emails.find((f) => f === `${overridden.urn}-headteacher.eml`);
    expect(letter, `a letter to ${overridden.school}'s headteacher among ${emails.length}`).toBeDefined();
    const text = letterText(readFileSync(join(work, 'out', TERM, 'emails', letter!), 'utf8'));
    expect(text).toContain(`has changed from ${overridden.previous} to C`);
    expect(text).toContain(RATIONALE);
    expect(text).toContain(overridden.supportSchool);
    // The area's trail: the drafts, the submission, each under the person's name.
    const actions = (await portalTrail('ashdown')).filter((e) => e.kind === 'portal action').map((e) => String(e.what));
    expect(actions.filter((w) => w.startsWith('saved a draft'))).toHaveLength(4);
    expect(actions).toContainEqual(
      expect.stringMatching(/^submitted the Ashdown AAG's decisions: 48 schools, 1 override$/),
    );
    // What the decision did, on the area's page: the letter sent, and the support the AAG chose.
    const page = await signIn('ashdown-chair', '/aag/ashdown');
    expect(await page.locator('thead').first().textContent()).toContain('What followed');
    const followed = await page
      .locator('table.govuk-table')
      .first()
      .locator('tbody tr', { hasText: overridden.school })
      .locator('td')
      .last()
      .textContent();
    expect(followed).toMatch(/^Letter sent to the headteacher(, | and )chair of governors/);
    expect(followed).toContain(`Support: ${overridden.supportSchool} as support school`);
    expect(followed).toContain('as the AAG chose');
    await page
      .locator('table.govuk-table')
      .first()
      .locator('tbody tr', { hasText: overridden.school })
      .evaluate((row) => row.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: join(OUT, 'portal-aag-followed.png'), fullPage: false });
    await axe(page, 'followed');
  });

  it("serves the term's reports behind sign-in: the ECB every one, a member their area's and its schools' only", async () => {
    const ecb = await signIn('ecb', '/reports/2026-autumn/report.html');
    const report = await ecb.request.get(`${portal.origin}/reports/${TERM}/report.html`);
    expect(report.status()).toBe(200);
    expect(report.headers()['content-security-policy']).toMatch(/^default-src 'none'; style-src 'unsafe-inline'/);
    expect(await report.text()).toContain('Ardenshire County Council');
    const member = await signIn('ashdown-member', '/aag/ashdown');
    expect(await member.locator('main').textContent()).toContain("the area's report for autumn term 2026");
    const schools = await scan(cycle, tableOf(cycle, 'SCHOOLS_TABLE'));
    const ofArea = (district: string) => String(schools.find((s) => s.term === TERM && s.district === district)!.urn);
    const status = async (path: string) =>
      (await member.request.get(`${portal.origin}/reports/${TERM}/${path}`, { maxRedirects: 0 })).status();
    expect(await status('aag/ashdown.html')).toBe(200);
    expect(await status(`schools/${ofArea('Ashdown')}.html`)).toBe(200);
    expect(await status('aag/riverton.html')).toBe(403);
    expect(await status(`schools/${ofArea('Riverton')}.html`)).toBe(403);
    expect(await status('report.html')).toBe(403);
    expect(await status('..%2F..%2Fcdk.json')).toBe(403);
  });

  it("lets an officer upload a term's files and see the intake check name a bad row before any run", async () => {
    const member = await signIn('ashdown-member', '/aag/ashdown');
    expect((await member.request.get(`${portal.origin}/officer/2027-spring`, { maxRedirects: 0 })).status()).toBe(403);
    const page = await signIn('officer', '/officer/2027-spring');
    expect(await page.locator('main').textContent()).toContain('No files yet');
    const example = join(REPOSITORY_ROOT, 'example', '2027-spring');
    const lines = readFileSync(join(example, 'register.csv'), 'utf8').split('\n');
    const cells = lines[2]!.split(',');
    const urn = cells[0]!;
    lines[2] = ['12AB45', ...cells.slice(1)].join(',');
    const upload = async (name: string, buffer: Buffer) => {
      const mimeType = name.endsWith('.xlsx')
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : 'text/csv';
      await uploadFile(page, '#file', { name, mimeType, buffer }, 'button:has-text("Upload")');
      await page.waitForURL(/\/officer\/2027-spring\?uploaded=1$/);
    };
    await upload('register.csv', Buffer.from(lines.join('\n')));
    await upload('contacts.xlsx', readFileSync(join(example, 'contacts.xlsx')));
    expect(readdirSync(join(work, 'inputs', '2027-spring')).sort()).toEqual(['contacts.xlsx', 'register.csv']);
    const rejected = await page
      .locator('table.govuk-table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
    expect(rejected).toContainEqual(['register.csv', '3', 'URN', '12AB45', expect.stringMatching(/URN/)]);
    expect(await page.locator('main').textContent()).not.toContain(`${urn} `);
    // The missing contacts, school by school, before any letter is written.
    const missing = Number(
      (
        await page.locator('.govuk-summary-list__row', { hasText: 'Missing contacts' }).locator('dd').textContent()
      )?.trim(),
    );
    expect(missing).toBeGreaterThan(0);
    await page.click('summary:has-text("missing contacts")');
    expect(await page.locator('details table tbody tr').count()).toBe(missing);
    await page.screenshot({ path: join(OUT, 'portal-officer.png'), fullPage: false });
    await axe(page, 'officer');
  });

  it('refuses a decision once the round is over, and says why', async () => {
    const page = await signIn('ashdown-chair', '/aag/ashdown');
    expect(await page.locator('main').textContent()).toContain('passed to the cycle');
    const [first] = await rowsOf(page);
    await page.goto(`${portal.origin}${first!.href}`);
    expect(await page.locator('form button:has-text("Save draft decision")').count()).toBe(0);
    const csrf = await page.locator('input[name=csrf]').first().inputValue();
    const late = await page.request.post(`${portal.origin}${first!.href}`, {
      form: { csrf, decision: 'agree' },
      maxRedirects: 0,
    });
    expect(late.status()).toBe(409);
    expect(await late.text()).toContain('The cycle stopped waiting for decisions');
  });

  it("lets an officer follow a run's stages, and start a term's run in the portal", async () => {
    const page = await signIn('officer', `/officer/${TERM}`);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Succeeded');
    // The example's term was run from its own folder: the portal's holds no files for it.
    expect(main).toContain("Upload the term's files before it is run.");
    await page.click('a:has-text("Follow its stages")');
    const cellsOf = () =>
      page
        .locator('table.govuk-table tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
        );
    const stages = await cellsOf();
    expect(stages[0]?.slice(0, 4)).toEqual(['Data intake', 'Done', '1', '0']);
    expect(stages.map((s) => s[0])).toEqual(expect.arrayContaining(['Ask the AAGs', 'Notify category changes']));
    expect(stages.every((s) => s[1] === 'Done')).toBe(true);
    expect(await page.locator('.govuk-summary-list').textContent()).toContain('Succeeded');
    await axe(page, 'run stages');
    // The next term's files were uploaded above: its run starts here, by keyboard, and is followed stage by stage.
    await page.goto(`${portal.origin}/officer/2027-spring`);
    const tabTo = tabber(page);
    await tabTo('button:has-text("Run the term")');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/officer\/2027-spring\/runs\?execution=/);
    expect(await page.locator('main').textContent()).toContain('The run has started');
    const until = Date.now() + 60_000;
    while (!(await cellsOf()).some((s) => s[0] === 'Data intake' && s[1] !== 'Running')) {
      if (Date.now() > until)
        throw new Error('the run started in the portal did not get through data intake in a minute');
      await new Promise((r) => setTimeout(r, 1000));
      await page.reload();
    }
    await page.screenshot({ path: join(OUT, 'portal-officer-run.png'), fullPage: false });
    expect((await portalTrail('officer')).map((e) => e.what)).toContain('started a run of 2027-spring');
    // A start without its CSRF token is refused, and starts nothing.
    const refused = await page.request.post(`${portal.origin}/officer/2027-spring/runs`, { form: {}, maxRedirects: 0 });
    expect(refused.status()).toBe(403);
  });

  it('finds no serious or critical accessibility problem on any page, and no script error', () => {
    expect(pageErrors).toEqual([]);
    expect([...seriousOn.keys()].sort()).toEqual([
      'ecb',
      'ecb notices',
      'ecb notices refused',
      'followed',
      'officer',
      'proposals',
      'refusal',
      'run stages',
      'school',
      'submit',
      'submitted',
    ]);
    expect(Object.fromEntries(seriousOn)).toEqual(Object.fromEntries([...seriousOn.keys()].map((k) => [k, []])));
  });
});
