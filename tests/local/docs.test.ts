/**
 * The docs say what the commands do: every option each `npm run` command's --help prints is documented in the
 * README or docs/, and every option the officer's table of `npm run cycle` documents is one the command has.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../../local/repository';
import { runProjectCommand } from './project-command';

const scripts = (
  JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;
const docs = [
  readFileSync(join(REPOSITORY_ROOT, 'README.md'), 'utf8'),
  ...readdirSync(join(REPOSITORY_ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => readFileSync(join(REPOSITORY_ROOT, 'docs', f), 'utf8')),
].join('\n');
/** The commands a person runs: each a local/*-cli.ts, or a script of scripts/. */
const commands = Object.entries(scripts).flatMap(([name, line]) => {
  const cli = /((?:local\/[a-z-]+-cli|scripts\/[a-z-]+)\.ts)/.exec(line)?.[1];
  return cli ? [[name, cli] as const] : [];
});
const optionsIn = (text: string) => [
  ...new Set([...text.matchAll(/(?<![\w-])--([a-z][a-z-]*[a-z])/g)].map((m) => m[1]!)),
];

describe('the docs and the commands', () => {
  it('finds the commands: the local/*-cli.ts and the scripts', () => {
    expect(commands.map(([name]) => name).sort()).toEqual([
      'backtest',
      'bench',
      'cycle',
      'diagram',
      'ecb-decisions',
      'generate:example',
      'history',
      'intake',
      'methodology',
      'moderate',
      'mutation',
      'personal-data',
      'portal',
      'real-term',
      'report',
      'templates',
    ]);
  });

  it.each(commands)(
    'documents every option npm run %s -- --help prints, and gives it no other',
    { timeout: 60_000 },
    (name, cli) => {
      const help = runProjectCommand(cli, '--help');
      expect(help.status, `${help.stdout}${help.stderr}`).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage:\\s+npm run ${name}\\b`));
      const printed = optionsIn(help.stdout).filter((o) => o !== 'help');
      const undocumented = printed.filter(
        (option) => !new RegExp(`npm run ${name}[^\\n]*--${option}\\b|\\\`--${option}\\b`).test(docs),
      );
      expect(undocumented, `npm run ${name}: options --help prints that no doc mentions`).toEqual([]);
      // And the other way: every option the docs give the command (on the line that runs it) is one it has.
      const given = [...docs.matchAll(new RegExp(`npm run ${name}\\b([^\\n\`|#;&]*)`, 'g'))].flatMap((m) =>
        optionsIn(m[1]!),
      );
      expect(
        [...new Set(given)].filter((option) => option !== 'help' && !printed.includes(option)),
        `npm run ${name}: options the docs give it that --help does not print`,
      ).toEqual([]);
    },
  );

  it.each(commands)(
    'refuses an option npm run %s does not have, with its usage, before doing anything (exit 2)',
    {
      timeout: 60_000,
    },
    (name, cli) => {
      const refused = runProjectCommand(cli, '--no-such-option');
      expect(refused.status, `${refused.stdout}${refused.stderr}`).toBe(2);
      expect(refused.stderr).toContain("Unknown option '--no-such-option'");
      expect(refused.stderr).toMatch(new RegExp(`Usage:\\s+npm run ${name}\\b`));
    },
  );

  it("lists no option in the officer's table of npm run cycle that the command does not have", () => {
    const help = runProjectCommand('local/cycle-cli.ts', '--help');
    const printed = new Set(optionsIn(help.stdout));
    const officer = readFileSync(join(REPOSITORY_ROOT, 'docs', 'officer.md'), 'utf8');
    const table = officer.split('\n').filter((line) => /^\| `--[a-z-]+/.test(line));
    expect(table.length).toBeGreaterThan(5);
    // Each row's first cell names one option or several (`--dynamodb-port`, `--ses-port`).
    const documented = table.flatMap((line) => optionsIn(line.split('|')[1]!));
    expect(documented.filter((o) => !printed.has(o))).toEqual([]);
    // And the other way: every option of npm run cycle has its row.
    expect([...printed].filter((o) => o !== 'help' && !documented.includes(o))).toEqual([]);
  }, 60_000);
});
