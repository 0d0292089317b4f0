/**
 * npm run report -- --term <term> [--out <dir>] --pdf
 *
 * Prints a term's report (written by npm run cycle to <out>/<term>/report.html) to an A4 PDF beside it, with
 * headless Chromium: table headers repeated on each page, and page numbers.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { isTermId } from '../functions/core/term';
import { parseCommandLine, runCommand, UsageError } from './args';
import { findChromium, printToPdf } from './browser';

const USAGE = `Usage: npm run report -- --term <term> [--out <dir>] --pdf
  --term   the term whose report to print, e.g. 2027-spring
  --out    where npm run cycle wrote it (default: out)
  --pdf    print <out>/<term>/report.html to report.pdf (A4), with headless Chromium (Debian's chromium, or CHROMIUM_PATH)`;

const argsSchema = z.object({
  term: z.string().refine(isTermId, { message: 'takes a term such as 2027-spring' }),
  out: z.string().default('out'),
  pdf: z.boolean().default(false),
});

async function main(): Promise<number> {
  let args: z.infer<typeof argsSchema> | undefined;
  try {
    args = parseCommandLine(
      process.argv.slice(2),
      { term: { type: 'string' }, out: { type: 'string' }, pdf: { type: 'boolean' } },
      argsSchema,
      USAGE,
    );
    if (args && !args.pdf) throw new UsageError('say what to make: --pdf');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (!args) return 0;
  const html = join(resolve(args.out), args.term, 'report.html');
  if (!existsSync(html)) {
    console.error(
      `There is no report at ${relative(process.cwd(), html)}: run the term first (npm run cycle -- --term ${args.term} --out ${args.out}).`,
    );
    return 1;
  }
  const chromium = findChromium();
  if (!chromium.path) {
    console.error(`Cannot print the report: ${chromium.why}.`);
    return 1;
  }
  const pdf = join(resolve(args.out), args.term, 'report.pdf');
  const pages = await printToPdf(html, pdf, `School improvement, ${args.term}. Confidential.`);
  console.log(`${relative(process.cwd(), pdf)}: ${pages} A4 pages`);
  return 0;
}

runCommand(import.meta, main, { usage: USAGE });
