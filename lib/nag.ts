/**
 * cdk-nag (AwsSolutions pack) acknowledgements. Every one carries the reason it is safe; each names the
 * exact finding, so a new wildcard that nobody has reasoned about still fails the synth.
 */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export function acknowledge(scope: IConstruct, findings: readonly string[], reason: string): void {
  for (const id of findings) Validations.of(scope).acknowledge({ id, reason });
}

/** "<LogicalId.Arn>", as cdk-nag writes a resource's ARN in a finding. */
export function arnToken(resource: IConstruct): string {
  const stack = Stack.of(resource);
  const logicalId = stack.resolve(stack.getLogicalId(resource.node.defaultChild as CfnElement)) as string;
  return `<${logicalId}.Arn>`;
}

export const REASONS = {
  xray: 'X-Ray PutTraceSegments and PutTelemetryRecords support no resource-level permissions, so tracing needs Resource::*.',
  kms: "CDK's table and bucket grants add kms:GenerateDataKey* and kms:ReEncrypt* on the cycle's own customer-managed key only; both are needed to write encrypted items and objects.",
  s3Prefix:
    'The stage may touch objects under its own prefixes only (inputs/, archive/, reports/, records/ or batches/ of the term files bucket; the portal writes only records/<term>/responses/, the files schools give with their responses); keys beneath them are per term and file, so a wildcard is required.',
  s3Actions:
    "CDK's grantRead/grantPut action groups (s3:GetObject*, s3:GetBucket*, s3:List*, s3:Abort*) on the term files bucket and the stage's own prefix only.",
  lambdaVersions:
    "Step Functions' LambdaInvoke grant covers the stage function and its versions and aliases (<function ARN>:*); no other function.",
  tableIndexes:
    "CDK's table grants cover the table's indexes (<table ARN>/index/*); the sent-emails table has exactly two, by SES message id and by term, which these functions query to record and report what became of each letter; the evidence table has one, by term and kind, which the stages query for the kinds of evidence they read on their own; the audit trail has one, by term and a shard of the URN, which the school pages query for a batch's schools' trails.",
  sesAccount:
    "SES's GetAccount and ListEmailIdentities describe the account's sending status and verified identities and support no resource-level permissions; the pre-flight check's other SES calls name the stage's own identity and configuration set.",
  deadLetterQueue:
    'This queue is itself a dead-letter queue: what lands in it failed every retry, an alarm counts each arrival, and an operator reads it (docs/operator.md, Operations); a queue behind it would only move the message again.',
  invokedSync:
    "Step Functions invokes the stage functions synchronously, retries transient errors and catches every failure into Record failure (and the AAG decisions' function is invoked by its stream's event source mapping, whose failures go to its own dead-letter queue): an asynchronous-invocation dead-letter queue would never receive anything.",
  runtime:
    "The functions run on nodejs24.x, Lambda's newest Node.js runtime (supported until 2028); cdk-nag's rule compares against the latest runtime the installed CDK knows of, and moving past it is a deliberate, tested upgrade.",
} as const;
