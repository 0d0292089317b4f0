/**
 * The whole termly cycle, end to end: the state machine CDK synthesizes, executed by aws-local-stepfunctions with
 * each Task bound to the handler its function deploys, over DynamoDB Local and the local SES.
 */

import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type AuditEntry, historyLines } from '../../functions/core/audit/trail';
import { parseCsv, parseCsvRows } from '../../functions/core/csv';
import { readXlsxRows } from '../../functions/core/xlsx';
import { allStates } from '../../local/bind';
import { schoolTimeline } from '../../local/history-cli';
import { LocalCycle, REPOSITORY_ROOT, type TermRunResult } from '../../local/local-cycle';
import { freePort } from '../../local/services';
import { scan, tableOf } from './local-store';
import { sharedDynamoDb } from './shared-dynamodb';

// A whole term through the state machine takes seconds on an idle machine and far longer on two busy shared cores:
// the limit only has to catch a hang.
vi.setConfig({ testTimeout: 180_000 });

const FIXTURE = join(REPOSITORY_ROOT, 'tests/fixtures/mini-authority');
const emailNames = (result: TermRunResult) => result.emails.map((path) => path.split('/').pop()).sort();
const succeeded = (result: TermRunResult) => {
  if (result.status !== 'succeeded') throw new Error(`the run failed: ${result.error}: ${result.cause}`);
  return result;
};

const AUTUMN_LETTERS = [
  '100002-chair-of-governors.eml',
  '100002-headteacher.eml',
  '100002-trust-board-chair.eml',
  '100004-chair-of-governors.eml',
  '100004-headteacher.eml',
  '100004-trust-board-chair.eml',
  '100005-chair-of-governors.eml',
  '100005-headteacher.eml',
];
/**
 * The autumn's letters of Riverton's schools, whose AAG missed its deadline: held until it decides or the ECB confirms.
 */
const RIVERTON_AUTUMN_LETTERS = AUTUMN_LETTERS.filter((name) => /^10000[45]-/.test(name));
const ASHDOWN_AUTUMN_LETTERS = AUTUMN_LETTERS.filter((name) => !RIVERTON_AUTUMN_LETTERS.includes(name));
/** What the step that counts the term's figures logged, from the run's function-logs.txt. */
const termFiguresLog = (outDir: string, term: string) => {
  const line = readFileSync(join(outDir, term, 'function-logs.txt'), 'utf8')
    .split('\n')
    .find((l) => l.includes(`"the term's figures counted and kept"`));
  if (!line) throw new Error(`no figures counted in ${term}'s function logs`);
  return JSON.parse(line.slice(line.indexOf('{'))) as Record<string, unknown>;
};
const SPRING_LETTERS = ['100001-chair-of-governors.eml', '100001-headteacher.eml', '100006-headteacher.eml'];

describe('two terms of the mini authority, kept in a store between runs', () => {
  let cycle: LocalCycle;
  let work: string;
  let out: string;
  let autumn: TermRunResult;
  let spring: TermRunResult;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sic-e2e-'));
    out = join(work, 'out');
    cycle = await LocalCycle.start({
      storeDir: join(work, 'store'),
      dynamoDbPort: await freePort(),
      sesPort: await freePort(),
    });
    autumn = await cycle.runTerm('2026-autumn', { dataDir: FIXTURE, outDir: out });
    spring = await cycle.runTerm('2027-spring', { dataDir: FIXTURE, outDir: out });
  });
  /** A school's audit trail, read from the local store as npm run history reads it. */
  async function timelineOf(urn: string): Promise<AuditEntry[]> {
    const client = new DynamoDBClient(cycle.dynamoDbClientConfig);
    try {
      return await schoolTimeline(DynamoDBDocumentClient.from(client), tableOf(cycle, 'AUDIT_TRAIL_TABLE'), urn);
    } finally {
      client.destroy();
    }
  }
  afterAll(async () => {
    await cycle?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('binds every Task state of the synthesized definition to a handler', async () => {
    const tasks = allStates(cycle.definition)
      .filter(([, s]) => s.Type === 'Task')
      .map(([name]) => name);
    expect(tasks).toContain('Ask the AAGs');
    const bindings = await cycle.bindings({ dataDir: FIXTURE, outDir: out });
    expect([...bindings.keys()].sort()).toEqual(tasks.sort());
    expect(bindings.get('Data intake')?.fn.entry).toBe('functions/handlers/intake.ts');
  });

  it('categorises the autumn term from the evidence and the baseline', () => {
    const summary = succeeded(autumn).summary;
    expect(summary).toMatchObject({
      term: '2026-autumn',
      methodology: 'default-2026',
      schools: 8,
      categories: { A: 4, B: 1, C: 1, D: 2 },
      changes: 3,
      overridden: 0,
      undecided: 4,
      emailsSent: 3,
      lettersHeld: 5,
      lettersAwaitingDecision: 5,
      emailsAlreadySent: 0,
      rejectedRows: 0,
      taskGroups: 3,
    });
    const rows = parseCsv(readFileSync(join(out, '2026-autumn', 'assessments.csv'), 'utf8')).records.map(
      (r) => r.values,
    );
    expect(Object.fromEntries(rows.map((r) => [r.URN, `${r['Previous category']}>${r.Category}`]))).toEqual({
      100001: 'A>A',
      100002: 'B>A',
      100003: 'C>C',
      100004: 'C>D',
      100005: 'A>B',
      100006: 'D>D',
      100007: 'A>A',
      100009: '>A',
    });
  });

  it('emails exactly the headteacher, chair and (for an academy) trust chair of each changed school its AAG decided', () => {
    expect(emailNames(autumn)).toEqual(ASHDOWN_AUTUMN_LETTERS);
    // Riverton's AAG did not decide: its schools' letters are held, composed as they would go.
    expect(readdirSync(join(out, '2026-autumn', 'held-letters')).sort()).toEqual(RIVERTON_AUTUMN_LETTERS);
    const delta = readFileSync(join(out, '2026-autumn', 'held-letters', '100004-headteacher.eml'), 'utf8');
    expect(delta).toContain('To: "Dee Delta" <head@delta.sch.example>');
    expect(delta).toMatch(/Subject: Delta High School: school improvement category changed from C to\s+D/);
  });

  it("records, counts and words a district's proposals as undecided when its AAG misses the deadline, and holds their letters", () => {
    const report = readFileSync(join(out, '2026-autumn', 'report.html'), 'utf8');
    expect(report).toContain(
      '<tr><th scope="row">Ashdown</th><td>decided</td><td class="num">4</td><td class="num">0</td><td class="num">0</td>',
    );
    expect(report).toContain(
      '<tr><th scope="row">Riverton</th><td><strong>no decisions by the deadline: the proposals stand, undecided</strong></td><td class="num">0</td><td class="num">0</td><td class="num">4</td>',
    );
    expect(report).toContain(
      '<strong>5 letters were not sent</strong>: they are about 2 changes of category that no AAG decided by its deadline',
    );
    const rows = parseCsv(readFileSync(join(out, '2026-autumn', 'assessments.csv'), 'utf8')).records.map(
      (r) => r.values,
    );
    expect(rows.find((r) => r.URN === '100004')).toMatchObject({
      'Proposed category': 'D',
      'AAG decision': 'none by the deadline',
      Category: 'D',
    });
    expect(rows.find((r) => r.URN === '100002')).toMatchObject({ 'AAG decision': 'agree' });
    const held = readFileSync(join(out, '2026-autumn', 'held-letters', '100005-headteacher.eml'), 'utf8');
    expect(held).not.toMatch(/agreed by the Area Analysis Group/);
  });

  it('carries the history into spring, keeps an AAG override with its rationale, and writes letters only for agreed changes', () => {
    const summary = succeeded(spring).summary;
    expect(summary).toMatchObject({
      term: '2027-spring',
      schools: 8,
      categories: { A: 4, B: 1, C: 2, D: 1 },
      changes: 2,
      overridden: 1,
      emailsSent: 3,
      missingContacts: 1,
    });
    expect(emailNames(spring)).toEqual(SPRING_LETTERS);
    const gamma = parseCsv(readFileSync(join(out, '2027-spring', 'assessments.csv'), 'utf8'))
      .records.map((r) => r.values)
      .find((r) => r.URN === '100003');
    expect(gamma).toMatchObject({
      'Previous category': 'C',
      'Proposed category': 'A',
      'AAG decision': 'override',
      Category: 'C',
      Changed: 'no',
    });
    expect(gamma?.['AAG rationale']).toContain('second term of strong task-group reports');
    expect(readFileSync(join(out, '2027-spring', 'report.html'), 'utf8')).toContain(
      'Proposals overridden by an AAG</th><td class="num">1</td>',
    );
  });

  it("sends each district's AAG its proposals, with the support the brokering proposes, as a CSV and a workbook", () => {
    const csv = readFileSync(join(out, '2027-spring', 'proposals', 'ashdown.csv'), 'utf8');
    const ashdown = parseCsv(csv).records.map((r) => [
      r.values.URN,
      r.values['Proposed category'],
      r.values['Proposed support school'],
      r.values['Visits this term'],
      r.values.Decision,
    ]);
    // Alpha, proposed C, would be supported from Beta in its own consortium; Gamma is proposed A, so brings no support.
    expect(ashdown).toEqual([
      ['100001', 'C', 'Beta Primary School (100002)', '1', 'agree'],
      ['100002', 'A', '', '', 'agree'],
      ['100003', 'A', '', '', 'agree'],
      ['100009', 'A', '', '', 'agree'],
    ]);
    const workbook = readXlsxRows(new Uint8Array(readFileSync(join(out, '2027-spring', 'proposals', 'ashdown.xlsx'))));
    expect(workbook.map((r) => r.cells)).toEqual(parseCsvRows(csv).map((r) => r.cells));
    // Every CSV a person opens starts with a byte-order mark, so that Excel reads its names as UTF-8.
    for (const file of [
      'proposals/ashdown.csv',
      'assessments.csv',
      'rejected.csv',
      'missing-contacts.csv',
      'measures.csv',
    ]) {
      expect([...readFileSync(join(out, '2027-spring', file)).subarray(0, 3)], file).toEqual([0xef, 0xbb, 0xbf]);
    }
  });

  it("sets the autumn's planned visits against the notes taken in with spring, and shows each school its notes", () => {
    const report = readFileSync(join(out, '2027-spring', 'report.html'), 'utf8');
    expect(report).toContain('<strong>1 school missed 1 of the visits planned for the autumn term 2026</strong>');
    // Delta (D in autumn): two visits planned, one noted, no response yet.
    expect(report).toMatch(
      /<a href="schools\/100004.html">Delta High School<\/a><\/td><td>Riverton<\/td><td>D<\/td><td class="num">2<\/td><td class="num">1<\/td><td class="num"><strong>1<\/strong><\/td>/,
    );
    const zeta = readFileSync(join(out, '2027-spring', 'schools', '100006.html'), 'utf8');
    expect(zeta).toContain("<caption>Visit notes, latest first, with the school's response</caption>");
    expect(zeta.indexOf('25 Nov 2026')).toBeLessThan(zeta.indexOf('30 Sep 2026'));
    expect(zeta).toContain('<td>The governors have set up a standards committee</td>');
    expect(report).toContain('<caption>Warning notices issued by the ECB: 0 in force, 1 withdrawn</caption>');
  });

  it("keeps last term's system leader for a school still in need, and says so on its page", () => {
    // Delta High (D both terms): no secondary school can support it, but Sam Secondary, its LLE since autumn, stays.
    const delta = readFileSync(join(out, '2027-spring', 'schools', '100004.html'), 'utf8');
    expect(delta).toContain(
      '<tr><th scope="row">System leader or Learning Improvement Officer (LIO) making the visits</th><td>Sam Secondary (LLE)</td></tr>',
    );
    expect(delta).toContain('<tr><th scope="row">Since last term</th><td>the system leader is kept</td></tr>');
  });

  it('brokers the support school the AAG chose in place of the proposal, says so in the report, and names it in the letter', () => {
    const page = readFileSync(join(out, '2027-spring', 'schools', '100001.html'), 'utf8');
    expect(page).toContain('Zeta Primary School (URN 100006, county)');
    expect(page).toContain(
      '<th scope="row">Chosen by the AAG</th><td>the support school: Zeta Primary School led the same reading recovery in 2025',
    );
    expect(readFileSync(join(out, '2027-spring', 'report.html'), 'utf8')).toContain(
      'Support the AAGs chose in place of the brokering&#39;s proposal (1)',
    );
    const eml = readFileSync(join(out, '2027-spring', 'emails', '100001-headteacher.eml'), 'utf8');
    const text = Buffer.from(
      /Content-Type: text\/plain[\s\S]*?\r?\n\r?\n([\s\S]*?)\r?\n--/.exec(eml)![1]!.replace(/=\r?\n/g, ''),
      'latin1',
    ).toString();
    expect(text).toContain('school-to-school support from Zeta Primary School, elsewhere in the county');
  });

  it('names the brokered support and the task group in a letter', () => {
    // Delta's letter is held (its AAG did not decide): the letter as composed, its text in base64.
    const eml = readFileSync(join(out, '2026-autumn', 'held-letters', '100004-headteacher.eml'), 'utf8');
    const text = Buffer.from(
      /Content-Type: text\/plain[\s\S]*?\r?\n\r?\n([\s\S]*?)\r?\n--/.exec(eml)![1]!.replace(/\r?\n/g, ''),
      'base64',
    ).toString('utf8');
    expect(text).toContain('visit the school once every half term (2 visits a term)');
    expect(text).toContain('A task group chaired by');
  });

  it('writes the summary, the report and the CSVs for each term', () => {
    for (const term of ['2026-autumn', '2027-spring']) {
      for (const file of [
        'summary.json',
        'report.html',
        'assessments.csv',
        'rejected.csv',
        'missing-contacts.csv',
        'function-logs.txt',
      ])
        expect(existsSync(join(out, term, file))).toBe(true);
      const summary = JSON.parse(readFileSync(join(out, term, 'summary.json'), 'utf8'));
      expect(Object.keys(summary)).toEqual(
        expect.arrayContaining([
          'term',
          'schools',
          'categories',
          'changes',
          'emailsSent',
          'rejectedRows',
          'brokered',
          'taskGroups',
          'durationMs',
        ]),
      );
    }
    expect(readFileSync(join(out, '2027-spring', 'report.html'), 'utf8')).toContain('Alpha Primary School');
    expect(readFileSync(join(out, '2027-spring', 'missing-contacts.csv'), 'utf8')).toContain(
      '100006,Zeta Primary School,Riverton,chair of governors',
    );
  });

  it('logs one JSON line per entry, each with its stage, term and execution, and never an address', () => {
    const lines = readFileSync(join(out, '2026-autumn', 'function-logs.txt'), 'utf8')
      .trim()
      .split('\n');
    const stages = new Set<string>();
    for (const line of lines) {
      const entry = JSON.parse(line.replace(/^\S+ \[[^\]]+\] [A-Z]+ /, '')) as Record<string, unknown>;
      expect(entry).toMatchObject({
        service: 'school-improvement-cycle',
        term: '2026-autumn',
        executionId: expect.stringMatching(/^local:2026-autumn:/),
      });
      stages.add(String(entry.stage));
    }
    expect([...stages]).toEqual(
      expect.arrayContaining([
        'intake',
        'risk assessment',
        'AAG moderation',
        'apply AAG decisions',
        'brokering',
        'task groups',
        'notify',
        'reporting',
      ]),
    );
    expect(lines.join('\n')).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  });

  it('archives every input file byte for byte with its SHA-256', () => {
    const archive = join(work, 'store', 'archive', '2026-autumn');
    const [run] = readdirSync(archive);
    const manifest = JSON.parse(readFileSync(join(archive, run!, 'manifest.json'), 'utf8')) as {
      files: { file: string; sha256: string }[];
    };
    // A spreadsheet's lock file left in the folder is not read, but it is archived and listed, like every file.
    expect(manifest.files.map((f) => f.file)).toContain('.~lock.contacts.csv#');
    expect(manifest.files.map((f) => f.file).sort()).toEqual(readdirSync(join(FIXTURE, '2026-autumn')).sort());
    expect(readFileSync(join(out, '2026-autumn', 'intake-report.txt'), 'utf8')).toContain(
      "  Not read by intake (archived with the rest):\n    .~lock.contacts.csv#: not a CSV file or an Excel workbook\n    aag-decisions.csv: not intake's: the AAGs' decisions, given to the cycle when it asks the AAGs\n",
    );
    for (const { file, sha256 } of manifest.files) {
      const original = readFileSync(join(FIXTURE, '2026-autumn', file));
      expect(createHash('sha256').update(original).digest('hex')).toBe(sha256);
      expect(readFileSync(join(archive, run!, file)).equals(original)).toBe(true);
    }
  });

  it("keeps each school's record: who proposed, decided, brokered and wrote what, and when, as npm run history prints it", async () => {
    const gamma = await timelineOf('100003');
    expect(gamma.map((e) => [e.term, e.kind])).toEqual([
      ['2026-autumn', 'proposal'],
      ['2026-autumn', 'AAG decision'],
      ['2026-autumn', 'brokering'],
      ['2027-spring', 'proposal'],
      ['2027-spring', 'AAG decision'],
      ['2027-spring', 'brokering'],
    ]);
    expect(gamma[4]).toMatchObject({
      what: 'overrode the proposed category A with C',
      by: 'Ashdown AAG (put in by local run: aag-decisions.csv)',
    });
    expect(gamma[4]?.evidence).toContain('second term of strong task-group reports');
    const alpha = (await timelineOf('100001')).filter((e) => e.term === '2027-spring');
    expect(alpha.map((e) => e.kind)).toEqual([
      'proposal',
      'AAG decision',
      'AAG choice of support',
      'brokering',
      'letter',
      'letter',
    ]);
    expect(
      alpha
        .filter((e) => e.kind === 'letter')
        .map((e) => e.what)
        .sort(),
    ).toEqual([
      'sent the letter to the chair of governors on the change from A to C, dated 5 Jan 2027',
      'sent the letter to the headteacher on the change from A to C, dated 5 Jan 2027',
    ]);
    expect(JSON.stringify(await timelineOf('100001'))).not.toMatch(/@/);
    expect(historyLines(alpha)[0]).toBe('Spring term 2027');
    expect(readFileSync(join(out, '2027-spring', 'schools', '100001.html'), 'utf8')).toContain(
      'AAG choice of support: chose support school URN 100006',
    );
  });

  it('sends nothing on a rerun of the same term, and records no letter twice', async () => {
    const lettersBefore = (await timelineOf('100001')).filter((e) => e.kind === 'letter').length;
    const again = succeeded(await cycle.runTerm('2027-spring', { dataDir: FIXTURE, outDir: join(work, 'rerun') }));
    expect(again.summary).toMatchObject({ changes: 2, emailsSent: 0, emailsAlreadySent: 3 });
    expect(again.emails).toEqual([]);
    const after = await timelineOf('100001');
    expect(after.filter((e) => e.kind === 'letter')).toHaveLength(lettersBefore);
    // The rerun is on the record as a run of its own: its proposal is there beside the first run's.
    expect(after.filter((e) => e.term === '2027-spring' && e.kind === 'proposal')).toHaveLength(2);
    // Its trends read the autumn's figures as the autumn's report kept them, and come out the same.
    expect(termFiguresLog(join(work, 'rerun'), '2027-spring')).toMatchObject({
      earlierTerms: 1,
      earlierTermsCountedAgain: 0,
    });
    expect(readFileSync(join(work, 'rerun', '2027-spring', 'measures.csv'), 'utf8')).toBe(
      readFileSync(join(out, '2027-spring', 'measures.csv'), 'utf8'),
    );
  });

  it('counts an earlier term again, from its data, when the figures its report kept are gone, and keeps them again', async () => {
    const table = tableOf(cycle, 'TERM_FIGURES_TABLE');
    const autumnFigures = (await scan(cycle, table)).filter((f) => f.term === '2026-autumn');
    // The authority and each of the mini authority's two areas.
    expect(autumnFigures.map((f) => f.scope).sort()).toEqual(['Ashdown', 'Riverton', 'the authority']);
    const client = new DynamoDBClient(cycle.dynamoDbClientConfig);
    try {
      for (const f of autumnFigures)
        await client.send(
          new DeleteItemCommand({
            TableName: table,
            Key: { term: { S: '2026-autumn' }, scope: { S: String(f.scope) } },
          }),
        );
    } finally {
      client.destroy();
    }
    succeeded(await cycle.runTerm('2027-spring', { dataDir: FIXTURE, outDir: join(work, 'recounted') }));
    expect(termFiguresLog(join(work, 'recounted'), '2027-spring')).toMatchObject({
      earlierTerms: 1,
      earlierTermsCountedAgain: 1,
    });
    expect(readFileSync(join(work, 'recounted', '2027-spring', 'measures.csv'), 'utf8')).toBe(
      readFileSync(join(out, '2027-spring', 'measures.csv'), 'utf8'),
    );
    expect(
      (await scan(cycle, table))
        .filter((f) => f.term === '2026-autumn')
        .map((f) => f.scope)
        .sort(),
    ).toEqual(['Ashdown', 'Riverton', 'the authority']);
  });

  it('sends nothing when an earlier term is rerun after a later one, and its trends stop at itself', async () => {
    const again = succeeded(await cycle.runTerm('2026-autumn', { dataDir: FIXTURE, outDir: join(work, 'rerun') }));
    expect(again.summary).toMatchObject({
      changes: 3,
      emailsSent: 0,
      emailsAlreadySent: 3,
      lettersAwaitingDecision: 5,
    });
    expect(again.emails).toEqual([]);
    // The spring, run since, is a later term: not in the autumn's trends.
    expect(termFiguresLog(join(work, 'rerun'), '2026-autumn')).toMatchObject({ earlierTerms: 0 });
    expect(readFileSync(join(work, 'rerun', '2026-autumn', 'measures.csv'), 'utf8')).toBe(
      readFileSync(join(out, '2026-autumn', 'measures.csv'), 'utf8'),
    );
  });
});

describe('a dry run, and AAGs that all miss the deadline', () => {
  let cycle: LocalCycle;
  let work: string;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sic-dry-'));
    cycle = await LocalCycle.start({
      dynamoDb: sharedDynamoDb(),
      dynamoDbPort: await freePort(),
      sesPort: await freePort(),
    });
  });
  afterAll(async () => {
    await cycle?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('writes the letters it would send, and sends none', async () => {
    const result = succeeded(
      await cycle.runTerm('2026-autumn', {
        dataDir: FIXTURE,
        outDir: join(work, 'dry'),
        dryRun: true,
        decisions: 'agree',
      }),
    );
    expect(result.summary).toMatchObject({ changes: 3, emailsSent: 0 });
    expect(result.emails).toEqual([]);
    expect(readdirSync(join(work, 'dry', '2026-autumn', 'letters')).sort()).toEqual(AUTUMN_LETTERS);
  });

  it('sends the letters for real afterwards, since a dry run claims none', async () => {
    const result = succeeded(
      await cycle.runTerm('2026-autumn', { dataDir: FIXTURE, outDir: join(work, 'real'), decisions: 'agree' }),
    );
    expect(emailNames(result)).toEqual(AUTUMN_LETTERS);
  });

  it('lets every proposal stand, undecided, when no AAG decides, holding their letters until the ECB confirms them', async () => {
    const result = succeeded(
      await cycle.runTerm('2027-spring', { dataDir: FIXTURE, outDir: join(work, 'deadline'), decisions: 'deadline' }),
    );
    // Gamma's proposed move to A stands without the override: a change, but no one agreed it, so no letter goes yet.
    const undecidedLetters = [
      '100001-chair-of-governors.eml',
      '100001-headteacher.eml',
      '100003-chair-of-governors.eml',
      '100003-headteacher.eml',
      '100006-headteacher.eml',
    ];
    expect(result.summary).toMatchObject({
      changes: 3,
      overridden: 0,
      undecided: 8,
      emailsSent: 0,
      lettersAwaitingDecision: 5,
    });
    expect(readdirSync(join(work, 'deadline', '2027-spring', 'held-letters')).sort()).toEqual(undecidedLetters);
    // The ECB confirms the term's changes: the term run again, the proposals stand as confirmed, and their letters go.
    const confirmed = succeeded(
      await cycle.runTerm('2027-spring', {
        dataDir: FIXTURE,
        outDir: join(work, 'confirmed'),
        decisions: 'deadline',
        confirmChanges: true,
      }),
    );
    expect(confirmed.summary).toMatchObject({ emailsSent: 5, lettersAwaitingDecision: 0 });
    expect(emailNames(confirmed)).toEqual(undecidedLetters);
    const text = readFileSync(join(work, 'confirmed', '2027-spring', 'emails', '100003-headteacher.eml'), 'utf8');
    expect(text).toContain('confirmed by the Education Challenge Board');
    expect(
      parseCsv(readFileSync(join(work, 'confirmed', '2027-spring', 'assessments.csv'), 'utf8')).records.find(
        (r) => r.values.URN === '100003',
      )?.values['AAG decision'],
    ).toBe("none by the deadline; confirmed by the Education Challenge Board (it confirmed the term's changes)");
  });

  it('corrects, once the ECB confirms, a category its letters announced that a rerun has changed, and lists it', async () => {
    // Beta's head, chair and trust chair were told B to A; a rerun in which the Ashdown AAG keeps Beta in B makes that
    // wrong.
    const keepBetaInB = new Map([
      [
        'Ashdown',
        {
          decisions: [
            {
              urn: '100002',
              decision: 'override' as const,
              category: 'B',
              rationale: 'The new headteacher starts in January',
              decidedBy: 'Ashdown AAG',
            },
          ],
          submittedBy: 'test',
        },
      ],
    ]);
    const held = succeeded(
      await cycle.runTerm('2026-autumn', {
        dataDir: FIXTURE,
        outDir: join(work, 'corrected-held'),
        decisions: keepBetaInB,
      }),
    );
    expect(held.summary).toMatchObject({ emailsSent: 0, correctionsHeld: 3 });
    expect(
      readdirSync(join(work, 'corrected-held', '2026-autumn', 'held-letters'))
        .filter((f) => f.includes('correction'))
        .sort(),
    ).toEqual([
      '100002-correction-chair-of-governors.eml',
      '100002-correction-headteacher.eml',
      '100002-correction-trust-board-chair.eml',
    ]);
    const report = readFileSync(join(work, 'corrected-held', '2026-autumn', 'report.html'), 'utf8');
    expect(report).toMatch(
      /Corrections to letters already sent this term \(1\)[\s\S]*100002<\/td><td>changed from B to A<\/td><td>[^<]+<\/td><td>B<\/td><td><strong>held until the ECB confirms<\/strong>/,
    );
    expect(readFileSync(join(work, 'corrected-held', '2026-autumn', 'schools', '100002.html'), 'utf8')).toContain(
      "Correction to this term's letters",
    );
    // The ECB confirms: the corrections go, once, and the report says they went.
    const confirmed = succeeded(
      await cycle.runTerm('2026-autumn', {
        dataDir: FIXTURE,
        outDir: join(work, 'corrected'),
        decisions: keepBetaInB,
        confirmChanges: true,
      }),
    );
    expect(emailNames(confirmed)).toEqual([
      '100002-correction-chair-of-governors.eml',
      '100002-correction-headteacher.eml',
      '100002-correction-trust-board-chair.eml',
    ]);
    expect(
      readFileSync(join(work, 'corrected', '2026-autumn', 'emails', '100002-correction-headteacher.eml'), 'utf8'),
    ).toMatch(/Subject: =\?UTF-8\?|Subject: Beta Primary School: a correction/);
    expect(readFileSync(join(work, 'corrected', '2026-autumn', 'report.html'), 'utf8')).toMatch(
      /<td>B<\/td><td>sent \d+ [A-Z][a-z]+ \d{4}<\/td>/,
    );
    const again = succeeded(
      await cycle.runTerm('2026-autumn', {
        dataDir: FIXTURE,
        outDir: join(work, 'corrected-again'),
        decisions: keepBetaInB,
        confirmChanges: true,
      }),
    );
    expect(again.summary).toMatchObject({ emailsSent: 0, correctionsHeld: 0 });
  });
});
