/**
 * EventBridge Scheduler schedules that start the cycle on the first day of each term (autumn, spring, summer),
 * in the authority's time zone. Each passes its season; the intake stage names the term from the run's year.
 */
import { TimeZone } from 'aws-cdk-lib';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { SEASONS } from '../functions/core/term';
import type { CycleConfig } from './config';

export class TermlySchedules extends Construct {
  readonly schedules: Schedule[];

  constructor(scope: Construct, id: string, props: { stateMachine: IStateMachine; config: CycleConfig }) {
    super(scope, id);
    const timeZone = TimeZone.of(props.config.timeZone);
    this.schedules = [...SEASONS].reverse().map((season) => {
      const [month, day] = props.config.termStartDates[season].split('-');
      const name = season.charAt(0).toUpperCase() + season.slice(1);
      return new Schedule(this, `${name}Term`, {
        description: `Starts the school-improvement cycle for the ${season} term`,
        schedule: ScheduleExpression.cron({ minute: '0', hour: String(props.config.scheduleHour), day: String(Number(day)), month: String(Number(month)), timeZone }),
        target: new StepFunctionsStartExecution(props.stateMachine, {
          input: ScheduleTargetInput.fromObject({ season }),
          retryAttempts: 3,
        }),
      });
    });
  }
}
