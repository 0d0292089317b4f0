/**
 * The school people in the portal's user pool (functions/handlers/school-users.ts): an EventBridge rule hands each
 * SUCCEEDED run of this stage's state machine to the function, which invites the newest term's headteachers, chairs of
 * governors and trust board chairs, and takes a replaced one's school group away. It may list the pool's groups and
 * their users, make a group, invite a user and add or remove one from a group: nothing else of the pool. An event it
 * could not handle after every retry goes to its dead-letter queue, watched by an alarm.
 */
import { Duration } from 'aws-cdk-lib';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction as LambdaTarget } from 'aws-cdk-lib/aws-events-targets';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export interface SchoolUsersProps {
  readonly stateMachine: IStateMachine;
  /** The function (lib/stages.ts EVENT_FUNCTIONS.schoolUsers). */
  readonly inviter: LambdaFunction;
  readonly userPool: IUserPool;
  readonly deadLetters: IQueue;
}

export class SchoolUsers extends Construct {
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: SchoolUsersProps) {
    super(scope, id);
    props.inviter.addEnvironment('PORTAL_USER_POOL_ID', props.userPool.userPoolId);
    props.userPool.grant(
      props.inviter,
      'cognito-idp:ListGroups',
      'cognito-idp:ListUsersInGroup',
      'cognito-idp:CreateGroup',
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminAddUserToGroup',
      'cognito-idp:AdminRemoveUserFromGroup',
    );
    this.rule = new Rule(this, 'RunSucceeded', {
      description: "Succeeded runs of the school-improvement cycle, to invite the newest term's school people",
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: [props.stateMachine.stateMachineArn], status: ['SUCCEEDED'] },
      },
    });
    this.rule.addTarget(
      new LambdaTarget(props.inviter, {
        retryAttempts: 20,
        maxEventAge: Duration.hours(24),
        deadLetterQueue: props.deadLetters,
      }),
    );
  }
}
