/**
 * npm run cycle [-- --data <dir>] [--term <2026-autumn>]... [--store <dir>] [--out <dir>]
 *               [--dynamodb-port 8000] [--ses-port 8005]
 *
 * Runs the termly school-improvement cycle locally: the synthesized state machine, executed by
 * aws-local-stepfunctions over DynamoDB Local and a local SES. With no arguments it runs every term of the
 * bundled example authority in order.
 */
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { compareTerms, isTermId } from '../functions/core/term';
import { count } from '../functions/core/words';
import { CONTEXT_KEY, parseCycleConfig } from '../lib/config';
import { DecisionsInvalid, parseCommandLine, runCommand, UsageError } from './args';
import { AUTHORITY_OPTIONS, authorityArgs } from './authority-options';
import { allStates } from './bind';
import { findChromium, printToPdf } from './browser';
import { fileProblem } from './file-problems';
import type { ProgressEvent } from './local-cycle';
import type { RunningPortal } from './portal';
import { portalWelcome, schoolPeopleWelcome } from './portal-welcome';
import { STAGE_RESULT, type StageOutput, summaryLine } from './progress';
import { REPOSITORY_ROOT } from './repository';
import { checkJava, checkPortFree, LocalSetupError, launchDynamoDbLocal } from './services';
import { termFolders } from './term-folder';

/**
 * What the local SES is sent a second when --send-rate does not say: as fast as the cycle sends (the most
 * cdk.json's sesMaxSendRate allows). The local SES has no quota to keep within; the deployed rate is the account's.
 */
const LOCAL_SEND_RATE = 1000;

/** The bundled example authority's folder. */
const EXAMPLE_DIR = join(REPOSITORY_ROOT, 'example');

const USAGE = `Usage: npm run cycle -- [--data <dir>] [--term <term>]... [--store <dir>] [--out <dir>] [--dynamodb-port <n>] [--ses-port <n>]
  --data   a term's input files, or a folder with one sub-folder per term (default: the bundled example authority)
  --term   the term to run, e.g. 2026-autumn or 2027-spring; repeat for several (default: every term folder in --data, in order)
  --store  keep DynamoDB Local's data and the archived inputs here, so later runs see earlier terms (default: in memory)
  --out    where to write <term>/summary.json, report.html, assessments.csv, rejected.csv and emails/ (default: out)
  --decisions <file>  the AAGs' decisions (CSV or .xlsx) (default: aag-decisions.csv in the term's folder, if any)
  --agree             every AAG agrees every proposed category
  --portal            the AAGs decide in the portal, in a browser: it prints the portal's address and example people to
                      sign in as, and each term waits at AAG moderation until every AAG has submitted or the deadline
  --portal-minutes <n>  with --portal: the AAGs' deadline locally, in minutes (default 10)
  --portal-port <n>   with --portal: the portal's port (default 3000)
  --dry-run           write the letters to <out>/<term>/letters/ instead of sending them
  --confirm-changes   the ECB confirms the term's changes: letters go even if more schools change than its limit allows
  --today <d>         the date each term's run takes as today, e.g. 2027-01-05, or "scheduled": the day its schedule
                      runs it, the term's first day (default: scheduled for the bundled example, each term on its own
                      date, except with --portal; otherwise the day the run starts, or the term's first day if that is later)
  --letter-date <d>   the date the letters bear, e.g. 2027-01-20 (default: the run's date)
  --pdf               also print each term's report to <out>/<term>/report.pdf (A4, with headless Chromium)
  --la <code>         the authority's three-digit LA code (default: cdk.json's laCode); its name comes from the register
  --authority <file>  the authority's settings (JSON or YAML, any of cdk.json's keys: authorityName, laCode, senderAddress, ...)
  --year <year>       the academic year of performance files that say none themselves: ks2=2024/25, or 2024/25 for all; repeatable
  --send-rate <n>     letters sent a second at most (default ${LOCAL_SEND_RATE}: the local SES has no quota; --send-rate 14 paces them as deployed)
  Without decisions from a district's AAG, its proposals stand as if its deadline had passed.`;

const port = z.coerce.number().int().min(1024).max(65535);
const argsSchema = z.object({
  data: z.string().default(EXAMPLE_DIR),
  term: z
    .array(z.string().refine(isTermId, { message: 'takes a term: <year>-<autumn|spring|summer>, e.g. 2026-autumn' }))
    .default([]),
  store: z.string().optional(),
  out: z.string().default('out'),
  'dynamodb-port': port.default(8000),
  'ses-port': port.default(8005),
  decisions: z.string().optional(),
  agree: z.boolean().default(false),
  portal: z.boolean().default(false),
  'portal-minutes': z.coerce
    .number({ message: 'takes a number of minutes, e.g. 10' })
    .positive({ message: 'takes a number of minutes above 0, e.g. 10' })
    .max(24 * 60, { message: 'takes at most a day (1440 minutes)' })
    .default(10),
  'portal-port': port.default(3000),
  'dry-run': z.boolean().default(false),
  'confirm-changes': z.boolean().default(false),
  pdf: z.boolean().default(false),
  'letter-date': z.iso.date({ message: 'takes a date such as 2027-01-20' }).optional(),
  today: z
    .union([z.literal('scheduled'), z.iso.date()], { message: 'takes a date such as 2027-01-05, or scheduled' })
    .optional(),
  'send-rate': z.coerce
    .number({ message: 'takes a number of letters a second, e.g. 14' })
    .positive({ message: 'takes a number of letters a second above 0, e.g. 14' })
    .max(LOCAL_SEND_RATE, { message: `takes at most ${LOCAL_SEND_RATE} letters a second` })
    .default(LOCAL_SEND_RATE),
  ...authorityArgs,
});

function termsToRun(dataDir: string, requested: string[]): string[] {
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory())
    throw new UsageError(`--data ${dataDir}: no such folder`);
  const terms = termFolders(dataDir);
  if (requested.length > 0) {
    // A folder of term folders: each term asked for must be one of them (a folder of one term's files takes any).
    const missing = terms.length > 0 ? requested.filter((term) => !terms.includes(term)) : [];
    if (missing.length > 0)
      throw new UsageError(
        `--term ${missing.join(', ')}: ${dataDir} has no folder for ${missing.length === 1 ? 'that term' : 'those terms'}; it has ${terms.join(', ')}`,
      );
    return [...requested].sort(compareTerms);
  }
  if (terms.length === 0)
    throw new UsageError(
      `${dataDir} has no term folders (such as 2026-autumn/): name the term its files are for with --term`,
    );
  return terms;
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Tasks that wait on a token (the AAGs', the ECB's): their deadline passing is not a failure, and a Pass state says
 * what follows.
 */
let waitingTasks = new Set<string>();

function printProgress(event: ProgressEvent): void {
  const name = event.state.padEnd(28);
  if (event.type === 'state-exited') {
    const describe = STAGE_RESULT[event.state];
    if (!describe) return; // a Choice or Pass state says nothing of its own
    if (event.caught) return; // it failed (said above with ✗) and went to "Record failure": never a ✓
    let detail = '';
    try {
      detail = event.output ? describe(event.output as StageOutput) : '';
    } catch {
      detail = '';
    }
    say(`  ✓ ${name} ${detail} (${(event.ms / 1000).toFixed(1)} s)`);
  } else if (event.type === 'state-retried') {
    say(`  ↻ ${name} retrying (attempt ${event.attempt})`);
  } else if (event.type === 'state-failed') {
    if (event.error === 'States.Timeout' && waitingTasks.has(event.state)) return;
    say(`  ✗ ${name} ${event.error}`);
  }
}

type CycleArgs = z.infer<typeof argsSchema>;

/**
 * Chooses the authority and starts the local cycle. DynamoDB Local's Java takes about 3 s to boot: it is launched
 * first, and boots while this process loads the CDK app and the cycle's functions and synthesizes the stack.
 */
async function startCycle(args: CycleArgs, dataDir: string, terms: string[]) {
  checkJava();
  // The store is taken first (another run holding it is named), then the ports.
  const dynamoDb = await launchDynamoDbLocal(
    args['dynamodb-port'],
    args.store ? join(resolve(args.store), 'dynamodb') : undefined,
  );
  try {
    await checkPortFree(args['ses-port'], 'the local SES', '--ses-port');
    const [{ chooseAuthority, performanceYears }, localCycle] = await Promise.all([
      import('./authority'),
      import('./local-cycle'),
    ]);
    const authority = chooseAuthority({ la: args.la, authorityFile: args.authority, dataDir });
    const years = performanceYears(args.year);
    console.log(
      `School-improvement cycle, run locally for ${authority.authorityName} (LA ${authority.laCode}): ${terms.join(', ')} from ${relative(process.cwd(), dataDir) || '.'}`,
    );
    console.log('  synthesizing the CDK app and starting DynamoDB Local and the local SES ...');
    const cycle = await localCycle.LocalCycle.start({
      storeDir: args.store ? resolve(args.store) : undefined,
      dynamoDbPort: args['dynamodb-port'],
      sesPort: args['ses-port'],
      dynamoDb,
      context: { [CONTEXT_KEY]: authority },
      environment: { SES_MAX_SEND_RATE: String(args['send-rate']) },
      // With --portal, the AAGs' deadline lasts --portal-minutes (the ECB's shrinks with it).
      ...(args.portal
        ? { deadlineHourSeconds: (args['portal-minutes'] * 60) / parseCycleConfig(authority).moderationDeadlineHours }
        : {}),
    });
    return { cycle, authority, years };
  } catch (error) {
    await dynamoDb.stop();
    throw error;
  }
}

async function main(): Promise<number> {
  const args = parseCommandLine(
    process.argv.slice(2),
    {
      data: { type: 'string' },
      term: { type: 'string', multiple: true },
      store: { type: 'string' },
      out: { type: 'string' },
      'dynamodb-port': { type: 'string' },
      'ses-port': { type: 'string' },
      decisions: { type: 'string' },
      agree: { type: 'boolean' },
      portal: { type: 'boolean' },
      'portal-minutes': { type: 'string' },
      'portal-port': { type: 'string' },
      'dry-run': { type: 'boolean' },
      'confirm-changes': { type: 'boolean' },
      pdf: { type: 'boolean' },
      'letter-date': { type: 'string' },
      today: { type: 'string' },
      'send-rate': { type: 'string' },
      ...AUTHORITY_OPTIONS,
    },
    argsSchema,
    USAGE,
  );
  if (!args) return 0;
  if ([args.agree, Boolean(args.decisions), args.portal].filter(Boolean).length > 1)
    throw new UsageError('give one of --decisions, --agree and --portal');
  if (args.portal && args.today && (args.today === 'scheduled' || args.today < new Date().toISOString().slice(0, 10)))
    throw new UsageError(
      `--portal with --today ${args.today}: the AAGs decide in the portal today, so the run cannot be dated earlier (its letters would cite decisions made after their date)`,
    );
  if (args.pdf && !findChromium().path) throw new UsageError(`--pdf needs headless Chromium: ${findChromium().why}`);
  const dataDir = resolve(args.data);
  const terms = termsToRun(dataDir, args.term);
  const { cycle, authority, years } = await startCycle(args, dataDir, terms);
  const tasks = Object.values(cycle.definition.States).filter((s) => s.Type === 'Task').length;
  waitingTasks = new Set(
    allStates(cycle.definition).flatMap(([name, s]) =>
      String(s.Resource ?? '').endsWith('.waitForTaskToken') ? [name] : [],
    ),
  );
  console.log(
    `  ${tasks} Task states bound to the stack's handlers; DynamoDB Local ${cycle.dynamoDbEndpoint}${args.store ? ` (data in ${args.store})` : ' (in memory)'}; SES ${cycle.sesEndpoint}, sent at most ${args['send-rate']} letters a second`,
  );
  let failed = false;
  let portal: RunningPortal | undefined;
  let schoolPeopleShown = false;
  try {
    if (args.portal) {
      await checkPortFree(args['portal-port'], 'the portal', '--portal-port');
      portal = await cycle.startPortal({
        moderationDeadlineHours: args['portal-minutes'] / 60,
        port: args['portal-port'],
        outDir: resolve(args.out),
        dataDir,
      });
      say(portalWelcome(portal));
      say(
        `  At AAG moderation each term waits until every AAG's chair has submitted in the portal, or ${args['portal-minutes']} minutes pass (--portal-minutes); then the proposals of the areas that did not submit stand. The ECB answers there too (its questions on warning notices, a term whose changes pass its limit), each waited for as long.`,
      );
    }
    for (const term of terms) {
      say(`\n${term}`);
      const result = await cycle.runTerm(term, {
        dataDir,
        outDir: resolve(args.out),
        onEvent: printProgress,
        decisions: args.portal ? 'portal' : args.agree ? 'agree' : args.decisions ? resolve(args.decisions) : undefined,
        // With --portal the ECB answers there too: on warning notices and on a held term.
        ...(args.portal ? { ecbDecisions: 'portal' } : {}),
        onAagDecisions: (district, outcome) =>
          say(
            `  ↳ the ${district} AAG's decisions, submitted in the portal: ${outcome === 'passed on' ? 'passed to the cycle' : outcome}`,
          ),
        dryRun: args['dry-run'],
        confirmChanges: args['confirm-changes'],
        letterDate: args['letter-date'],
        // The bundled example is a history: each of its terms runs on its own scheduled day unless told otherwise. With
        // --portal the AAGs decide today, so the run is dated today: a letter never cites a decision made after it.
        today: args.today ?? (dataDir === EXAMPLE_DIR && !args.portal ? 'scheduled' : undefined),
        performanceYears: years,
      });
      const outDir = relative(process.cwd(), join(resolve(args.out), term)) || '.';
      if (result.status === 'succeeded') {
        const s = result.summary;
        say(
          `  → ${outDir}/: report.html (aag/ has each AAG area's, schools/ a page per school), summary.json, assessments.csv, intake-report.txt, rejected.csv, missing-contacts.csv, function-logs.txt; ${count(result.emails.length, 'email')} sent this run saved in emails/`,
        );
        if (args.pdf) {
          const pages = await printToPdf(
            join(resolve(args.out), term, 'report.html'),
            join(resolve(args.out), term, 'report.pdf'),
            `${authority.authorityName}: school improvement, ${term}. Confidential.`,
          );
          say(`    report.pdf: ${pages} A4 pages`);
        }
        say(`    ${summaryLine(s, args['dry-run'])}`);
        if (portal && !schoolPeopleShown) {
          const welcome = schoolPeopleWelcome(await portal.schoolPeople(), term);
          if (welcome) {
            say(welcome);
            schoolPeopleShown = true;
          }
        }
      } else {
        failed = true;
        // A file that could not be written is said in words (the stage recorded only the message).
        const words = fileProblem(String(result.cause));
        console.error(
          `  The ${term} run failed and stopped: ${words ? `${result.error}: ${words}` : `${result.error}: ${result.cause}`}`,
        );
        console.error(
          `  Nothing after the failed stage ran. Fix the cause and run the term again; letters already sent will not be sent twice.`,
        );
        break;
      }
    }
  } finally {
    await cycle.stop();
  }
  // From the command's start, loading included.
  console.log(`\nDone in ${process.uptime().toFixed(1)} s.`);
  return failed ? 1 : 0;
}

runCommand(import.meta, main, {
  usage: USAGE,
  expected: {
    is: (error) => error instanceof LocalSetupError || error instanceof DecisionsInvalid,
    prefix: 'Cannot run the cycle: ',
    code: 2,
  },
});
