/** Tells operations staff when a run of the cycle fails or times out. */
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export class CycleAlarms extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: { stateMachine: StateMachine; encryptionKey: IKey; alarmEmail?: string }) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'School-improvement cycle failures', masterKey: props.encryptionKey, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const failures = new MathExpression({
      expression: 'failed + timedOut + aborted',
      usingMetrics: {
        failed: props.stateMachine.metricFailed({ period: Duration.minutes(5) }),
        timedOut: props.stateMachine.metricTimedOut({ period: Duration.minutes(5) }),
        aborted: props.stateMachine.metricAborted({ period: Duration.minutes(5) }),
      },
      label: 'Runs that did not succeed',
    });
    const alarm = new Alarm(this, 'RunFailed', {
      alarmDescription: 'A run of the school-improvement cycle failed, timed out or was aborted; see the CycleRuns table and the execution history.',
      metric: failures,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
  }
}
