/** Builds the stack into an app; shared by bin/app.ts, the tests and the local runner. */
import type { App } from 'aws-cdk-lib';
import { CONTEXT_KEY, parseCycleConfig } from './config';
import { SchoolImprovementStack } from './school-improvement-stack';

export const STACK_NAME = 'SchoolImprovementCycle';

export function buildApp(app: App): SchoolImprovementStack {
  const config = parseCycleConfig(app.node.tryGetContext(CONTEXT_KEY));
  return new SchoolImprovementStack(app, STACK_NAME, {
    config,
    description: `School-improvement cycle for ${config.authorityName}`,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
}
