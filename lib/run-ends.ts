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
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export class RunEnds extends Construct {
  readonly rule: Rule;
  /** Status changes the rule could not hand to the recorder after every retry. */
  readonly deadLetters: Queue;

  constructor(
    scope: Construct,
    id: string,
    props: { stateMachine: IStateMachine; recorder: IFunction; deadLetters: Queue },
  ) {
    super(scope, id);
    this.rule = new Rule(this, 'StoppedOrTimedOut', {
      description:
        'Runs of the school-improvement cycle stopped by hand or timed out, to record them and free their term',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: [props.stateMachine.stateMachineArn], status: ['ABORTED', 'TIMED_OUT'] },
      },
    });
    // One dead-letter queue for the status change, whether the rule could not deliver it or the recorder failed on it.
    this.deadLetters = props.deadLetters;
    this.rule.addTarget(
      new LambdaFunction(props.recorder, {
        retryAttempts: 20,
        maxEventAge: Duration.hours(24),
        deadLetterQueue: this.deadLetters,
      }),
    );
  }
}
