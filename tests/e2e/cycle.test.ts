/**
 * The whole termly cycle, end to end: the state machine CDK synthesizes, executed by aws-local-stepfunctions with
 * each Task bound to the handler its function deploys, over DynamoDB Local and the local SES.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../functions/core/csv';
import { LocalCycle, REPOSITORY_ROOT, type TermRunResult } from '../../local/local-cycle';
import { freePort } from '../../local/services';

const FIXTURE = join(REPOSITORY_ROOT, 'tests/fixtures/mini-authority');
const emailNames = (result: TermRunResult) => result.emails.map((path) => path.split('/').pop()).sort();
const succeeded = (result: TermRunResult) => {
  if (result.status !== 'succeeded') throw new Error(`the run failed: ${result.error}: ${result.cause}`);
  return result;
};

const AUTUMN_LETTERS = [
  '100002-chair-of-governors.eml', '100002-headteacher.eml', '100002-trust-board-chair.eml',
  '100004-chair-of-governors.eml', '100004-headteacher.eml', '100004-trust-board-chair.eml',
  '100005-chair-of-governors.eml', '100005-headteacher.eml',
];
const SPRING_LETTERS = ['100001-chair-of-governors.eml', '100001-headteacher.eml', '100003-chair-of-governors.eml', '100003-headteacher.eml', '100006-headteacher.eml'];

describe('two terms of the mini authority, kept in a store between runs', () => {
  let cycle: LocalCycle;
  let work: string;
  let out: string;
  let autumn: TermRunResult;
  let spring: TermRunResult;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sic-e2e-'));
    out = join(work, 'out');
    cycle = await LocalCycle.start({ storeDir: join(work, 'store'), dynamoDbPort: await freePort(), sesPort: await freePort() });
    autumn = await cycle.runTerm('2026-autumn', { dataDir: FIXTURE, outDir: out });
    spring = await cycle.runTerm('2027-spring', { dataDir: FIXTURE, outDir: out });
  });
  afterAll(async () => {
    await cycle?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('binds every Task state of the synthesized definition to a handler', async () => {
    const tasks = Object.entries(cycle.definition.States).filter(([, s]) => s.Type === 'Task').map(([name]) => name);
    const bindings = await cycle.bindings({ dataDir: FIXTURE, outDir: out });
    expect([...bindings.keys()].sort()).toEqual(tasks.sort());
    expect(bindings.get('Data intake')?.fn.entry).toBe('functions/handlers/intake.ts');
  });

  it('categorises the autumn term from the evidence and the baseline', () => {
    const summary = succeeded(autumn).summary;
    expect(summary).toMatchObject({ term: '2026-autumn', schools: 8, categories: { A: 4, B: 1, C: 1, D: 2 }, changes: 3, emailsSent: 8, emailsAlreadySent: 0, rejectedRows: 0, taskGroups: 3 });
    const rows = parseCsv(readFileSync(join(out, '2026-autumn', 'assessments.csv'), 'utf8')).records.map((r) => r.values);
    expect(Object.fromEntries(rows.map((r) => [r.URN, `${r['Previous category']}>${r.Category}`]))).toEqual({
      100001: 'A>A', 100002: 'B>A', 100003: 'C>C', 100004: 'C>D', 100005: 'A>B', 100006: 'D>D', 100007: 'A>A', 100009: '>A',
    });
  });

  it('emails exactly the headteacher, chair and (for an academy) trust chair of each changed school', () => {
    expect(emailNames(autumn)).toEqual(AUTUMN_LETTERS);
    const delta = readFileSync(join(out, '2026-autumn', 'emails', '100004-headteacher.eml'), 'utf8');
    expect(delta).toContain('To: Dee Delta <head@delta.sch.example>');
    expect(delta).toMatch(/Subject: Delta High School: school improvement category changed from C to\s+D/);
  });

  it('carries the history into spring: task-group reports, changed evidence, and letters only for the changes', () => {
    const summary = succeeded(spring).summary;
    expect(summary).toMatchObject({ term: '2027-spring', schools: 8, categories: { A: 5, B: 1, C: 1, D: 1 }, changes: 3, emailsSent: 5, missingContacts: 1 });
    expect(emailNames(spring)).toEqual(SPRING_LETTERS);
  });

  it('writes the summary, the report and the CSVs for each term', () => {
    for (const term of ['2026-autumn', '2027-spring']) {
      for (const file of ['summary.json', 'report.html', 'assessments.csv', 'rejected.csv', 'missing-contacts.csv', 'function-logs.txt']) expect(existsSync(join(out, term, file))).toBe(true);
      const summary = JSON.parse(readFileSync(join(out, term, 'summary.json'), 'utf8'));
      expect(Object.keys(summary)).toEqual(expect.arrayContaining(['term', 'schools', 'categories', 'changes', 'emailsSent', 'rejectedRows', 'brokered', 'taskGroups', 'durationMs']));
    }
    expect(readFileSync(join(out, '2027-spring', 'report.html'), 'utf8')).toContain('Alpha Primary School');
    expect(readFileSync(join(out, '2027-spring', 'missing-contacts.csv'), 'utf8')).toContain('100006,Zeta Primary School,Riverton,chair of governors');
  });

  it('archives every input file byte for byte with its SHA-256', () => {
    const archive = join(work, 'store', 'archive', '2026-autumn');
    const [run] = readdirSync(archive);
    const manifest = JSON.parse(readFileSync(join(archive, run!, 'manifest.json'), 'utf8')) as { files: { file: string; sha256: string }[] };
    expect(manifest.files.map((f) => f.file).sort()).toEqual(readdirSync(join(FIXTURE, '2026-autumn')).sort());
    for (const { file, sha256 } of manifest.files) {
      const original = readFileSync(join(FIXTURE, '2026-autumn', file));
      expect(createHash('sha256').update(original).digest('hex')).toBe(sha256);
      expect(readFileSync(join(archive, run!, file)).equals(original)).toBe(true);
    }
  });

  it('sends nothing on a rerun of the same term', async () => {
    const again = succeeded(await cycle.runTerm('2027-spring', { dataDir: FIXTURE, outDir: join(work, 'rerun') }));
    expect(again.summary).toMatchObject({ changes: 3, emailsSent: 0, emailsAlreadySent: 5 });
    expect(again.emails).toEqual([]);
  });

  it('sends nothing when an earlier term is rerun after a later one', async () => {
    const again = succeeded(await cycle.runTerm('2026-autumn', { dataDir: FIXTURE, outDir: join(work, 'rerun') }));
    expect(again.summary).toMatchObject({ changes: 3, emailsSent: 0, emailsAlreadySent: 8 });
    expect(again.emails).toEqual([]);
  });
});
