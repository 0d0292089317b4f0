/**
 * A run that ends without reaching its own "Record failure" state (stopped by hand, or past the execution's
 * timeout) is still recorded, and its claim on the term released: Step Functions publishes the execution's status
 * change to the default event bus, and a rule hands this state machine's ABORTED and TIMED_OUT changes to the
 * function that records them. An event the rule could not deliver after every retry goes to a dead-letter queue,
 * watched by an alarm.
 */
import { Duration } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from './nag';

export class RunEnds extends Construct {
  readonly rule: Rule;
  /** Status changes the rule could not hand to the recorder after every retry. */
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: { stateMachine: IStateMachine; recorder: IFunction }) {
    super(scope, id);
    this.rule = new Rule(this, 'StoppedOrTimedOut', {
      description: 'Runs of the school-improvement cycle stopped by hand or timed out, to record them and free their term',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: [props.stateMachine.stateMachineArn], status: ['ABORTED', 'TIMED_OUT'] },
      },
    });
    this.deadLetters = new Queue(this, 'NotRecorded', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    acknowledge(this.deadLetters, ['AwsSolutions-SQS3'], "This queue is the run-ends rule's dead-letter queue: what lands in it is a stopped run the rule could not record after every retry, watched by an alarm.");
    this.rule.addTarget(new LambdaFunction(props.recorder, { retryAttempts: 20, maxEventAge: Duration.hours(24), deadLetterQueue: this.deadLetters }));
  }
}
