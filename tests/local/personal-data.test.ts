/**
 * `npm run personal-data`: a subject access request and an erasure, on a local store the example's autumn term
 * wrote (a copy of the shared run's, tests/e2e/example-run.ts). The chair of governors of Radway Junior School (URN
 * 125175) was given a warning notice that term, so the
 * erasure must keep that notice as given, and the record that her letters went, and erase everything else.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEPT_ERASURE_RECORD, KEPT_NOTICE, KEPT_SENT_RECORD } from '../../functions/core/privacy/personal-data';
import { REPOSITORY_ROOT } from '../../local/local-cycle';
import { copyStore, exampleRun } from '../e2e/example-run';

const EMAIL = 'chair@radway-junior-school.ardenshire.sch.example';
const work = mkdtempSync(join(tmpdir(), 'personal-data-'));
const [store, out, data] = [join(work, 'store'), join(work, 'out'), join(work, 'data')];

/** A command of the project's, as a person runs it; killed (with its DynamoDB Local) if it outlives the test. */
function run(script: string, ...args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPOSITORY_ROOT, script), ...args], {
      cwd: REPOSITORY_ROOT,
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGTERM'), 400_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}
const personalData = (...args: string[]) =>
  run('local/personal-data-cli.ts', '--email', EMAIL, '--store', store, '--out', out, '--data', data, ...args);
const placesIn = (output: string) => output.split('\n').filter((line) => line.startsWith('  '));

describe('npm run personal-data', () => {
  beforeAll(async () => {
    // A copy of the example, as an authority's own folder of term files would be (erasure changes it), run on its
    // scheduled day as the example is.
    cpSync(join(REPOSITORY_ROOT, 'example'), data, { recursive: true });
    // The store and out folder the example's autumn left (the run the files that only read it share): copies, as
    // erasure changes them.
    const example = await exampleRun();
    copyStore(example.storeAfterAutumn, store);
    cpSync(join(example.outDir, '2026-autumn'), join(out, '2026-autumn'), { recursive: true });
  }, 450_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('finds every place the cycle holds her address and name, and says what erasure would do with each', async () => {
    const { status, output } = await personalData();
    expect(status, output).toBe(0);
    expect(output).toMatch(new RegExp(`^${EMAIL} \\(on file as Zoë Bennett\\): held in \\d+ places`, 'm'));
    const places = placesIn(output);
    // The school's contacts in the table, every term's contacts file and its archived copy, the copies of her letters
    // and the notices as given.
    const at = (pattern: RegExp) => places.filter((p) => pattern.test(p));
    expect(at(/^ {2}schools table, term 2026-autumn, urn 125175: .*erasure would remove contact/)).toHaveLength(1);
    expect(at(/^ {2}inputs: .*contacts\.csv: .*erasure would remove rows/).length).toBeGreaterThanOrEqual(3);
    expect(at(/^ {2}archive: 2026-autumn\/.*contacts\.csv: .*erasure would remove rows/)).toHaveLength(1);
    expect(
      at(/^ {2}reports: 2026-autumn\/emails\/125175-.*\.eml: .*erasure would delete/).length,
    ).toBeGreaterThanOrEqual(1);
    expect(at(/^ {2}records: 2026-autumn\/warning-notices\/125175-.*-chair-of-governors\.eml/)).toEqual([
      expect.stringContaining(`erasure would keep it: ${KEPT_NOTICE}`),
    ]);
    expect(at(/^ {2}sentEmails table, .*125175.*chair-of-governors/)).toEqual([
      expect.stringContaining(`erasure would keep it: ${KEPT_SENT_RECORD}`),
    ]);
    // It only reads: the contacts file still has her.
    const archived = readdirSync(join(store, 'archive', '2026-autumn'), { recursive: true })
      .map(String)
      .find((f) => f.endsWith('contacts.csv'))!;
    expect(readFileSync(join(store, 'archive', '2026-autumn', archived), 'utf8')).toContain(EMAIL);
  }, 120_000);

  it('erases her everywhere but the notice as given, the record that letters went and the record of the erasure', async () => {
    const erased = await personalData('--erase');
    expect(erased.status, erased.output).toBe(0);
    expect(erased.output).toMatch(/Erased from \d+ places; kept \d+, each for the reason given/);
    const archived = readdirSync(join(store, 'archive', '2026-autumn'), { recursive: true })
      .map(String)
      .find((f) => f.endsWith('contacts.csv'))!;
    const contacts = readFileSync(join(store, 'archive', '2026-autumn', archived), 'utf8');
    expect(contacts).not.toContain(EMAIL);
    expect(contacts).not.toContain('Zoë Bennett');
    expect(contacts).toContain('125175,Headteacher');

    // Asked again, with the name she was on file as (the records no longer give it): only what is kept, each saying
    // why.
    const after = await personalData('--name', 'Zoë Bennett');
    expect(after.status, after.output).toBe(0);
    const kept = placesIn(after.output);
    expect(kept.length).toBeGreaterThan(0);
    for (const place of kept)
      expect(place).toMatch(
        new RegExp(
          `keep it: (${[KEPT_NOTICE, KEPT_SENT_RECORD, KEPT_ERASURE_RECORD].map((k) => k.replace(/[()]/g, '\\$&')).join('|')})$`,
        ),
      );
    expect(kept.some((p) => p.startsWith('  auditTrail') && p.endsWith(KEPT_ERASURE_RECORD))).toBe(true);
    expect(kept.some((p) => p.startsWith('  records: 2026-autumn/warning-notices/'))).toBe(true);
    expect(readFileSync(join(data, '2026-autumn', 'contacts.csv'), 'utf8')).not.toContain(EMAIL);
    // The operator's page says the same reasons, word for word.
    const readme = [
      readFileSync(join(REPOSITORY_ROOT, 'README.md'), 'utf8'),
      ...readdirSync(join(REPOSITORY_ROOT, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => readFileSync(join(REPOSITORY_ROOT, 'docs', f), 'utf8')),
    ].join('\n');
    for (const why of [KEPT_NOTICE, KEPT_SENT_RECORD, KEPT_ERASURE_RECORD]) expect(readme).toContain(why);
  }, 240_000);

  it('refuses to guess where to look', async () => {
    const { status, output } = await run('local/personal-data-cli.ts', '--email', EMAIL);
    expect(status).toBe(2);
    expect(output).toContain('give either --store <dir> (a local store) or --stage <stage> (a deployed stage)');
  }, 60_000);
});
