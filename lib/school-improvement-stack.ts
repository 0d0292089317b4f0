/** The whole deployment: tables, term files bucket, SES, the stage functions, the state machine, schedules, alarms. */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArnFormat, type CfnElement, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { parseMethodology } from '../functions/core/assessment/methodology';
import { parseMeasuresFile } from '../functions/core/measures/measures';
import { AagAccess } from './aag-access';
import { AagReminders } from './aag-reminders';
import type { CycleConfig } from './config';
import { CycleAlarms, dashboardUrl } from './cycle-alarms';
import { CycleTables } from './cycle-tables';
import { LetterEvents } from './letter-events';
import { LetterSending } from './letter-sending';
import { acknowledge } from './nag';
import { Portal } from './portal';
import { RunEnds } from './run-ends';
import { SchoolUsers } from './school-users';
import { REPOSITORY_ROOT, StageFunctions } from './stage-functions';
import { EVENT_FUNCTIONS, STAGES } from './stages';
import { TableBackups } from './table-backups';
import { TermFilesBucket } from './term-files-bucket';
import { TermlyCycleStateMachine } from './termly-cycle-state-machine';
import { TermlySchedules } from './termly-schedules';

export interface SchoolImprovementStackProps extends StackProps {
  readonly config: CycleConfig;
  /** The stage this stack is (staging, production, ...): in its outputs, so tools can tell stacks apart. */
  readonly stage: string;
}

export class SchoolImprovementStack extends Stack {
  readonly cycle: TermlyCycleStateMachine;
  readonly tables: CycleTables;
  readonly termFiles: TermFilesBucket;

  constructor(scope: Construct, id: string, props: SchoolImprovementStackProps) {
    super(scope, id, props);
    const { config } = props;
    // The ECB's methodology must be valid before anything is deployed.
    parseMethodology(readFileSync(join(REPOSITORY_ROOT, config.methodology), 'utf8'), config.methodology);
    parseMeasuresFile(readFileSync(join(REPOSITORY_ROOT, config.measures), 'utf8'), config.measures);
    const encryptionKey = new Key(this, 'CycleKey', {
      description: "Encrypts the school-improvement cycle's tables, files and alarm topic",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudWatch alarms publish to the encrypted topic: this account's alarms only.
    encryptionKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.account },
          ArnLike: {
            'aws:SourceArn': this.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    // CloudWatch Logs encrypts this stack's log groups with it: log groups of this account and region only.
    encryptionKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchLogsOfThisAccount',
        principals: [new ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': this.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );

    this.tables = new CycleTables(this, 'Tables', { encryptionKey });
    this.termFiles = new TermFilesBucket(this, 'TermFiles', { encryptionKey, retention: config.retention });
    new TableBackups(this, 'Backups', { stage: props.stage, tables: Object.values(this.tables.tables), encryptionKey });
    const letters = new LetterSending(this, 'Letters', {
      stage: props.stage,
      senderAddress: config.senderAddress,
      senderIdentity: config.senderIdentity,
      mailFromSubdomain: config.mailFromSubdomain,
      importSenderIdentity: config.importSenderIdentity,
    });
    const stages = new StageFunctions(this, 'Stages', {
      encryptionKey,
      config,
      stage: props.stage,
      tables: this.tables.tables,
      bucket: this.termFiles.bucket,
      letters,
    });
    const letterEvents = new LetterEvents(this, 'LetterEvents', {
      configurationSet: letters.configurationSet,
      recorder: stages.eventFunctions.letterEvents,
      encryptionKey,
      deadLetters: stages.deadLetters[EVENT_FUNCTIONS.letterEvents.id]!,
    });
    this.cycle = new TermlyCycleStateMachine(this, 'TermlyCycle', {
      functions: stages.functions,
      moderationDeadline: Duration.hours(config.moderationDeadlineHours),
      ecbDeadline: Duration.hours(config.ecbConfirmationHours),
      encryptionKey,
      schoolsPerBatch: config.schoolsPerBatch,
      letterLease: Duration.minutes(config.letterLeaseMinutes),
    });
    // AAGs put their decisions in under their own district; the table's stream passes them to the waiting cycle.
    const aagAccess = new AagAccess(this, 'AagAccess', {
      decisions: this.tables.tables.aagDecisions,
      receiver: stages.eventFunctions.aagDecisionsReceived,
      bucket: this.termFiles.bucket,
      encryptionKey,
    });
    this.cycle.stateMachine.grantTaskResponse(stages.eventFunctions.aagDecisionsReceived);
    // AAG members and chairs decide in their browser; the decisions go into the same table, down the same stream.
    const portal = new Portal(this, 'Portal', {
      areaTables: { aagDecisions: this.tables.tables.aagDecisions, aagDrafts: this.tables.tables.aagDrafts },
      config,
      stage: props.stage,
      handler: stages.eventFunctions.portal,
      encryptionKey,
      bucket: this.termFiles.bucket,
    });
    // Each AAG is told by email that its proposals are ready, and reminded before its deadline.
    new AagReminders(this, 'AagReminders', {
      config,
      reminder: stages.eventFunctions.aagReminders,
      userPool: portal.userPool,
      portalUrl: portal.api.apiEndpoint,
      deadLetters: stages.deadLetters[EVENT_FUNCTIONS.aagReminders.id]!,
    });
    // The ECB answers a held term in the portal: on the task token the cycle waits on. The team starts a term's run
    // there, and follows its stages (its execution's history).
    this.cycle.stateMachine.grantTaskResponse(stages.eventFunctions.portal);
    this.cycle.stateMachine.grantStartExecution(stages.eventFunctions.portal);
    this.cycle.stateMachine.grantExecution(stages.eventFunctions.portal, 'states:GetExecutionHistory');
    stages.eventFunctions.portal.addEnvironment('STATE_MACHINE_ARN', this.cycle.stateMachine.stateMachineArn);
    const machineName = JSON.stringify({
      'Fn::Select': [
        6,
        { 'Fn::Split': [':', { Ref: this.getLogicalId(this.cycle.stateMachine.node.defaultChild as CfnElement) }] },
      ],
    });
    acknowledge(
      stages.eventFunctions.portal.role!,
      [`AwsSolutions-IAM5[Resource::arn:aws:states:${this.region}:<AWS::AccountId>:execution:${machineName}:*]`],
      "The portal reads the history of the cycle's executions (GetExecutionHistory) for the team to follow a run's stages: an execution's name is made as it starts, so the resource is this state machine's executions (<machine>:*), no other's.",
    );
    // After each succeeded run, the newest term's school people are invited to the portal (a replaced head's group goes).
    new SchoolUsers(this, 'SchoolUsers', {
      stateMachine: this.cycle.stateMachine,
      inviter: stages.eventFunctions.schoolUsers,
      userPool: portal.userPool,
      deadLetters: stages.deadLetters[EVENT_FUNCTIONS.schoolUsers.id]!,
    });
    const runEnds = new RunEnds(this, 'RunEnds', {
      stateMachine: this.cycle.stateMachine,
      recorder: stages.eventFunctions.runStopped,
      deadLetters: stages.deadLetters[EVENT_FUNCTIONS.runStopped.id]!,
    });
    const schedules = new TermlySchedules(this, 'Schedules', {
      stateMachine: this.cycle.stateMachine,
      config,
      termCheck: stages.eventFunctions.termCheck,
    });
    const alarms = new CycleAlarms(this, 'Alarms', {
      stateMachine: this.cycle.stateMachine,
      encryptionKey,
      alarmEmail: config.alarmEmail,
      functions: { ...stages.functions, ...stages.eventFunctions },
      configurationSetName: letters.configurationSet.configurationSetName,
      notifyLogGroup: stages.logGroups[STAGES.notify.id]!,
      deadLetters: {
        failedStarts: schedules.deadLetters,
        decisionsNotPassedOn: aagAccess.deadLetters,
        letterEventsNotRecorded: letterEvents.deadLetters,
        runEndsNotRecorded: runEnds.deadLetters,
        termCheckFailed: stages.deadLetters[EVENT_FUNCTIONS.termCheck.id]!,
        aagRemindersFailed: stages.deadLetters[EVENT_FUNCTIONS.aagReminders.id]!,
        schoolUsersFailed: stages.deadLetters[EVENT_FUNCTIONS.schoolUsers.id]!,
      },
      stage: props.stage,
      termRunDeadlineDays: config.termRunDeadlineDays,
      decisionsReader: stages.eventFunctions.aagDecisionsReceived,
    });
    new CfnOutput(this, 'DashboardUrl', {
      value: dashboardUrl(this, alarms.dashboard),
      description: "The term's runs, stages, letters and alarms on one page",
    });
    new CfnOutput(this, 'LetterSending', {
      value: `${config.letters}${config.letters === 'redirect' ? ` to ${config.testMailbox}` : ''}; schedules ${config.schedules ? 'on' : 'off'}`,
      description:
        'What this stage does with letters (send, redirect to its test mailbox, or hold), and whether its termly schedules start the cycle',
    });

    new CfnOutput(this, 'Stage', { value: props.stage });
    new CfnOutput(this, 'StateMachineArn', { value: this.cycle.stateMachine.stateMachineArn });
    new CfnOutput(this, 'AagDecisionsTableName', {
      value: this.tables.tables.aagDecisions.tableName,
      description: "Where npm run moderate puts each AAG's decisions",
    });
    new CfnOutput(this, 'AagPolicyArn', {
      value: aagAccess.policy.managedPolicyArn,
      description: "Attach to each AAG's role or user, tagged aag-district and aag-proposals",
    });
    new CfnOutput(this, 'ModerationTableName', {
      value: this.tables.tables.moderation.tableName,
      description: "Each district's moderation request and what became of its AAG's answer",
    });
    new CfnOutput(this, 'AuditTrailTableName', {
      value: this.tables.tables.auditTrail.tableName,
      description: 'Who decided what, when and on what evidence: npm run history -- --urn <urn> --stage <stage>',
    });
    new CfnOutput(this, 'CycleRunsTableName', {
      value: this.tables.tables.cycleRuns.tableName,
      description: 'Each run of the cycle, and which term is being run',
    });
    new CfnOutput(this, 'TermFilesBucketName', {
      value: this.termFiles.bucket.bucketName,
      description: "Upload each term's files to inputs/<term>/",
    });
  }
}
