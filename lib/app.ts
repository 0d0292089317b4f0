/** Builds the stack into an app; shared by bin/app.ts, the tests and the local runner. */
import { Annotations, type App } from 'aws-cdk-lib';
import { CONTEXT_KEY, DEFAULT_STAGE, parseCycleConfig, stackNameFor, stageSchema } from './config';
import { SchoolImprovementStack } from './school-improvement-stack';

/** The region the cycle is meant for: the UK, where the authority's staff contact details belong. */
export const HOME_REGION = 'eu-west-2';

/** The stage to build: `-c stage=<name>` (staging unless named). */
export function stageOf(app: App): string {
  const named = app.node.tryGetContext('stage') as unknown;
  const parsed = stageSchema.safeParse(named ?? DEFAULT_STAGE);
  if (!parsed.success)
    throw new Error(`-c stage=${String(named)} is not a stage name: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export function buildApp(app: App): SchoolImprovementStack {
  const stage = stageOf(app);
  const config = parseCycleConfig(app.node.tryGetContext(CONTEXT_KEY), stage);
  const stack = new SchoolImprovementStack(app, stackNameFor(stage), {
    config,
    stage,
    description: `School-improvement cycle for ${config.authorityName} (${stage})`,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: config.region },
    // Production's tables and letters matter: deleting its stack takes a deliberate step.
    terminationProtection: stage === 'production',
  });
  if (config.region !== HOME_REGION) {
    Annotations.of(stack).addWarningV2(
      'school-improvement-cycle:region',
      `This stage deploys to ${config.region}, not ${HOME_REGION} (London): the cycle holds headteachers' and governors' contact details, so check that the authority's data-protection assessment allows that region.`,
    );
  }
  return stack;
}
