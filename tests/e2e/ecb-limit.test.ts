/**
 * A policy change or a bad file never writes to every school: on the example authority, a spring term whose
 * changes pass the ECB's limit (a change of scheme, or a wrong Ofsted file) holds every letter until the ECB
 * confirms, and sends them once it has.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalCycle, REPOSITORY_ROOT, type TermRunResult } from '../../local/local-cycle';
import { freePort } from '../../local/services';
import { cdkJsonContext } from '../../local/template';
import { copyStore, exampleRun } from './example-run';

// Whole terms on two busy shared cores, after waiting for the shared run: the limits only have to catch a hang.
vi.setConfig({ testTimeout: 600_000, hookTimeout: 300_000 });

const CONTEXT = cdkJsonContext(REPOSITORY_ROOT)['school-improvement-cycle'] as Record<string, unknown>;
const summaryOf = (result: TermRunResult) => {
  if (result.status !== 'succeeded') throw new Error(`the run failed: ${result.error}: ${result.cause}`);
  return result.summary;
};

describe("the ECB's limit on one term's changes, on the example authority", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'sic-ecb-'));
    cpSync(join(REPOSITORY_ROOT, 'example'), join(work, 'data'), { recursive: true });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  async function withCycle<T>(
    store: string,
    methodology: string,
    work: (cycle: LocalCycle) => Promise<T>,
    limit: Record<string, unknown> = {},
  ): Promise<T> {
    const cycle = await LocalCycle.start({
      storeDir: store,
      dynamoDbPort: await freePort(),
      sesPort: await freePort(),
      context: { 'school-improvement-cycle': { ...CONTEXT, methodology, ...limit } },
    });
    try {
      return await work(cycle);
    } finally {
      await cycle.stop();
    }
  }

  it('holds every letter of a change of scheme until the ECB confirms, then sends them', async () => {
    // The example's autumn (the run the files that only read it share), and its store as the autumn left it.
    const example = await exampleRun();
    expect(summaryOf(example.terms[0]!.result).emailsSent).toBe(32);
    const store = copyStore(example.storeAfterAutumn, join(work, 'store-scheme'));
    const data = join(work, 'data');
    // An ECB that allows one school in ten to change in a term (cdk.json's maxChangeShare).
    await withCycle(
      store,
      'methodologies/wales-support-colours.yaml',
      async (cycle) => {
        const held = await cycle.runTerm('2027-spring', {
          dataDir: data,
          today: 'scheduled',
          outDir: join(work, 'held'),
        });
        // The 85 letters of the 35 changes, and the 4 of the warning notice the ECB withdraws in the spring.
        expect(summaryOf(held)).toMatchObject({ changes: 35, emailsSent: 0, lettersHeld: 89 });
        expect(held.emails).toEqual([]);
        const report = readFileSync(join(work, 'held', '2027-spring', 'report.html'), 'utf8');
        expect(report).toContain('<h2>Letters held for the Education Challenge Board</h2>');
        expect(report).toContain(
          '35 of 242 schools (14%) would change category this term, more than the ECB&#39;s limit of 10%',
        );
        expect(readdirSync(join(work, 'held', '2027-spring', 'held-letters'))).toHaveLength(89);
        const confirmed = await cycle.runTerm('2027-spring', {
          dataDir: data,
          today: 'scheduled',
          outDir: join(work, 'confirmed'),
          confirmChanges: true,
        });
        expect(summaryOf(confirmed)).toMatchObject({ changes: 35, emailsSent: 89, lettersHeld: 0 });
      },
      { maxChangeShare: 0.1 },
    );
  });

  it('holds every letter when a wrong Ofsted file moves most schools', async () => {
    const data = join(work, 'wrong');
    cpSync(join(REPOSITORY_ROOT, 'example'), data, { recursive: true });
    const ofsted = join(data, '2027-spring', 'ofsted-inspections.csv');
    // A file where every graded inspection reads inadequate: the kind of mistake a bad export makes.
    const original = readFileSync(ofsted, 'utf8');
    const wrong = original.replace(/,(Not judged|[1-4]),([1-4]),([1-4]),([1-4]),([1-4]),Yes,/g, ',4,4,4,4,4,Yes,');
    expect(wrong).not.toBe(original);
    writeFileSync(ofsted, wrong);
    // The autumn's files are the example's: the run goes on from the example's autumn.
    const store = copyStore((await exampleRun()).storeAfterAutumn, join(work, 'store-wrong'));
    await withCycle(store, 'methodologies/default.yaml', async (cycle) => {
      const spring = summaryOf(
        await cycle.runTerm('2027-spring', { dataDir: data, today: 'scheduled', outDir: join(work, 'w-spring') }),
      );
      expect(spring.changes).toBeGreaterThan(100);
      expect(spring).toMatchObject({ emailsSent: 0 });
      expect(spring.lettersHeld).toBeGreaterThan(100);
    });
  });
});
