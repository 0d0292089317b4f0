/**
 * A term on the AAGs' timeline, with its hours scaled to seconds: an AAG that answers later than the old
 * two-hour execution limit is still heard; one that answers after its deadline is too late, its proposals stand,
 * and a rerun of the term uses the decisions it put in. Decisions go in as on AWS: under the district, passed on
 * by the function the table's stream invokes, answering the task token through the local task-token endpoint.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AAG_ROUND } from '../../functions/adapters/cycle-store';
import { parseCsvRows } from '../../functions/core/csv';
import { allStates } from '../../local/bind';
import { LocalCycle, type ProgressEvent, REPOSITORY_ROOT } from '../../local/local-cycle';
import { freePort } from '../../local/services';
import { cdkJsonContext } from '../../local/template';
import { scan, tableOf } from './local-store';

vi.setConfig({ testTimeout: 240_000 });

const FIXTURE = join(REPOSITORY_ROOT, 'tests/fixtures/mini-authority');
/** One hour of a deadline lasts a second; the AAGs have six hours. The old execution limit was two hours. */
const HOUR = 1;
const DEADLINE_HOURS = 6;
const OLD_LIMIT_HOURS = 2;

type Districts = { district: string; outcome: string }[];

describe("the AAGs' timeline", () => {
  let work: string;
  let cycle: LocalCycle;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sic-timeline-'));
    const settings = {
      ...(cdkJsonContext(REPOSITORY_ROOT)['school-improvement-cycle'] as object),
      moderationDeadlineHours: DEADLINE_HOURS,
    };
    cycle = await LocalCycle.start({
      storeDir: join(work, 'store'),
      dynamoDbPort: await freePort(),
      sesPort: await freePort(),
      context: { 'school-improvement-cycle': settings },
      deadlineHourSeconds: HOUR,
    });
  });
  afterAll(async () => {
    await cycle?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const storedDecisions = () => scan(cycle, tableOf(cycle, 'AAG_DECISIONS_TABLE'));
  /** The term's round of moderation as it closed: each answered district's outcome, and what stands for the others. */
  const closedRound = async () => {
    const round = (await scan(cycle, tableOf(cycle, 'MODERATION_TABLE'))).find(
      (item) => item.term === '2026-autumn' && item.district === AAG_ROUND,
    );
    return {
      outcomes: ((round?.districtOutcomes ?? []) as Districts).map(({ district, outcome }) => ({ district, outcome })),
      otherwise: round?.otherwise,
    };
  };
  /** The schools whose proposals the AAGs overrode, from the term's assessments.csv. */
  const overridden = (dir: string) => {
    const [headers, ...rows] = parseCsvRows(
      readFileSync(join(work, dir, '2026-autumn', 'assessments.csv'), 'utf8'),
    ).map((r) => r.cells);
    const column = (header: string) => headers!.findIndex((h) => h.toLowerCase() === header);
    return rows
      .filter((row) => row[column('aag decision')] === 'override')
      .map((row) => `${row[column('urn')]} ${row[column('category')]}`)
      .sort();
  };

  it('waits for the AAGs past the old limit, keeping the execution alive longer than their deadline', () => {
    const wait = allStates(cycle.definition).find(([name]) => name === 'Ask the AAGs')![1];
    expect(wait.TimeoutSeconds).toBe(DEADLINE_HOURS * HOUR);
    expect((cycle.definition as { TimeoutSeconds?: number }).TimeoutSeconds).toBeGreaterThan(
      DEADLINE_HOURS * HOUR + OLD_LIMIT_HOURS * HOUR,
    );
  });

  it('hears an AAG that answers after the old limit, and not one that answers after its deadline; a rerun uses what the late one put in', async () => {
    const events: ProgressEvent[] = [];
    const result = await cycle.runTerm('2026-autumn', {
      dataDir: FIXTURE,
      outDir: join(work, 'first'),
      onEvent: (e) => events.push(e),
      decisions: new Map([
        [
          'Ashdown',
          {
            submittedBy: 'arn:aws:sts::111122223333:assumed-role/AshdownAag/clerk',
            afterMs: (OLD_LIMIT_HOURS + 1) * HOUR * 1000,
            decisions: [
              {
                urn: '100003',
                decision: 'override' as const,
                category: 'B',
                rationale: 'Interim head in post; the AAG wants a visit first',
              },
            ],
          },
        ],
        [
          'Riverton',
          {
            submittedBy: 'arn:aws:sts::111122223333:assumed-role/RivertonAag/clerk',
            afterMs: (DEADLINE_HOURS + 2) * HOUR * 1000,
            decisions: [
              { urn: '100005', decision: 'override' as const, category: 'C', rationale: 'Concerns raised at the AAG' },
            ],
          },
        ],
      ]),
    });
    expect(result.status).toBe('succeeded');
    // Riverton had not decided by the deadline: the wait ended there, and Ashdown's decisions were still applied.
    expect(events.some((e) => e.type === 'state-exited' && e.state === 'Proposals stand')).toBe(true);
    expect(await closedRound()).toEqual({
      outcomes: [{ district: 'Ashdown', outcome: 'decided' }],
      otherwise: 'deadline passed',
    });
    expect(overridden('first')).toEqual(['100003 B']);

    // Riverton's decisions arrived after the cycle stopped waiting: they are kept, marked too late.
    let riverton: Record<string, unknown> | undefined;
    for (let i = 0; i < 40 && !riverton?.received; i++) {
      riverton = (await storedDecisions()).find((d) => d.district === 'Riverton');
      if (!riverton?.received) await new Promise((r) => setTimeout(r, 500));
    }
    expect(riverton).toMatchObject({
      term: '2026-autumn',
      received: 'too late',
      submittedBy: 'arn:aws:sts::111122223333:assumed-role/RivertonAag/clerk',
    });
    expect((await storedDecisions()).find((d) => d.district === 'Ashdown')).toMatchObject({ received: 'in time' });

    // A rerun of the term asks again, and both AAGs' stored decisions are passed to it: nobody is asked twice.
    const again: ProgressEvent[] = [];
    const rerun = await cycle.runTerm('2026-autumn', {
      dataDir: FIXTURE,
      outDir: join(work, 'rerun'),
      onEvent: (e) => again.push(e),
      decisions: 'deadline',
    });
    expect(rerun.status).toBe('succeeded');
    // Both districts' stored decisions were counted, and the last one answered the round's token.
    const asked = again.find((e) => e.type === 'state-exited' && e.state === 'Ask the AAGs') as
      | { output: { moderation: unknown } }
      | undefined;
    expect(asked?.output.moderation).toEqual({ outcome: 'decided', districts: 2 });
    expect(await closedRound()).toEqual({
      outcomes: [
        { district: 'Ashdown', outcome: 'decided' },
        { district: 'Riverton', outcome: 'decided' },
      ],
      otherwise: 'deadline passed',
    });
    expect(overridden('rerun')).toEqual(['100003 B', '100005 C']);
  });
});
