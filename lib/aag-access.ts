/**
 * Each AAG's own way in. An AAG puts its decisions in under its own district in the aag-decisions table
 * (npm run moderate); the table's stream hands each item to the function that answers that district's task
 * token. The managed policy here is the one an authority attaches to each AAG's role or user, tagged
 * `aag-district` (the area as the proposals sheet names it) and `aag-proposals` (the sheet's file name,
 * e.g. "ashdown"): it reaches that district's items and proposals only, so no AAG can decide another's schools.
 * Decisions the function could not pass on after every retry land in a dead-letter queue, watched by an alarm.
 */
import { ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { type IFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge, arnToken } from './nag';

/** The principal tags the AAG policy reads: which district an AAG's identity speaks for, and its proposals sheet. */
export const AAG_DISTRICT_TAG = 'aag-district';
export const AAG_PROPOSALS_TAG = 'aag-proposals';

export class AagAccess extends Construct {
  /** Attach to each AAG's role or user, tagged aag-district and aag-proposals. */
  readonly policy: ManagedPolicy;
  /** Decisions that could not be passed to the cycle after every retry. */
  readonly deadLetters: Queue;

  constructor(
    scope: Construct,
    id: string,
    props: { decisions: Table; receiver: IFunction; bucket: IBucket; encryptionKey: IKey },
  ) {
    super(scope, id);
    const stack = Stack.of(this);
    this.deadLetters = new Queue(this, 'DecisionsNotPassedOn', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.deadLetters,
      ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy'],
      'This queue is the dead-letter queue of the AAG decisions stream: what lands in it is a stream batch that failed every retry, watched by an alarm.',
    );
    props.receiver.addEventSource(
      new DynamoEventSource(props.decisions, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        retryAttempts: 10,
        bisectBatchOnError: true,
        maxRecordAge: Duration.days(1),
        onFailure: new SqsDlq(this.deadLetters),
      }),
    );

    const district = `\${aws:PrincipalTag/${AAG_DISTRICT_TAG}}`;
    const tagged = { Null: { [`aws:PrincipalTag/${AAG_DISTRICT_TAG}`]: 'false' } };
    this.policy = new ManagedPolicy(this, 'AagPolicy', {
      description:
        "One AAG's access to the school-improvement cycle: its own district's decisions and proposals only (the identity's aag-district and aag-proposals tags)",
      statements: [
        new PolicyStatement({
          sid: 'OwnDistrictDecisionsOnly',
          actions: ['dynamodb:PutItem', 'dynamodb:GetItem'],
          resources: [props.decisions.tableArn],
          conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [district] }, ...tagged },
        }),
        new PolicyStatement({
          sid: 'OwnDistrictProposalsOnly',
          actions: ['s3:GetObject'],
          resources: [props.bucket.arnForObjects(`reports/*/proposals/\${aws:PrincipalTag/${AAG_PROPOSALS_TAG}}.*`)],
          conditions: { Null: { [`aws:PrincipalTag/${AAG_PROPOSALS_TAG}`]: 'false' } },
        }),
        new PolicyStatement({
          sid: 'TheCycleKeyThroughDynamoDbAndS3',
          actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
          resources: [props.encryptionKey.keyArn],
          conditions: {
            StringEquals: {
              'kms:ViaService': [`dynamodb.${stack.region}.amazonaws.com`, `s3.${stack.region}.amazonaws.com`],
            },
          },
        }),
        new PolicyStatement({
          sid: 'FindTheCycle',
          actions: ['cloudformation:DescribeStacks'],
          resources: [
            stack.formatArn({
              service: 'cloudformation',
              resource: 'stack',
              resourceName: `${stack.stackName}/*`,
              arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
            }),
          ],
        }),
      ],
    });
    // cdk-nag writes a value CloudFormation fills in as <AWS::...>.
    const named = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
    const stackArn = `arn:${named(stack.partition, 'Partition')}:cloudformation:${named(stack.region, 'Region')}:${named(stack.account, 'AccountId')}:stack/${stack.stackName}/*`;
    acknowledge(
      this.policy,
      [
        `AwsSolutions-IAM5[Resource::${arnToken(props.bucket)}/reports/*/proposals/<aws:PrincipalTag/${AAG_PROPOSALS_TAG}>.*]`,
        `AwsSolutions-IAM5[Resource::${stackArn}]`,
      ],
      "An AAG reads its own district's proposals sheet in any term (the term is the wildcard; the file is its own tag's) and finds this stack's outputs (the stack id after its name is the wildcard).",
    );
  }
}
