/** Command-line arguments for the local commands: parsed by node:util, validated with zod, refused with usage. */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { z } from 'zod';
import { fileProblem } from './file-problems';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A decisions sheet (the AAGs' or the ECB's) a local run was given that cannot be used: what is wrong with it. */
export class DecisionsInvalid extends Error {
  override readonly name = 'DecisionsInvalid';
}

/** The option nearest to a misspelled one (at most two edits, or one in a short name), if any. */
export function nearestOption(typed: string, options: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let previous = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const saved = row[j]!;
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = saved;
      }
    }
    return row[b.length]!;
  };
  const scored = options.map((option) => ({ option, d: distance(typed, option) })).sort((x, y) => x.d - y.d);
  const best = scored[0];
  return best && best.d <= (typed.length <= 4 ? 1 : 2) ? best.option : undefined;
}

/** The validated arguments, or a UsageError whose message says what is wrong; `undefined` when help was asked for. */
/**
 * What node:util's parseArgs said of options it refused, with the nearest option the command has where one is near
 * ("Unknown option '--curent'. Did you mean --current?").
 */
export function refusedOptions(error: unknown, options: readonly string[]): string {
  const message = (error as Error).message;
  const unknown = /Unknown option '--([^']+)'/.exec(message)?.[1];
  const nearest = unknown ? nearestOption(unknown, options) : undefined;
  return `${unknown ? `Unknown option '--${unknown}'` : message}${nearest ? `. Did you mean --${nearest}?` : ''}`;
}

export function parseCommandLine<T extends z.ZodType>(
  argv: string[],
  options: NonNullable<ParseArgsConfig['options']>,
  schema: T,
  usage: string,
): z.infer<T> | undefined {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(refusedOptions(error, Object.keys(options)));
  }
  if (values.help) {
    console.log(usage);
    return undefined;
  }
  const { help: _help, ...rest } = values;
  const parsed = schema.safeParse(rest);
  if (!parsed.success)
    throw new UsageError(parsed.error.issues.map((i) => `--${String(i.path[0])} ${i.message}`).join('\n'));
  return parsed.data;
}

/** Errors a command expects (its input is wrong, a local service cannot start): their message alone is printed. */
export interface ExpectedErrors {
  is: (error: unknown) => boolean;
  /** Printed before the message, e.g. "Cannot run the cycle: ". */
  prefix?: string;
  /** The exit code (1 unless given). */
  code?: number;
}

/**
 * Runs a command's `main` when its file is the one node was asked to run (never when a test imports it), and exits
 * with the code it returns. A UsageError prints its message and the usage (exit 2); an expected error its message
 * alone; anything else in full (exit 1).
 */
export function runCommand(
  meta: ImportMeta,
  main: () => number | Promise<number>,
  options: { usage: string; expected?: ExpectedErrors },
): void {
  if (!process.argv[1] || meta.filename !== process.argv[1]) return;
  const failed = (error: unknown): number => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${options.usage}`);
      return 2;
    }
    if (options.expected?.is(error)) {
      console.error(`${options.expected.prefix ?? ''}${(error as Error).message}`);
      return options.expected.code ?? 1;
    }
    // Anything else: what happened in words where they are known, and the details (the stack) in a file, never on
    // screen.
    const message = error instanceof Error ? error.message : String(error);
    const details = join(
      tmpdir(),
      `school-improvement-cycle-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.log`,
    );
    let saved = true;
    try {
      writeFileSync(details, `${error instanceof Error ? (error.stack ?? message) : message}\n`);
    } catch {
      saved = false;
    }
    console.error(
      `${options.expected?.prefix ?? ''}${fileProblem(message) ?? `an unexpected error: ${message.split('\n')[0]}`}${saved ? `\n(The details are in ${details}.)` : ''}`,
    );
    return 1;
  };
  Promise.resolve()
    .then(main)
    .then(
      (code) => process.exit(code),
      (error: unknown) => process.exit(failed(error)),
    );
}

/**
 * The options of a script that runs as it loads (npm run generate:example, real-term, templates, bench): --help prints
 * `usage` and ends it (0); an unknown option, or a misspelled one (with the nearest it has), is said with the usage,
 * before the script does anything, and ends it (2).
 */
export function scriptOptions<const O extends NonNullable<ParseArgsConfig['options']>>(
  options: O,
  usage: string,
  argv: string[] = process.argv.slice(2),
) {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } } as O & {
        help: { type: 'boolean'; short: 'h' };
      },
      strict: true,
      allowPositionals: false,
    });
    if ((values as { help?: boolean }).help) {
      console.log(usage);
      process.exit(0);
    }
    return values;
  } catch (error) {
    console.error(`${refusedOptions(error, Object.keys(options))}\n\n${usage}`);
    process.exit(2);
  }
}
