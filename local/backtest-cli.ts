/**
 * npm run backtest -- --store <dir> [--methodology <file>] [--dynamodb-port <n>]
 *
 * The early-warning policy measured on the terms a local store holds (npm run cycle -- --store <dir>): each term is
 * replayed from its stored schools and evidence with the policy of the methodology in force (or --methodology, to
 * try other thresholds), and the command prints how many flagged schools went on to a category of concern
 * (precision), how many terms ahead (lead time) and how many declines it missed.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { backtest, backtestLines, type ReplayedTerm } from '../functions/core/assessment/backtest';
import { earlyWarning } from '../functions/core/assessment/early-warning';
import { brokeredCategories } from '../functions/core/assessment/methodology';
import { termStartDate } from '../functions/core/term';
import { loadMethodologyFile } from '../functions/adapters/methodology-file';
import { loadAssessments, loadEvidence, loadSchools, termsRun } from '../functions/adapters/cycle-store';
import { resetDocumentClient } from '../functions/adapters/dynamo';
import { CONTEXT_KEY, parseCycleConfig } from '../lib/config';
import { parseCommandLine, UsageError } from './args';
import { freePort, LOCAL_CREDENTIALS, LocalSetupError, startDynamoDbLocal } from './services';
import { cdkJsonContext, LOCAL_REGION, sharedEnvironment, synthesizeTemplate } from './template';
import { REPOSITORY_ROOT } from './repository';

const USAGE = `Usage: npm run backtest -- --store <dir> [--methodology <file>] [--dynamodb-port <n>]
  --store        the local store a cycle kept (npm run cycle -- --store <dir>)
  --methodology  a methodology file whose earlyWarning policy to replay (default: the one in force, cdk.json)`;

const argsSchema = z.object({ store: z.string().min(1, { message: 'takes the store a cycle kept' }), methodology: z.string().optional(), 'dynamodb-port': z.coerce.number().int().min(1024).max(65535).optional() });

async function main(): Promise<number> {
  let args: z.infer<typeof argsSchema> | undefined;
  try {
    args = parseCommandLine(process.argv.slice(2), { store: { type: 'string' }, methodology: { type: 'string' }, 'dynamodb-port': { type: 'string' } }, argsSchema, USAGE);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (!args) return 0;
  const dataDir = join(resolve(args.store), 'dynamodb');
  if (!existsSync(dataDir)) {
    console.error(`${args.store} is not a store a cycle kept: run the terms with npm run cycle -- --store ${args.store} first.`);
    return 1;
  }
  const context = cdkJsonContext(REPOSITORY_ROOT);
  const config = parseCycleConfig(context[CONTEXT_KEY]);
  const methodology = loadMethodologyFile(args.methodology ? resolve(args.methodology) : join(REPOSITORY_ROOT, config.methodology));
  const policy = methodology.earlyWarning;
  if (!policy) {
    console.error(`${methodology.id} has no earlyWarning policy to replay.`);
    return 1;
  }
  const template = synthesizeTemplate(context);
  const dynamo = await startDynamoDbLocal(args['dynamodb-port'] ?? (await freePort()), dataDir);
  try {
    // The cycle's own adapters read the store, as the stage functions do.
    for (const name of ['SCHOOLS_TABLE', 'EVIDENCE_TABLE', 'ASSESSMENTS_TABLE', 'CYCLE_RUNS_TABLE']) process.env[name] = sharedEnvironment(template, name)!;
    Object.assign(process.env, { AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint, AWS_REGION: LOCAL_REGION, AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey });
    resetDocumentClient();
    const terms = await termsRun();
    if (terms.length < 2) {
      console.error(`The store holds ${terms.length} term${terms.length === 1 ? '' : 's'} run: a backtest needs at least two.`);
      return 1;
    }
    const replayed: ReplayedTerm[] = [];
    for (const term of terms) {
      const [schools, evidence, assessments] = await Promise.all([loadSchools(term), loadEvidence(term), loadAssessments(term)]);
      const asOf = termStartDate(term, config.termStartDates);
      const of = <T extends { urn: string }>(xs: readonly T[], urn: string) => xs.filter((x) => x.urn === urn);
      const categories = new Map(assessments.map((a) => [a.urn, a.category]));
      const flagged = new Set(
        schools
          .filter((s) => policy.categories.includes(categories.get(s.urn) ?? '') && earlyWarning({ school: s, inspections: of(evidence.inspections, s.urn), intelligence: of(evidence.intelligence, s.urn), performance: of(evidence.performance, s.urn) }, policy, asOf))
          .map((s) => s.urn),
      );
      replayed.push({ term, categories, flagged });
    }
    console.log(backtestLines(backtest(replayed, brokeredCategories(methodology)), policy.id).join('\n'));
    return 0;
  } finally {
    await dynamo.stop();
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof LocalSetupError ? error.message : error);
      process.exit(1);
    },
  );
}
