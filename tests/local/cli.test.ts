/** `npm run cycle` refuses what it cannot run, with exit code 2 and a message that says what to do. */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nearestOption } from '../../local/args';
import { REPOSITORY_ROOT } from '../../local/local-cycle';
import { aagDecisionsTable } from '../../local/moderate-cli';
import { freePort } from '../../local/services';
import { runProjectCommand } from './project-command';

const cycle = (...args: string[]) => run('local/cycle-cli.ts', ...args);

describe('npm run cycle, when it cannot run', () => {
  it('rejects a term that is not a term', () => {
    const { status, output } = cycle('--term', '2026-winter');
    expect(status).toBe(2);
    expect(output).toContain('--term takes a term: <year>-<autumn|spring|summer>, e.g. 2026-autumn');
    expect(output).toContain('Usage: npm run cycle');
  });

  it('rejects an unknown option, suggesting the nearest the command has', () => {
    const { status, output } = cycle('--dry');
    expect(status).toBe(2);
    expect(output).toContain("Unknown option '--dry'");
    const typo = cycle('--stor', '.store');
    expect(typo.status).toBe(2);
    expect(typo.output).toContain("Unknown option '--stor'. Did you mean --store?");
    expect(nearestOption('chek', ['check', 'data', 'term'])).toBe('check');
    expect(nearestOption('verbose', ['check', 'data', 'term'])).toBeUndefined();
  });

  it('rejects a term its data has no folder for, before starting anything, naming the terms it has', () => {
    const { status, output } = cycle('--term', '2025-autumn');
    expect(status).toBe(2);
    expect(output).toContain('--term 2025-autumn: ');
    expect(output).toContain('has no folder for that term; it has 2026-autumn, 2027-spring, 2027-summer');
    expect(output).not.toContain('synthesizing');
    expect(output).not.toMatch(/S3|bucket/);
  });

  it('rejects a sending rate that is not a number of letters a second above 0, or is above the most it allows', () => {
    for (const [rate, message] of [
      ['0', '--send-rate takes a number of letters a second above 0, e.g. 14'],
      ['fast', '--send-rate takes a number of letters a second, e.g. 14'],
      ['5000', '--send-rate takes at most 1000 letters a second'],
    ]) {
      const { status, output } = cycle('--send-rate', rate!);
      expect(status, rate).toBe(2);
      expect(output, rate).toContain(message);
    }
  });

  it('says when the data folder is not there', () => {
    const { status, output } = cycle('--data', '/nonexistent/term-files');
    expect(status).toBe(2);
    expect(output).toContain('--data /nonexistent/term-files: no such folder');
  });

  it('says which port is in use and how to choose another', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const dynamoDbPort = await freePort();
    const blocker = createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      const result = await new Promise<{ status: number | null; output: string }>((resolve) => {
        // Run asynchronously so that this process keeps serving the blocking socket.
        import('node:child_process').then(({ execFile }) => {
          execFile(
            process.execPath,
            [
              '--import',
              'tsx',
              join(REPOSITORY_ROOT, 'local/cycle-cli.ts'),
              '--ses-port',
              String(port),
              '--dynamodb-port',
              String(dynamoDbPort),
            ],
            { cwd: REPOSITORY_ROOT },
            (error, stdout, stderr) =>
              resolve({ status: error ? (error.code as number) : 0, output: `${stdout}${stderr}` }),
          );
        });
      });
      expect(result.output).toContain(
        `port ${port} (for the local SES) is in use. Stop whatever is using it, or choose another port with --ses-port <port>.`,
      );
      expect(result.status).toBe(2);
    } finally {
      blocker.close();
    }
  });
});

function run(script: string, ...args: string[]) {
  const result = runProjectCommand(script, ...args);
  // On Node.js 22 or later (package.json's engines) the AWS SDK has nothing to warn of: no command prints its notice.
  expect(result.stderr).not.toContain('NodeVersionSupportWarning');
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('Node.js', () => {
  it("is the version package.json's engines asks for, so an AWS client is made without the SDK's Node warning", () => {
    const engines = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package.json'), 'utf8')).engines.node as string;
    const wanted = Number(/^>=(\d+)$/.exec(engines)?.[1]);
    expect(wanted).toBeGreaterThanOrEqual(22);
    // tsx runs on the node first on PATH, as every npm run command does.
    const made = spawnSync(
      join(REPOSITORY_ROOT, 'node_modules/.bin/tsx'),
      [
        '-e',
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; new DynamoDBClient({ region: 'eu-west-2' }); console.log(process.versions.node);",
      ],
      { cwd: REPOSITORY_ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(made.status).toBe(0);
    expect(Number(made.stdout.trim().split('.')[0])).toBeGreaterThanOrEqual(wanted);
    expect(made.stderr).not.toContain('NodeVersionSupportWarning');
  });
});

describe('npm run methodology', () => {
  it('shows the ECB what a changed threshold would do, school by school', () => {
    const { status, output } = run(
      'local/methodology-cli.ts',
      'compare',
      'methodologies/proposed-ks2-55.yaml',
      '--data',
      'tests/fixtures/mini-authority',
    );
    expect(status).toBe(0);
    expect(output).toContain('What-if for 2027-spring: 8 schools');
    expect(output).toContain('0 schools would change category.');
  });

  it('validates a file, and says what is wrong with a bad one', () => {
    expect(run('local/methodology-cli.ts', 'validate', 'methodologies/wales-support-colours.yaml').output).toContain(
      'categories (best first): green, yellow, amber, red',
    );
    const bad = run('local/methodology-cli.ts', 'validate', 'package.json');
    expect(bad.status).toBe(1);
    expect(bad.output).toContain('package.json is not a valid methodology');
  });
});

describe('npm run moderate', () => {
  it("checks an AAG's decisions before they are put in", () => {
    const ok = run(
      'local/moderate-cli.ts',
      '--term',
      '2027-spring',
      '--district',
      'Ashdown',
      '--decisions',
      'tests/fixtures/mini-authority/2027-spring/aag-decisions.csv',
      '--check',
    );
    expect(ok.output).toContain('the sheet has decisions for Riverton too');
    expect(ok.status).toBe(1);
    const usage = run(
      'local/moderate-cli.ts',
      '--term',
      '2027-spring',
      '--district',
      'Ashdown',
      '--agree',
      '--decisions',
      'x.csv',
    );
    expect(usage.status).toBe(2);
    expect(usage.output).toContain('give either --decisions <file> or --agree');
    const stage = run(
      'local/moderate-cli.ts',
      '--term',
      '2027-spring',
      '--district',
      'Ashdown',
      '--agree',
      '--stage',
      'Prod!',
    );
    expect(stage.status).toBe(2);
    expect(stage.output).toContain('a stage name such as staging or production');
  });

  it("finds the stage's aag-decisions table from its stack's outputs, and says plainly when the stack is not there", async () => {
    const asked: unknown[] = [];
    const deployed = {
      send: async (command: { input: unknown }) => {
        asked.push(command.input);
        return {
          Stacks: [
            {
              Outputs: [
                { OutputKey: 'StateMachineArn', OutputValue: 'arn' },
                { OutputKey: 'AagDecisionsTableName', OutputValue: 'SchoolImprovementCycle-production-AagDecisions' },
              ],
            },
          ],
        };
      },
    };
    await expect(aagDecisionsTable(deployed as never, 'production')).resolves.toBe(
      'SchoolImprovementCycle-production-AagDecisions',
    );
    expect(asked).toEqual([{ StackName: 'SchoolImprovementCycle-production' }]);
    const missing = {
      send: async () =>
        Promise.reject(
          Object.assign(new Error('Stack with id SchoolImprovementCycle-staging does not exist'), {
            name: 'ValidationError',
          }),
        ),
    };
    await expect(aagDecisionsTable(missing as never, 'staging')).rejects.toThrow(
      'there is no stack SchoolImprovementCycle-staging in this account and region',
    );
    const older = {
      send: async () => ({ Stacks: [{ Outputs: [{ OutputKey: 'ModerationTableName', OutputValue: 't' }] }] }),
    };
    await expect(aagDecisionsTable(older as never, 'staging')).rejects.toThrow(
      'has no AagDecisionsTableName output: deploy this version',
    );
  });
});

describe('npm run intake -- --check', () => {
  it("checks the baseline against the methodology's categories, as the cycle does", () => {
    const dir = mkdtempSync(join(tmpdir(), 'sic-check-'));
    try {
      cpSync(join(REPOSITORY_ROOT, 'tests/fixtures/mini-authority/2026-autumn'), join(dir, '2026-autumn'), {
        recursive: true,
      });
      appendFileSync(join(dir, '2026-autumn', 'previous-categories.csv'), '100009,E\n');
      const { status, output } = run('local/intake-cli.ts', '--data', join(dir, '2026-autumn'), '--check');
      expect(output).toContain("previous-categories.csv row 9, Category: 'E' is not one of A, B, C, D");
      expect(status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('any authority, from the command line', () => {
  it('reads another LA of a register by --la, naming the authority as its register does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sic-la-'));
    try {
      cpSync(join(REPOSITORY_ROOT, 'tests/fixtures/mini-authority/2026-autumn'), join(dir, '2026-autumn'), {
        recursive: true,
      });
      const { status, output } = run(
        'local/intake-cli.ts',
        '--data',
        join(dir, '2026-autumn'),
        '--la',
        '998',
        '--check',
      );
      expect(output).toContain('for Neighbourshire (LA 998)');
      expect(output).toContain('Result: the cycle would STOP');
      expect(status).toBe(1);
      // The GIAS extract under the name it downloads with: found by its columns, and the authority named from it.
      renameSync(join(dir, '2026-autumn', 'register.csv'), join(dir, '2026-autumn', 'edubasealldata20260901.csv'));
      expect(run('local/intake-cli.ts', '--data', join(dir, '2026-autumn'), '--la', '998', '--check').output).toContain(
        'for Neighbourshire (LA 998)',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a --year that is not an academic year, or names no performance file', () => {
    const bad = run(
      'local/intake-cli.ts',
      '--data',
      'tests/fixtures/mini-authority/2026-autumn',
      '--check',
      '--year',
      '2019',
    );
    expect(bad.status).toBe(2);
    expect(bad.output).toContain('--year 2019: expected an academic year such as 2024/25, or ks2=2024/25');
    const source = run(
      'local/intake-cli.ts',
      '--data',
      'tests/fixtures/mini-authority/2026-autumn',
      '--check',
      '--year',
      'ks3=2024/25',
    );
    expect(source.status).toBe(2);
    expect(source.output).toContain("--year ks3=2024/25: 'ks3' is not one of ks2, ks4, attendance");
  });
});

describe('npm run backtest and npm run ecb-decisions', () => {
  it('refuses a folder that is not a store a cycle kept, and checks an ECB sheet before giving it to the cycle', () => {
    const backtest = run('local/backtest-cli.ts', '--store', 'tests/fixtures/mini-authority');
    expect(backtest.status).toBe(1);
    expect(backtest.output).toContain(
      'tests/fixtures/mini-authority is not a store a cycle kept: run a term with npm run cycle -- --store tests/fixtures/mini-authority first.',
    );
    const checked = run(
      'local/ecb-decisions-cli.ts',
      '--term',
      '2026-autumn',
      '--decisions',
      'example/2026-autumn/ecb-decisions.csv',
      '--check',
      '--notice-date',
      '2026-09-03',
    );
    expect(checked.status).toBe(0);
    expect(checked.output).toContain(
      'ECB, 2026-autumn: 3 decisions\n  125175: issue (comply by 2026-12-11)\n  140212: refer\n  125183: issue (comply by 2026-12-11)',
    );
    expect(checked.output).toContain('Checked: the decisions can be given to the cycle.');
  });

  it("replays the example's history and its three terms from their files, and prints precision and lead time", () => {
    const replay = run('local/backtest-cli.ts');
    expect(replay.status).toBe(0);
    expect(replay.output).toContain(
      "Replayed the term folders' files (categories as the methodology proposes them): 2024-autumn to 2027-summer",
    );
    expect(replay.output).toContain('Early-warning policy early-warning-2026-2, replayed over 9 terms:');
    expect(replay.output).toContain('  precision: 60% (9 of 15)');
    expect(replay.output).toContain('  declines into a category of concern: 38; flagged beforehand: 9; missed: 29');
    expect(replay.output).toContain('  lead time: median 1 term, from 1 to 2');
    // The mini authority's two terms have no figures that turn: nothing to flag, said so; files and a store are one or
    // the other.
    const mini = run('local/backtest-cli.ts', '--data', 'tests/fixtures/mini-authority');
    expect(mini.status).toBe(0);
    expect(mini.output).toContain('  precision: none flagged, so not measured');
    const both = run('local/backtest-cli.ts', '--data', 'example', '--store', '.store');
    expect(both.status).toBe(2);
    expect(both.output).toContain('--data and --store cannot both be given: replay files or a store');
  });
});

describe('npm run generate:example -- --schools', () => {
  it('makes an authority of about the size asked, in the same formats, that intake reads', () => {
    const out = mkdtempSync(join(tmpdir(), 'sic-sized-'));
    try {
      const made = run('scripts/generate-example.ts', '--schools', '600', '--out', out);
      expect(made.status).toBe(0);
      const schools = Number(/(\d+) schools in the cycle/.exec(made.output)?.[1]);
      expect(schools).toBeGreaterThan(550);
      expect(schools).toBeLessThan(650);
      expect(readdirSync(out).sort()).toEqual(['2026-autumn', '2027-spring']);
      const checked = run('local/intake-cli.ts', '--data', join(out, '2027-spring'), '--check');
      expect(checked.status).toBe(0);
      expect(checked.output).toContain(`${schools} schools in the cycle`);
      expect(checked.output).toContain('Result: the files can be used; no row was rejected.');
      // Twelve districts, each with its AAG; every school with its own addresses.
      const register = readFileSync(join(out, '2027-spring', 'register.csv'), 'utf8');
      expect(
        new Set(
          [...register.matchAll(/,([A-Za-z ]+? District|Ashdown|Eastbrook|Kingsmere|Northvale|Riverton),AR\d/g)].map(
            (m) => m[1],
          ),
        ).size,
      ).toBe(12);
      expect(run('scripts/generate-example.ts', '--schools', '90', '--out', out).output).toContain(
        "--schools 90: give a whole number of schools from 250 (the example's own size) to 30000",
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
