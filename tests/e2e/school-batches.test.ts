/**
 * The per-school stages over batches of schools, through the synthesized state machine: data intake plans ranges of
 * URNs (cdk.json schoolsPerBatch), the "Risk assessment" Map runs one invocation per batch, and the term's proposals
 * are the same as in one batch; likewise the AAGs' decisions, applied a batch at a time (a retried batch counted
 * once), and each school's page, written once the letters are sent. Each batch replaces its range of the term's
 * assessments, and the ranges leave no gap,
 * so a rerun removes what an earlier run left for a school no longer in the register, wherever its URN falls. The
 * term's intake
 * is stored the same way, a batch a Map iteration, from the working files data intake leaves.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteItemCommand, DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AUDIT_SHARDS, termShardOf } from '../../functions/adapters/audit-trail';
import { TABLE_INDEXES } from '../../functions/adapters/config';
import { AUDIT_TRAIL_KEYED, EVIDENCE_BY_KIND, WORKING_COPY_SECONDS } from '../../functions/adapters/cycle-store';
import { TransientStageError } from '../../functions/adapters/errors';
import { termSortKey } from '../../functions/core/term';
import { STATE_BYTES_BESIDES_BATCHES } from '../../lib/execution-limits';
import { STAGES } from '../../lib/stages';
import { LocalCycle, type ProgressEvent, REPOSITORY_ROOT, type TermRunResult } from '../../local/local-cycle';
import { freePort } from '../../local/services';
import { cdkJsonContext } from '../../local/template';
import { scan, tableOf } from './local-store';
import { sharedDynamoDb } from './shared-dynamodb';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const FIXTURE = join(REPOSITORY_ROOT, 'tests', 'fixtures', 'mini-authority');
const CONTEXT = cdkJsonContext(REPOSITORY_ROOT)['school-improvement-cycle'] as Record<string, unknown>;
const BATCH_LOG = 'categories proposed for a batch of schools';
const STORED_LOG = "a batch of the term's intake stored";
const PAGES_LOG = 'school pages written for a batch of schools';
const AGREED_LOG = 'AAG decisions applied to a batch of schools';
const LINES_LOG = "a batch's lines and sums for the reports gathered";
const AREAS_LOG = 'AAG area reports written for a batch of areas';

/** Both AAGs decide, each overriding a school of its own, in different batches of three. */
const DECISIONS = new Map([
  [
    'Ashdown',
    {
      submittedBy: 'arn:aws:sts::111122223333:assumed-role/AshdownAag/clerk',
      decisions: [
        { urn: '100001', decision: 'agree' as const, decidedBy: 'Ashdown AAG' },
        {
          urn: '100003',
          decision: 'override' as const,
          category: 'B',
          rationale: 'Interim head in post',
          decidedBy: 'Ashdown AAG',
        },
      ],
    },
  ],
  [
    'Riverton',
    {
      submittedBy: 'arn:aws:sts::111122223333:assumed-role/RivertonAag/clerk',
      decisions: [
        {
          urn: '100005',
          decision: 'override' as const,
          category: 'C',
          rationale: 'Concerns raised at the AAG',
          decidedBy: 'Riverton AAG',
        },
      ],
    },
  ],
]);

const succeeded = (result: TermRunResult) => {
  if (result.status !== 'succeeded') throw new Error(`the run failed: ${result.error}: ${result.cause}`);
  return result;
};

/** The largest state the run had (what a state passes on), and the part of it that is the batches' ranges. */
let largestState = { bytes: 0, batchBytes: 0 };
const measureState = (event: ProgressEvent) => {
  if (event.type !== 'state-exited' || !event.output) return;
  const bytes = Buffer.byteLength(JSON.stringify(event.output));
  const intake = (event.output as { intake?: { batches?: unknown; areaBatches?: unknown } }).intake;
  const ranges = [intake?.batches, intake?.areaBatches].filter((r) => r !== undefined);
  if (bytes > largestState.bytes)
    largestState = { bytes, batchBytes: ranges.reduce((n: number, r) => n + Buffer.byteLength(JSON.stringify(r)), 0) };
};

describe("risk assessment, the AAGs' decisions and school pages over batches of schools", () => {
  let work: string;
  let whole: LocalCycle;
  let batched: LocalCycle;
  const events: ProgressEvent[] = [];
  let workingFilesSeen: string[] | undefined;
  let batchedResult: TermRunResult;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sic-school-batches-'));
    whole = await LocalCycle.start({
      dynamoDb: sharedDynamoDb(),
      dynamoDbPort: await freePort(),
      sesPort: await freePort(),
    });
    succeeded(
      await whole.runTerm('2026-autumn', { dataDir: FIXTURE, outDir: join(work, 'whole'), decisions: DECISIONS }),
    );
    await whole.stop();
    // Three schools a batch: the mini authority's eight schools in three batches.
    // The second batch's decisions are applied, then its answer is lost: Step Functions runs it again.
    let lost = false;
    batched = await LocalCycle.start({
      dynamoDb: sharedDynamoDb(),
      dynamoDbPort: await freePort(),
      sesPort: await freePort(),
      retryIntervalMs: 0,
      context: { 'school-improvement-cycle': { ...CONTEXT, schoolsPerBatch: 3 } },
      inject: (state, _fn, invoke) =>
        state === STAGES.storeIntake.stateName
          ? async (input) => {
              // The working files, as the store's first batch finds them (the run removes them as it ends).
              workingFilesSeen ??= readdirSync(join(work, 'batched', '.batches', '2026-autumn'), {
                recursive: true,
                encoding: 'utf8',
              }).sort();
              return invoke(input);
            }
          : state === STAGES.applyDecisions.stateName
            ? async (input) => {
                const output = await invoke(input);
                if (
                  !lost &&
                  (input as { batch: { from?: string; to?: string } }).batch.from &&
                  (input as { batch: { to?: string } }).batch.to
                ) {
                  lost = true;
                  throw new TransientStageError('the answer was lost on its way back');
                }
                return output;
              }
            : invoke,
    });
    batchedResult = succeeded(
      await batched.runTerm('2026-autumn', {
        dataDir: FIXTURE,
        outDir: join(work, 'batched'),
        decisions: DECISIONS,
        onEvent: (e) => {
          measureState(e);
          events.push(e);
        },
      }),
    );
  });
  afterAll(async () => {
    await whole?.stop();
    await batched?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const read = (run: string, file: string) => readFileSync(join(work, run, '2026-autumn', file), 'utf8');

  it("stores the term's intake in three invocations, each its batch's schools and evidence, from the working files data intake left", () => {
    const logs = (run: string) =>
      read(run, 'function-logs.txt')
        .split('\n')
        .filter((line) => line.includes(STORED_LOG));
    const counts = (run: string, field: string) =>
      logs(run).map((line) => Number(new RegExp(`"${field}":(\\d+)`).exec(line)?.[1]));
    expect(logs('whole')).toHaveLength(1);
    expect(counts('batched', 'schools')).toEqual([3, 3, 2]);
    // Every piece of evidence stored once, in one batch or another: as many as in one batch.
    expect(counts('batched', 'evidence').reduce((a, b) => a + b, 0)).toBe(counts('whole', 'evidence')[0]);
    expect(counts('batched', 'evidence').every((n) => n > 0)).toBe(true);
    // One run's working files, a file a batch; gone once the run ended (on AWS the bucket expires them a week on).
    const run = workingFilesSeen?.[0];
    expect(workingFilesSeen).toEqual([
      run,
      `${run}/intake`,
      ...['first.json', 'from-100004.json', 'from-100007.json'].map((name) => `${run}/intake/${name}`),
    ]);
    expect(batchedResult.workingFiles).toBe(3);
    expect(readdirSync(join(work, 'batched', '.batches', '2026-autumn'))).toEqual([]);
  });

  it("puts each school's baseline category as last term's, from every batch, where the history has none", async () => {
    const baseline = (await scan(batched, tableOf(batched, 'CATEGORY_HISTORY_TABLE'))).filter(
      (item) => item.term === '2026-summer',
    );
    expect(
      baseline
        .map((item) => `${String(item.urn)} ${String(item.category)} ${String(item.source)} ${String(item.termKey)}`)
        .sort(),
    ).toEqual(
      ['100001 A', '100002 B', '100003 C', '100004 C', '100005 A', '100006 D', '100007 A'].map(
        (entry) => `${entry} baseline ${termSortKey('2026-summer')}`,
      ),
    );
    const counts = read('batched', 'function-logs.txt')
      .split('\n')
      .filter((line) => line.includes(STORED_LOG))
      .map((line) => Number(/"baselineRecorded":(\d+)/.exec(line)?.[1]));
    expect(counts).toEqual([3, 3, 1]);
  });

  it('assesses the schools in three invocations, and proposes and agrees what one batch does', () => {
    const logs = (run: string) =>
      read(run, 'function-logs.txt')
        .split('\n')
        .filter((line) => line.includes(BATCH_LOG));
    expect(logs('whole')).toHaveLength(1);
    expect(logs('batched')).toHaveLength(3);
    expect(logs('batched').map((line) => Number(/"schools":(\d+)/.exec(line)?.[1]))).toEqual([3, 3, 2]);
    expect(read('batched', 'assessments.csv')).toBe(read('whole', 'assessments.csv'));
    const summary = (run: string) => JSON.parse(read(run, 'summary.json')) as Record<string, unknown>;
    expect(summary('batched').categories).toEqual({ A: 4, B: 1, C: 1, D: 2 });
    for (const key of ['categories', 'changes', 'brokered', 'taskGroups', 'emailsSent'])
      expect([key, summary('batched')[key]]).toEqual([key, summary('whole')[key]]);
  });

  it("applies the AAGs' decisions in three invocations, and counts a batch run twice once", () => {
    const logs = read('batched', 'function-logs.txt')
      .split('\n')
      .filter((line) => line.includes(AGREED_LOG));
    // Four invocations: the second batch's twice, its second finding its counts already on the round.
    const invocations = logs
      .map(
        (line) =>
          `${/"schools":(\d+)/.exec(line)?.[1]} schools, counted before: ${/"countedBefore":(true|false)/.exec(line)?.[1]}`,
      )
      .sort();
    expect(invocations).toEqual([
      '2 schools, counted before: false',
      '3 schools, counted before: false',
      '3 schools, counted before: false',
      '3 schools, counted before: true',
    ]);
    expect(logs).toHaveLength(4);
    expect(events).toContainEqual({ type: 'state-retried', state: STAGES.applyDecisions.stateName, attempt: 1 });
    const counted = events.find((e) => e.type === 'state-exited' && e.state === STAGES.countAgreed.stateName) as {
      output: { agreed: { schools: number; overridden: number; categories: Record<string, number> } };
    };
    expect(counted.output.agreed).toMatchObject({ schools: 8, overridden: 2 });
    const overrides = read('batched', 'assessments.csv')
      .split('\r\n')
      .filter((line) => line.includes(',override,'));
    expect(overrides.map((line) => line.split(',')[1]).sort()).toEqual(['100003', '100005']);
  });

  it("writes each school's page in three invocations, the same pages as in one", () => {
    const pages = (run: string) => readdirSync(join(work, run, '2026-autumn', 'schools')).sort();
    const logs = read('batched', 'function-logs.txt')
      .split('\n')
      .filter((line) => line.includes(PAGES_LOG));
    expect(logs.map((line) => Number(/"schoolPages":(\d+)/.exec(line)?.[1]))).toEqual([3, 3, 2]);
    expect(pages('batched')).toHaveLength(8);
    expect(pages('batched')).toEqual(pages('whole'));
    // The same page, but for the ids the local SES gave the letters its audit trail shows.
    const withoutSesIds = (run: string, page: string) => read(run, `schools/${page}`).replace(/ses-\d+/g, 'ses-<id>');
    for (const page of pages('whole'))
      expect([page, withoutSesIds('batched', page)]).toEqual([page, withoutSesIds('whole', page)]);
  });

  it("writes each AAG area's report in a batch of areas, from the lines its schools' batches gathered: the same reports as in one", () => {
    const numbers = (log: string, field: string) =>
      read('batched', 'function-logs.txt')
        .split('\n')
        .filter((line) => line.includes(log))
        .map((line) => Number(new RegExp(`"${field}":(\\d+)`).exec(line)?.[1]))
        .sort((a, b) => a - b);
    // Ashdown's five schools are in the first and third batches of schools; Riverton's four, the second and third.
    expect(numbers(LINES_LOG, 'schools')).toEqual([2, 3, 3]);
    // Ashdown and Riverton have four schools in the cycle each, more than a batch: a batch of areas each.
    expect(numbers(AREAS_LOG, 'areaReports')).toEqual([1, 1]);
    expect(numbers(AREAS_LOG, 'schools')).toEqual([4, 4]);
    const reports = (run: string) => readdirSync(join(work, run, '2026-autumn', 'aag')).sort();
    expect(reports('batched')).toEqual(['ashdown.html', 'riverton.html']);
    expect(reports('batched')).toEqual(reports('whole'));
    for (const report of reports('whole'))
      expect([report, read('batched', `aag/${report}`)]).toEqual([report, read('whole', `aag/${report}`)]);
  });

  it("adds up the term's figures from the sums its three batches of schools counted: the same measures, charts and reports as one batch's", () => {
    const counted = events.find((e) => e.type === 'state-exited' && e.state === STAGES.termFigures.stateName) as {
      output: { termFigures: { areas: number; batches: number } };
    };
    expect(counted.output.termFigures).toMatchObject({ areas: 2, batches: 3 });
    // Not trivially: the mini authority's measures have values, for the authority and each area.
    const measures = read('batched', 'measures.csv');
    expect(measures.split('\r\n').filter((line) => /^(Ashdown|Riverton),/.test(line)).length).toBeGreaterThan(0);
    expect(measures).toBe(read('whole', 'measures.csv'));
    const withoutSesIds = (run: string) => read(run, 'report.html').replace(/ses-\d+/g, 'ses-<id>');
    expect(withoutSesIds('batched')).toBe(withoutSesIds('whole'));
  });

  it('puts every piece of evidence but the performance and measure figures in the index by term and kind, where the whole-term stages find it', async () => {
    const evidence = (await scan(batched, tableOf(batched, 'EVIDENCE_TABLE'))).filter((i) => i.term === '2026-autumn');
    const kinds = (items: Record<string, unknown>[]) => [...new Set(items.map((i) => String(i.kind)))].sort();
    const indexed = evidence.filter((i) => i.kindKey !== undefined);
    // Not trivially: the mini authority's autumn has inspections and intelligence (and no performance figures:
    // tests/adapters shows them left out).
    expect(kinds(indexed)).toEqual(expect.arrayContaining(['inspection', 'intelligence']));
    expect(
      evidence.filter((i) => (i.kindKey === undefined) !== (i.kind === 'performance' || i.kind === 'measure-figure')),
    ).toEqual([]);
    for (const item of indexed) expect(item.kindKey).toBe(`2026-autumn#${String(item.kind)}`);
    const client = new DynamoDBClient(batched.dynamoDbClientConfig);
    try {
      const page = await client.send(
        new QueryCommand({
          TableName: tableOf(batched, 'EVIDENCE_TABLE'),
          IndexName: EVIDENCE_BY_KIND,
          KeyConditionExpression: 'kindKey = :k',
          ExpressionAttributeValues: { ':k': { S: '2026-autumn#inspection' } },
        }),
      );
      expect((page.Items ?? []).map((i) => i.evidenceId!.S).sort()).toEqual(
        evidence
          .filter((i) => i.kind === 'inspection')
          .map((i) => String(i.evidenceId))
          .sort(),
      );
    } finally {
      client.destroy();
    }
  });

  it('keys every audit entry about a school for the index by term and shard, where the school pages find them all', async () => {
    const entries = (await scan(batched, tableOf(batched, 'AUDIT_TRAIL_TABLE'))) as {
      subject: string;
      entryId: string;
      term: string;
      termShard?: string;
    }[];
    const aboutSchools = entries.filter((e) => !e.subject.startsWith('term:'));
    // Not trivially: every school has its proposal and its decision, and the term its methodology (with no key).
    expect(aboutSchools.length).toBeGreaterThanOrEqual(16);
    expect(entries.length).toBeGreaterThan(aboutSchools.length);
    for (const e of entries)
      expect([e.subject, e.entryId, e.termShard]).toEqual([e.subject, e.entryId, termShardOf(e)]);
    const client = new DynamoDBClient(batched.dynamoDbClientConfig);
    const found: string[] = [];
    try {
      for (let shard = 0; shard < AUDIT_SHARDS; shard += 1) {
        const page = await client.send(
          new QueryCommand({
            TableName: tableOf(batched, 'AUDIT_TRAIL_TABLE'),
            IndexName: TABLE_INDEXES.auditTrailByTermShard,
            KeyConditionExpression: 'termShard = :k',
            ExpressionAttributeValues: { ':k': { S: `2026-autumn#${String(shard).padStart(2, '0')}` } },
          }),
        );
        found.push(...(page.Items ?? []).map((i) => `${i.subject!.S}/${i.entryId!.S}`));
      }
    } finally {
      client.destroy();
    }
    expect(found.sort()).toEqual(aboutSchools.map((e) => `${e.subject}/${e.entryId}`).sort());
    // The term was marked keyed when data intake first ran it, so the pages read the index: a page shows its school's
    // trail.
    const runs = (await scan(batched, tableOf(batched, 'CYCLE_RUNS_TABLE'))) as { term: string; startedAt: string }[];
    expect(runs.filter((r) => r.startedAt === AUDIT_TRAIL_KEYED).map((r) => r.term)).toEqual(['2026-autumn']);
    expect(read('batched', 'schools/100003.html')).toContain('proposed category');
  });

  it("stamps its area lines and batches' sums to expire a week after they are written, as working copies", async () => {
    const weekOn = Date.now() / 1000 + WORKING_COPY_SECONDS;
    for (const table of ['AREA_LINES_TABLE', 'BATCH_SUMS_TABLE']) {
      const items = (await scan(batched, tableOf(batched, table))).filter((i) => i.term === '2026-autumn');
      expect([table, items.length > 0]).toEqual([table, true]);
      // Written within the last ten minutes (this run), so expiring within ten minutes before a week from now.
      for (const item of items)
        expect([table, Number(item.expiresAt) > weekOn - 600 && Number(item.expiresAt) <= weekOn]).toEqual([
          table,
          true,
        ]);
    }
  });

  it("keeps the state to counts and keys: besides the batches' ranges, under the allowance the limits test counts", () => {
    expect(largestState.batchBytes).toBeGreaterThan(0);
    expect(largestState.bytes - largestState.batchBytes).toBeLessThanOrEqual(STATE_BYTES_BESIDES_BATCHES);
  });

  it('removes, on a rerun, the schools, evidence and proposals an earlier run left for schools no longer in the register, in every batch and between them', async () => {
    const table = tableOf(batched, 'ASSESSMENTS_TABLE');
    // What an earlier run left, put straight into the tables (one client for all of it).
    const client = new DynamoDBClient(batched.dynamoDbClientConfig);
    const put = (variable: string, item: Record<string, unknown>) =>
      client.send(new PutItemCommand({ TableName: tableOf(batched, variable), Item: marshall(item) }));
    // Before the first batch, inside the second (a seven-digit URN sorts among the six-digit ones), after the last.
    const strays = ['099999', '1000045', '999999'];
    const storedNow = async (variable: string) =>
      (await scan(batched, tableOf(batched, variable)))
        .filter((item) => item.term === '2026-autumn')
        .map((item) => String(item.urn));
    const schoolsBefore = (await storedNow('SCHOOLS_TABLE')).sort();
    const urnsNow = async () =>
      (await scan(batched, table)).filter((a) => a.term === '2026-autumn').map((a) => String(a.urn));
    try {
      // A proposal, a school and its evidence at each stray URN (as if the register has since lost them).
      for (const urn of strays) {
        await put('ASSESSMENTS_TABLE', { term: '2026-autumn', urn, category: 'D', proposedCategory: 'D' });
        await put('SCHOOLS_TABLE', {
          term: '2026-autumn',
          urn,
          name: 'A school since closed',
          district: 'Ashdown',
          contacts: [],
        });
        await put('EVIDENCE_TABLE', {
          term: '2026-autumn',
          evidenceId: `${urn}#inspection#00099`,
          urn,
          kind: 'inspection',
          inspection: { urn },
        });
      }
      // Last term's category for 100002 as if a run of that term had agreed it since (the same category: the reports
      // below are compared), and 100005's baseline gone.
      await put('CATEGORY_HISTORY_TABLE', {
        urn: '100002',
        termKey: termSortKey('2026-summer'),
        term: '2026-summer',
        category: 'B',
        source: 'agreed',
      });
      await client.send(
        new DeleteItemCommand({
          TableName: tableOf(batched, 'CATEGORY_HISTORY_TABLE'),
          Key: marshall({ urn: '100005', termKey: termSortKey('2026-summer') }),
        }),
      );
      // A line an earlier run left in Ashdown for a Riverton school (as if the register had since moved it): not
      // Ashdown's now.
      // And a batch's sums an earlier run left (a batch it planned from 099000): not counted in the rerun's figures.
      await put('AREA_LINES_TABLE', {
        term: '2026-autumn',
        line: 'Ashdown\u001f100004',
        run: '2026-09-01T00:00:00.000Z',
        area: 'Ashdown',
        urn: '100004',
        school: { urn: '100004', name: 'A school moved to Riverton', district: 'Ashdown' },
      });
      const stale = { categories: { D: 40 }, goodOrBetter: { good: 0, inspected: 40 }, measures: {} };
      for (const scope of ['the authority', 'Ashdown'])
        await put('BATCH_SUMS_TABLE', {
          term: '2026-autumn',
          part: `${scope}\u001f099000`,
          run: '2026-09-01T00:00:00.000Z',
          scope,
          ...stale,
        });
    } finally {
      client.destroy();
    }
    expect(await urnsNow()).toEqual(expect.arrayContaining(strays));
    expect(await storedNow('SCHOOLS_TABLE')).toEqual(expect.arrayContaining(strays));
    expect(await storedNow('EVIDENCE_TABLE')).toEqual(expect.arrayContaining(strays));
    succeeded(
      await batched.runTerm('2026-autumn', { dataDir: FIXTURE, outDir: join(work, 'rerun'), decisions: DECISIONS }),
    );
    const left = await urnsNow();
    expect(left.filter((urn) => strays.includes(urn))).toEqual([]);
    expect(left).toHaveLength(8);
    expect((await storedNow('SCHOOLS_TABLE')).sort()).toEqual(schoolsBefore);
    const lastTerm = (await scan(batched, tableOf(batched, 'CATEGORY_HISTORY_TABLE'))).filter(
      (item) => item.term === '2026-summer',
    );
    expect(lastTerm.find((item) => item.urn === '100002')).toMatchObject({ category: 'B', source: 'agreed' });
    expect(lastTerm.find((item) => item.urn === '100005')).toMatchObject({ category: 'A', source: 'baseline' });
    expect(lastTerm).toHaveLength(7);
    expect((await storedNow('EVIDENCE_TABLE')).filter((urn) => strays.includes(urn))).toEqual([]);
    const ashdown = readFileSync(join(work, 'rerun', '2026-autumn', 'aag', 'ashdown.html'), 'utf8');
    expect(ashdown).not.toContain('A school moved to Riverton');
    expect(ashdown).not.toContain('schools/100004.html');
    // The same report as the first run's, but that the rerun's letters were all sent before.
    const withoutLetterCounts = (html: string) =>
      html.replace(/(Letters (sent this run|already sent earlier)[^<]*<\/th><td class="num">)\d+/g, '$1');
    expect(withoutLetterCounts(ashdown)).toBe(withoutLetterCounts(read('batched', 'aag/ashdown.html')));
    expect(readFileSync(join(work, 'rerun', '2026-autumn', 'measures.csv'), 'utf8')).toBe(
      read('batched', 'measures.csv'),
    );
  });
});
