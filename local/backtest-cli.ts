/**
 * npm run backtest [-- --data <dir> ...] [-- --store <dir>] [--methodology <file>] [--dynamodb-port <n>]
 *
 * The early-warning policy measured over earlier terms, with the policy of the methodology in force (or
 * --methodology, to try other thresholds): it prints how many flagged schools went on to a category of concern
 * (precision), how many terms ahead (lead time) and how many declines it missed. The terms come from the term
 * folders of --data (by default the example's history, example/history/, and its two terms), each read with intake
 * and categorised by the methodology; or, with --store, from the schools, evidence and agreed categories a local
 * store kept (npm run cycle -- --store <dir>).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { loadAssessments, loadEvidence, loadSchools, termsRun } from '../functions/adapters/cycle-store';
import { resetDocumentClient } from '../functions/adapters/dynamo';
import { loadMethodologyFile } from '../functions/adapters/methodology-file';
import {
  backtest,
  backtestLines,
  flaggedSchools,
  type ReplayedTerm,
  replayTermFiles,
} from '../functions/core/assessment/backtest';
import type { EarlyWarningPolicy } from '../functions/core/assessment/early-warning';
import { brokeredCategories, type Methodology } from '../functions/core/assessment/methodology';
import { readTermIntake } from '../functions/core/intake';
import { compareTerms, termStartDate } from '../functions/core/term';
import { CONTEXT_KEY, parseCycleConfig } from '../lib/config';
import { parseCommandLine, runCommand, UsageError } from './args';
import { REPOSITORY_ROOT } from './repository';
import { LOCAL_CREDENTIALS, LocalSetupError } from './services';
import { openLocalStore } from './store';
import { cdkJsonContext, LOCAL_REGION, sharedEnvironment, synthesizedTemplate } from './template';
import { readTermFolder, termFolders } from './term-folder';

const USAGE = `Usage: npm run backtest [-- --data <dir> ...] [-- --store <dir>] [--methodology <file>]
  --data         a folder of term folders (2025-spring/, ...) to replay from their files; repeat it for several
                 (default: the example's history, example/history/, and its terms, example/)
  --store        instead, the terms a local store kept (npm run cycle -- --store <dir>), with their agreed categories
  --methodology  a methodology file whose earlyWarning policy to replay (default: the one in force, cdk.json)
  --la           the authority's LA code in the files (default: laCode in cdk.json)
  --dynamodb-port  with --store, the port for DynamoDB Local`;

const argsSchema = z
  .object({
    data: z.array(z.string().min(1)).optional(),
    store: z.string().min(1, { message: 'takes the store a cycle kept' }).optional(),
    methodology: z.string().optional(),
    la: z
      .string()
      .regex(/^\d{3}$/, { message: 'takes a three-digit LA code' })
      .optional(),
    'dynamodb-port': z.coerce.number().int().min(1024).max(65535).optional(),
  })
  .refine((a) => !(a.data && a.store), {
    message: 'and --store cannot both be given: replay files or a store',
    path: ['data'],
  });

/** Every term folder under the given folders, read with intake and categorised by the methodology, in time order. */
function replayFolders(
  dirs: readonly string[],
  methodology: Methodology,
  policy: EarlyWarningPolicy,
  laCode: string,
  termStartDates: Parameters<typeof termStartDate>[1],
): ReplayedTerm[] | string {
  const terms: { term: string; dir: string }[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) return `${dir}: no such folder`;
    for (const term of termFolders(dir)) {
      if (terms.some((t) => t.term === term))
        return `${term} is in more than one of the folders given: give each term once`;
      terms.push({ term, dir });
    }
  }
  terms.sort((a, b) => compareTerms(a.term, b.term));
  return terms.map(({ term, dir }) => {
    const asOf = termStartDate(term, termStartDates);
    const intake = readTermIntake(readTermFolder(dir, term).files, { laCode, notAfter: asOf });
    return replayTermFiles(term, intake, methodology, policy, asOf);
  });
}

async function main(): Promise<number> {
  let args: z.infer<typeof argsSchema> | undefined;
  try {
    args = parseCommandLine(
      process.argv.slice(2),
      {
        data: { type: 'string', multiple: true },
        store: { type: 'string' },
        methodology: { type: 'string' },
        la: { type: 'string' },
        'dynamodb-port': { type: 'string' },
      },
      argsSchema,
      USAGE,
    );
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (!args) return 0;
  const context = cdkJsonContext(REPOSITORY_ROOT);
  const config = parseCycleConfig(context[CONTEXT_KEY]);
  const methodology = loadMethodologyFile(
    args.methodology ? resolve(args.methodology) : join(REPOSITORY_ROOT, config.methodology),
  );
  const policy = methodology.earlyWarning;
  if (!policy) {
    console.error(`${methodology.id} has no earlyWarning policy to replay.`);
    return 1;
  }
  const report = (replayed: readonly ReplayedTerm[], from: string) => {
    if (replayed.length < 2) {
      console.error(
        `${from} holds ${replayed.length} term${replayed.length === 1 ? '' : 's'}: a backtest needs at least two.`,
      );
      return 1;
    }
    console.log(`Replayed ${from}: ${replayed[0]!.term} to ${replayed.at(-1)!.term}`);
    console.log(backtestLines(backtest(replayed, brokeredCategories(methodology)), policy.id).join('\n'));
    return 0;
  };
  if (!args.store) {
    const dirs = (args.data ?? [join(REPOSITORY_ROOT, 'example', 'history'), join(REPOSITORY_ROOT, 'example')]).map(
      (d) => resolve(d),
    );
    const replayed = replayFolders(dirs, methodology, policy, args.la ?? config.laCode, config.termStartDates);
    if (typeof replayed === 'string') {
      console.error(replayed);
      return 1;
    }
    return report(replayed, `the term folders' files (categories as the methodology proposes them)`);
  }
  const store = await openLocalStore(args.store, args['dynamodb-port']);
  if ('missing' in store) {
    console.error(store.missing);
    return 1;
  }
  const { dynamo } = store;
  try {
    const template = await synthesizedTemplate(context);
    // The cycle's own adapters read the store, as the stage functions do.
    for (const name of ['SCHOOLS_TABLE', 'EVIDENCE_TABLE', 'ASSESSMENTS_TABLE', 'CYCLE_RUNS_TABLE'])
      process.env[name] = sharedEnvironment(template, name)!;
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    });
    resetDocumentClient();
    const replayed: ReplayedTerm[] = [];
    for (const term of await termsRun()) {
      const [schools, evidence, assessments] = await Promise.all([
        loadSchools(term),
        loadEvidence(term),
        loadAssessments(term),
      ]);
      const categories = new Map(assessments.map((a) => [a.urn, a.category]));
      replayed.push({
        term,
        categories,
        flagged: flaggedSchools(
          { schools, ...evidence },
          categories,
          policy,
          termStartDate(term, config.termStartDates),
        ),
      });
    }
    return report(replayed, `the store ${args.store} (the AAGs' agreed categories)`);
  } finally {
    await dynamo.stop();
  }
}

runCommand(import.meta, main, { usage: USAGE, expected: { is: (error) => error instanceof LocalSetupError } });
