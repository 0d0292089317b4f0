/**
 * Formal warning notices through the deployed state machine, on the example authority: the autumn cycle proposes
 * two notices and an academy's referral, the ECB (its decisions sheet, given to the cycle as the answer to its task
 * token) issues and refers, and the letters go with their copies; in the spring one notice has not been complied
 * with and is escalated, the other is withdrawn. A rerun of the spring sends no letter twice; without the ECB's
 * answer by its deadline the questions stay open. The same runs show the TSC board's answers, the AAG's days, and
 * the schools the early-warning policy flags as at risk on their AAGs' sheets. The notices are carried and proposed
 * a batch of schools at a time, in batches of 20 here, so that the three schools the ECB is asked about in the autumn
 * fall in two batches: each batch writes only its own range, and the ECB's sheet is the term's.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { historyLines } from '../../functions/core/audit/trail';
import { schoolTimeline } from '../../local/history-cli';
import { LocalCycle, type ProgressEvent, REPOSITORY_ROOT, type TermRunResult } from '../../local/local-cycle';
import { freePort } from '../../local/services';
import { cdkJsonContext } from '../../local/template';
import { tableOf } from './local-store';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const EXAMPLE = join(REPOSITORY_ROOT, 'example');
// The example's notices (scripts/generate-example.ts): escalated, withdrawn, and the academy referred.
const ESCALATED = '125175';
const WITHDRAWN = '125183';
const REFERRED = '140212';
/** Batches of 20 schools: the example's 242 in 13, three of them holding one of the autumn's notices each. */
const BATCHED = {
  'school-improvement-cycle': {
    ...(cdkJsonContext(REPOSITORY_ROOT)['school-improvement-cycle'] as Record<string, unknown>),
    schoolsPerBatch: 20,
  },
};

const summaryOf = (result: TermRunResult) => {
  if (result.status !== 'succeeded') throw new Error(`the run failed: ${result.error}: ${result.cause}`);
  return result.summary;
};
const noticeEmails = (result: TermRunResult) =>
  result.emails
    .filter((p) => /warning-notice/.test(p))
    .map((p) => p.split('/').at(-1)!)
    .sort();

describe('warning notices on the example authority', () => {
  let cycle: LocalCycle;
  let work: string;
  let autumn: TermRunResult;
  let spring: TermRunResult;
  const springEvents: ProgressEvent[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sic-notices-'));
    cycle = await LocalCycle.start({
      storeDir: join(work, 'store'),
      dynamoDbPort: await freePort(),
      sesPort: await freePort(),
      context: BATCHED,
    });
    autumn = await cycle.runTerm('2026-autumn', { dataDir: EXAMPLE, today: 'scheduled', outDir: join(work, 'out') });
    // The ECB's spring sheet, with one more decision: about a school it was not asked about.
    const sheet = join(work, 'ecb-decisions.csv');
    writeFileSync(
      sheet,
      `${readFileSync(join(EXAMPLE, '2027-spring', 'ecb-decisions.csv'), 'utf8').trimEnd()}\r\n125100,Kenbury Primary School,Ashdown,maintained,,,,issue,,The Board is concerned,ECB\r\n`,
    );
    spring = await cycle.runTerm('2027-spring', {
      dataDir: EXAMPLE,
      today: 'scheduled',
      outDir: join(work, 'out'),
      ecbDecisions: sheet,
      onEvent: (e) => springEvents.push(e),
    });
  });
  afterAll(async () => {
    await cycle?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it("asks the ECB in the autumn, and sends the notices with their copies and the academy's referral", () => {
    expect(summaryOf(autumn).emailsSent).toBe(32);
    const sheet = readFileSync(join(work, 'out', '2026-autumn', 'ecb', 'warning-notices.csv'), 'utf8')
      .trim()
      .split(/\r?\n/);
    expect(sheet.slice(1).map((row) => row.split(',').slice(0, 5).join(','))).toEqual(
      [
        `${ESCALATED},Radway Junior School,Northvale,maintained,issue a warning notice`,
        `${WITHDRAWN},Bramcote Primary School,Northvale,maintained,issue a warning notice`,
        `${REFERRED},Salford Infant School,Ashdown,academy,refer the academy to the DfE`,
      ].sort(),
    );
    // One invocation a batch, each carrying and proposing its own schools' notices: three batches found the three.
    const batches = readFileSync(join(work, 'out', '2026-autumn', 'function-logs.txt'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('warning notices carried and proposed for a batch of schools'));
    expect(batches).toHaveLength(13);
    expect(
      batches
        .map((line) => Number(/"notices":(\d+)/.exec(line)?.[1]))
        .filter((n) => n > 0)
        .sort(),
    ).toEqual([1, 1, 1]);
    expect(noticeEmails(autumn)).toEqual(
      [
        ...[ESCALATED, WITHDRAWN].flatMap((urn) =>
          ['headteacher', 'chair-of-governors', 'DfE-regional-team', 'Ofsted'].map(
            (role) => `${urn}-warning-notice-issued-${role}.eml`,
          ),
        ),
        `${REFERRED}-warning-notice-referred-DfE-regional-team.eml`,
      ].sort(),
    );
    const copy = readFileSync(
      autumn.emails.find((p) => p.endsWith(`${ESCALATED}-warning-notice-issued-Ofsted.eml`))!,
      'utf8',
    );
    expect(copy).toContain('Subject: Radway Junior School: formal warning notice');
    expect(copy).toContain('To: "Ofsted, West Midlands region" <westmidlands.region@ofsted.example.org>');
  });

  it("puts the schools the early-warning policy flags on their AAG's sheet as at risk: review, in the report, and in no letter", () => {
    // The example's figures for 2023/24 and 2024/25 (scripts/generate-example.ts): schools in A or B whose absence
    // is rising with a second headteacher in three years, and one whose inspection is overdue.
    const flagged = {
      '140207': 'ashdown',
      '140208': 'ashdown',
      '140210': 'ashdown',
      '125123': 'ashdown',
      '140227': 'eastbrook',
      '140256': 'kingsmere',
      '140273': 'northvale',
      '125213': 'riverton',
      '125215': 'riverton',
    };
    for (const [urn, area] of Object.entries(flagged)) {
      const row = readFileSync(join(work, 'out', '2026-autumn', 'proposals', `${area}.csv`), 'utf8')
        .split(/\r?\n/)
        .find((line) => line.includes(`,${urn},`))!;
      expect(row).toMatch(/,[AB],[AB],(no|yes),/);
      expect(row).toMatch(
        /"at risk: review \(score [34] against a threshold of 3: (overall absence rose 0\.\d points, from [\d.]+% in 2023\/24 to [\d.]+% in 2024\/25; persistent absence rose|last graded inspection)/,
      );
      expect(autumn.emails.some((p) => p.includes(urn))).toBe(false);
    }
    expect(readFileSync(join(work, 'out', '2026-autumn', 'report.html'), 'utf8')).toContain('Schools at risk (9)');
    // The school's own page gives each signal with its points.
    const page = readFileSync(join(work, 'out', '2026-autumn', 'schools', '140256.html'), 'utf8');
    expect(page).toContain('<h3>At risk: for the AAG to review</h3>');
    expect(page).toContain(
      '<tr><th scope="row">Inspection overdue</th><td class="num">1</td><td>last graded inspection 3 Jun 2019, 7 years before the term</td></tr>',
    );
    // By the spring 2025/26's results are out: a secondary flagged in the autumn falls further.
    const spring = readFileSync(join(work, 'out', '2027-spring', 'report.html'), 'utf8');
    expect(spring).toContain('Schools at risk (6)');
    expect(spring).toMatch(/Attainment 8 fell [\d.]+ points, from [\d.]+ in 2024\/25 to [\d.]+ in 2025\/26/);
  });

  it('escalates the notice not complied with and withdraws the other in the spring, writing the withdrawal to the same people', () => {
    expect(summaryOf(spring).emailsSent).toBe(55);
    expect(noticeEmails(spring)).toEqual(
      ['headteacher', 'chair-of-governors', 'DfE-regional-team', 'Ofsted']
        .map((role) => `${WITHDRAWN}-warning-notice-withdrawn-${role}.eml`)
        .sort(),
    );
    const report = readFileSync(join(work, 'out', '2027-spring', 'report.html'), 'utf8');
    expect(report).toContain('<strong>1 school has not complied with a notice.</strong>');
    expect(report).toContain(
      '<strong>escalated: an Interim Executive Board or suspending the delegated budget</strong>',
    );
    expect(report).toContain(
      'The ECB decided: withdraw (The school has complied with the notice: the action plan is on track and the task group finds the impact of support strong)',
    );
    const page = readFileSync(join(work, 'out', '2027-spring', 'schools', `${ESCALATED}.html`), 'utf8');
    expect(page).toContain('<h2>Formal warning notice</h2>');
    expect(page).toContain('not complied with by 11 Dec 2026: flagged to the ECB for the next step');
    // The notice in force and not complied with is evidence: category D, and eligible for intervention.
    const assessments = readFileSync(join(work, 'out', '2027-spring', 'assessments.csv'), 'utf8');
    const row = assessments.split(/\r?\n/).find((l) => l.startsWith(`2027-spring,${ESCALATED},`))!;
    expect(row).toContain('The school is in receipt of a formal warning notice');
  });

  it("takes the ECB's decisions from where it stored them, the token carrying how many, and reports those it could not apply", () => {
    const answered = springEvents.find(
      (e) => e.type === 'state-exited' && e.state === 'Ask the ECB about warning notices',
    ) as { output: { ecbNotices: unknown } };
    expect(answered.output.ecbNotices).toEqual({ outcome: 'decided', decisions: 3 });
    const applied = springEvents.find((e) => e.type === 'state-exited' && e.state === 'Apply ECB notice decisions') as {
      output: { noticeDecisions: Record<string, unknown> };
    };
    expect(applied.output.noticeDecisions).toMatchObject({
      outcome: 'decided',
      decided: 2,
      escalated: 1,
      withdrawn: 1,
      problems: 1,
    });
    const report = readFileSync(join(work, 'out', '2027-spring', 'report.html'), 'utf8');
    expect(report).toContain('The ECB&#39;s decisions on warning notices not applied (1)');
    expect(report).toMatch(/URN 125100: the ECB decided [^<]*asked nothing about this school this term; not applied/);
  });

  it("shows the TSC board's answers and the request it left unanswered, and the days the AAG agreed", () => {
    const report = readFileSync(join(work, 'out', '2027-spring', 'report.html'), 'utf8');
    expect(report).toContain(
      'Offered: Sarah Lee (SLE, reading), Harbour Teaching School Hub (20 Oct 2026, TSC board). Available from the second half of the autumn term',
    );
    expect(report).toContain('None available (20 Oct 2026, TSC board). No primary leader has capacity this term');
    expect(report).toContain('<strong>12 unanswered since an earlier term</strong>');
    const page = readFileSync(join(work, 'out', '2027-spring', 'schools', '125130.html'), 'utf8');
    expect(page).toContain(
      '15 days this term, funded by the school&#39;s own budget, with the governors&#39; agreement, as the AAG agreed',
    );
  });

  it("records each step in the school's history", async () => {
    const client = new DynamoDBClient(cycle.dynamoDbClientConfig);
    try {
      const lines = historyLines(
        await schoolTimeline(DynamoDBDocumentClient.from(client), tableOf(cycle, 'AUDIT_TRAIL_TABLE'), ESCALATED),
      ).join('\n');
      expect(lines).toContain('warning notice: proposed: issue a warning notice');
      expect(lines).toContain('warning notice: the ECB issued the warning notice; compliance date 11 Dec 2026');
      expect(lines).toContain('warning notice letter: sent the letter of the warning notice issued to Ofsted');
      expect(lines).toContain('warning notice: not complied with by 11 Dec 2026: flagged to the ECB for the next step');
      expect(lines).toContain('warning notice: the ECB escalated the notice');
    } finally {
      client.destroy();
    }
  });

  it('sends no notice letter twice when a term is run again, and keeps what the ECB decided', async () => {
    const again = await cycle.runTerm('2027-spring', {
      dataDir: EXAMPLE,
      today: 'scheduled',
      outDir: join(work, 'again'),
    });
    expect(summaryOf(again)).toMatchObject({ emailsSent: 0, emailsAlreadySent: 55 });
    const report = readFileSync(join(work, 'again', '2027-spring', 'report.html'), 'utf8');
    expect(report).toContain('The ECB decided: escalate (The school has not complied with the notice');
    // The autumn's notices and referral too.
    expect(
      summaryOf(
        await cycle.runTerm('2026-autumn', { dataDir: EXAMPLE, today: 'scheduled', outDir: join(work, 'again') }),
      ),
    ).toMatchObject({ emailsSent: 0, emailsAlreadySent: 32 });
  });

  it('leaves the questions open when the ECB does not answer by its deadline, and sends no notice', async () => {
    const late = await LocalCycle.start({
      storeDir: join(work, 'store-late'),
      dynamoDbPort: await freePort(),
      sesPort: await freePort(),
    });
    try {
      const result = await late.runTerm('2026-autumn', {
        dataDir: EXAMPLE,
        today: 'scheduled',
        outDir: join(work, 'late'),
        ecbDecisions: 'deadline',
      });
      expect(summaryOf(result).emailsSent).toBe(23);
      expect(noticeEmails(result)).toEqual([]);
      expect(readdirSync(join(work, 'late', '2026-autumn', 'ecb')).sort()).toEqual([
        'how-to-answer.txt',
        'warning-notices.csv',
      ]);
      expect(readFileSync(join(work, 'late', '2026-autumn', 'report.html'), 'utf8')).toContain(
        '<strong>3 questions wait for the ECB</strong>',
      );
    } finally {
      await late.stop();
    }
  });
});
