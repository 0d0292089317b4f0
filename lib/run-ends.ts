/**
 * A run that ends without reaching its own "Record failure" state (stopped by hand, or past the execution's
 * timeout) is still recorded, and its claim on the term released: Step Functions publishes the execution's status
 * change to the default event bus, and a rule hands this state machine's ABORTED and TIMED_OUT changes to the
 * function that records them.
 */
import { Duration } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export class RunEnds extends Construct {
  readonly rule: Rule;

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
    this.rule.addTarget(new LambdaFunction(props.recorder, { retryAttempts: 20, maxEventAge: Duration.hours(24) }));
  }
}
