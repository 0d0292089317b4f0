import { existsSync } from 'node:fs';
import { join } from 'node:path';
import aslValidator from 'asl-validator';
import { Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_ENV, TABLE_INDEXES } from '../../functions/adapters/config';
import { EVIDENCE_BY_KIND, WORKING_COPY_SECONDS } from '../../functions/adapters/cycle-store';
import { buildApp } from '../../lib/app';
import { CONTEXT_KEY, parseCycleConfig, stackNameFor } from '../../lib/config';
import { SchoolImprovementStack } from '../../lib/school-improvement-stack';
import { EVENT_FUNCTIONS, HANDLER_METADATA_KEY, STAGES } from '../../lib/stages';
import { WORKING_COPY_DAYS } from '../../lib/term-files-bucket';
import {
  BATCHES_AT_ONCE,
  batchWaves,
  executionTimeoutSeconds,
  MAX_EXECUTION_SECONDS,
  MOST_SCHOOLS,
  stageBudgetSeconds,
} from '../../lib/termly-cycle-state-machine';
import { allStates } from '../../local/bind';
import { REPOSITORY_ROOT } from '../../local/local-cycle';
import {
  type CfnTemplate,
  cdkJsonContext,
  resolveIntrinsics,
  type StateMachineDefinition,
  stateMachineDefinition,
} from '../../local/template';
import { removeTestApps, testApp } from './test-apps';

function synth(withNag = false, tamper?: (stack: ReturnType<typeof buildApp>) => void) {
  const app = testApp({ ...cdkJsonContext(REPOSITORY_ROOT), 'aws:cdk:bundling-stacks': [] });
  const stack = buildApp(app);
  tamper?.(stack);
  if (withNag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  app.synth();
  return stack;
}

let template: Template;
let json: CfnTemplate;
afterAll(removeTestApps);
beforeAll(() => {
  template = Template.fromStack(synth());
  json = template.toJSON() as CfnTemplate;
});

const resourcesOf = (type: string) => Object.entries(json.Resources).filter(([, r]) => r.Type === type);

describe('logs and the key that encrypts them', () => {
  it("encrypts every log group with the cycle's key, which CloudWatch may use for this account's logs and alarms only", () => {
    const key = resourcesOf('AWS::KMS::Key')[0]!;
    for (const [, group] of resourcesOf('AWS::Logs::LogGroup'))
      expect((group.Properties as { KmsKeyId: unknown }).KmsKeyId).toEqual({ 'Fn::GetAtt': [key[0], 'Arn'] });
    const statements = (
      key[1].Properties as {
        KeyPolicy: {
          Statement: { Sid?: string; Principal?: { Service?: unknown }; Condition?: Record<string, unknown> }[];
        };
      }
    ).KeyPolicy.Statement;
    const services = statements.filter((st) => st.Principal?.Service);
    // CloudWatch's alarms and logs, and SES publishing its events about letters to the stack's topic: this account's
    // only.
    expect(services.map((st) => st.Sid).sort()).toEqual([
      'CloudWatchAlarmsOfThisAccount',
      'CloudWatchLogsOfThisAccount',
      'SesEventsOfThisAccount',
    ]);
    for (const statement of services) expect(Object.keys(statement.Condition ?? {}).length).toBeGreaterThan(0);
  });

  it("masks email addresses in every function's logs", () => {
    const groups = resourcesOf('AWS::Logs::LogGroup').filter(([id]) => id.startsWith('Stages'));
    expect(groups).toHaveLength(Object.keys(STAGES).length + Object.keys(EVENT_FUNCTIONS).length);
    for (const [, group] of groups)
      expect(JSON.stringify((group.Properties as { DataProtectionPolicy: unknown }).DataProtectionPolicy)).toContain(
        ':dataprotection::aws:data-identifier/EmailAddress',
      );
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      DataProtectionPolicy: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({ Operation: { Deidentify: { MaskConfig: {} } } })]),
      }),
    });
  });
});

describe('data at rest', () => {
  it('has a table for each record the cycle keeps, encrypted, with point-in-time recovery, on demand', () => {
    expect(resourcesOf('AWS::DynamoDB::Table')).toHaveLength(Object.keys(TABLE_ENV).length);
    template.allResourcesProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it("lets the run's working copies expire, the area lines and the batches' sums, and of the records the audit trail's entries and each term's schools with their contacts", () => {
    const expiring = resourcesOf('AWS::DynamoDB::Table').flatMap(([, r]) => {
      const { TimeToLiveSpecification: ttl, KeySchema: keys } = r.Properties as {
        TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
        KeySchema: { AttributeName: string }[];
      };
      return ttl ? [`${keys.map((k) => k.AttributeName).join('/')}: ${ttl.AttributeName}, ${ttl.Enabled}`] : [];
    });
    expect(expiring.sort()).toEqual([
      'subject/entryId: expiresAt, true',
      'term/line: expiresAt, true',
      'term/part: expiresAt, true',
      'term/urn: expiresAt, true',
    ]);
    // Only the schools' table of those keyed term/urn: the assessments and support are the record, kept.
    const schools = resourcesOf('AWS::Lambda::Function').filter(([, r]) =>
      JSON.stringify(r.Properties).includes('CONTACT_RETENTION_DAYS'),
    );
    expect(schools.map(([, r]) => r.Metadata?.[HANDLER_METADATA_KEY])).toEqual([STAGES.storeIntake.entry]);
    expect(JSON.stringify(schools[0]![1].Properties)).toContain('"CONTACT_RETENTION_DAYS":"365"');
  });

  it('backs up every table each day, kept 35 days, in a vault encrypted with the cycle key', () => {
    const key = resourcesOf('AWS::KMS::Key')[0]![0];
    template.hasResourceProperties('AWS::Backup::BackupVault', { EncryptionKeyArn: { 'Fn::GetAtt': [key, 'Arn'] } });
    template.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: Match.objectLike({
        BackupPlanRule: Match.arrayWith([Match.objectLike({ Lifecycle: { DeleteAfterDays: 35 } })]),
      }),
    });
    const selected = JSON.stringify(resourcesOf('AWS::Backup::BackupSelection')[0]![1].Properties);
    for (const [table] of resourcesOf('AWS::DynamoDB::Table')) expect(selected).toContain(table);
  });

  it('keys the sent-emails table by letter, so a letter can be claimed once', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'letterKey', KeyType: 'HASH' }],
    });
  });

  it("indexes the evidence by term and kind, the sent emails by SES message and by term, and the audit trail's school entries by term and shard: no other table has an index", () => {
    const indexes = resourcesOf('AWS::DynamoDB::Table').flatMap(([, r]) => {
      const { GlobalSecondaryIndexes: gsis = [], KeySchema: keys } = r.Properties as {
        GlobalSecondaryIndexes?: {
          IndexName: string;
          KeySchema: { AttributeName: string }[];
          Projection: { ProjectionType: string };
        }[];
        KeySchema: { AttributeName: string }[];
      };
      return gsis.map(
        (g) =>
          `${keys.map((k) => k.AttributeName).join('/')} ${g.IndexName}: ${g.KeySchema.map((k) => k.AttributeName).join('/')} ${g.Projection.ProjectionType}`,
      );
    });
    expect(indexes.sort()).toEqual([
      `letterKey byMessageId: messageId ALL`,
      `letterKey byTerm: term/letterKey ALL`,
      `subject/entryId ${TABLE_INDEXES.auditTrailByTermShard}: termShard/subject ALL`,
      `term/evidenceId ${EVIDENCE_BY_KIND}: kindKey/evidenceId ALL`,
    ]);
  });

  it('keeps term files in a private, versioned, encrypted, TLS-only bucket with access logs', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' }, BucketKeyEnabled: true },
        ],
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'term-files/' }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it("expires each run's working copies for its batches a week on, and the inputs, archive, reports and records as the retention schedule says, with their old versions", () => {
    const rules = resourcesOf('AWS::S3::Bucket').flatMap(
      ([, r]) =>
        (r.Properties as { LifecycleConfiguration?: { Rules: Record<string, unknown>[] } }).LifecycleConfiguration
          ?.Rules ?? [],
    );
    const byPrefix = rules.filter((rule) => rule.Prefix !== undefined);
    expect(byPrefix).toEqual([
      {
        Id: 'WorkingCopiesExpire',
        Prefix: 'batches/',
        ExpirationInDays: 7,
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        Status: 'Enabled',
      },
      {
        Id: 'InputsExpire',
        Prefix: 'inputs/',
        ExpirationInDays: 180,
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        Status: 'Enabled',
      },
      {
        Id: 'ArchiveExpires',
        Prefix: 'archive/',
        ExpirationInDays: 730,
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        Status: 'Enabled',
      },
      {
        Id: 'ReportsExpire',
        Prefix: 'reports/',
        ExpirationInDays: 730,
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        Status: 'Enabled',
      },
      {
        Id: 'RecordsExpire',
        Prefix: 'records/',
        ExpirationInDays: 2555,
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        Status: 'Enabled',
      },
    ]);
    expect(rules).toContainEqual(
      expect.objectContaining({
        Id: 'OldVersionsExpire',
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        ExpiredObjectDeleteMarker: true,
      }),
    );
    // The same week as the working copies in DynamoDB (the area lines and the batches' sums).
    expect(WORKING_COPY_DAYS * 24 * 3600).toBe(WORKING_COPY_SECONDS);
  });

  it('rotates the cycle key', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });
});

describe('stage functions', () => {
  it('has one Node.js 24 function per stage and per event handler, each naming the handler module it deploys', () => {
    const functions = resourcesOf('AWS::Lambda::Function').filter(([, r]) => r.Metadata?.[HANDLER_METADATA_KEY]);
    expect(functions.map(([, r]) => r.Metadata?.[HANDLER_METADATA_KEY]).sort()).toEqual(
      [...Object.values(STAGES), ...Object.values(EVENT_FUNCTIONS)].map((s) => s.entry).sort(),
    );
    for (const [, fn] of functions) {
      expect(fn.Properties?.Runtime).toBe('nodejs24.x');
      expect(existsSync(join(REPOSITORY_ROOT, String(fn.Metadata?.[HANDLER_METADATA_KEY])))).toBe(true);
    }
  });

  it("grants SES sending to the notify stage and the AAGs' notices only", () => {
    const policies = resourcesOf('AWS::IAM::Policy');
    const sending = policies
      .filter(([, p]) => JSON.stringify(p.Properties).includes('ses:SendRawEmail'))
      .map(([id]) => id)
      .sort();
    expect(sending).toHaveLength(2);
    expect(sending[0]).toMatch(/^StagesAagRemindersRole/);
    expect(sending[1]).toMatch(/^StagesNotifyCategoryChangesRole/);
  });

  it("lets the portal start the cycle's state machine and read its executions' histories, and no other", () => {
    const machine = resourcesOf('AWS::StepFunctions::StateMachine')[0]![0];
    const granted = resourcesOf('AWS::IAM::Policy')
      .filter(([id]) => id.startsWith('StagesPortalRole'))
      .flatMap(
        ([, p]) =>
          (p.Properties as { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } })
            .PolicyDocument.Statement,
      )
      .flatMap((st) => [st.Action].flat().map((action) => ({ action, resource: JSON.stringify(st.Resource) })))
      .filter(({ action }) => action.startsWith('states:'));
    const on = (action: string) => granted.filter((g) => g.action === action).map((g) => g.resource);
    expect(on('states:StartExecution')).toEqual([JSON.stringify({ Ref: machine })]);
    expect(on('states:GetExecutionHistory')).toHaveLength(1);
    expect(on('states:GetExecutionHistory')[0]).toMatch(new RegExp(`:execution:.*${machine}.*:\\*`));
    expect(on('states:StopExecution')).toEqual([]);
    expect(on('states:DescribeExecution')).toEqual([]);
  });

  it("writes an AAG's drafts and decisions only as the area writer role, which the portal assumes and nothing else may", () => {
    const logicalOf = (prefix: string) => resourcesOf('AWS::DynamoDB::Table').find(([id]) => id.startsWith(prefix))![0];
    const decisions = logicalOf('TablesAagDecisions');
    const drafts = logicalOf('TablesAagDrafts');
    const writes = (rolePrefix: string) =>
      resourcesOf('AWS::IAM::Policy')
        .filter(([id]) => id.startsWith(rolePrefix))
        .flatMap(
          ([, p]) =>
            (p.Properties as { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } })
              .PolicyDocument.Statement,
        )
        .filter((st) =>
          [st.Action].flat().some((a) => /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)$/.test(a)),
        )
        .map((st) => JSON.stringify(st.Resource));
    const portalWrites = writes('StagesPortalRole');
    expect(portalWrites.some((r) => r.includes(decisions) || r.includes(drafts))).toBe(false);
    const writer = resourcesOf('AWS::IAM::Role').find(([id]) => id.startsWith('PortalAreaWriter'))!;
    const writerWrites = writes('PortalAreaWriterDefaultPolicy').join(' ');
    expect(writerWrites).toContain(decisions);
    expect(writerWrites).toContain(drafts);
    expect(writerWrites.match(/\bTables[A-Za-z]+?[0-9A-F]{8}\b/g)?.every((t) => t === decisions || t === drafts)).toBe(
      true,
    );
    const trust = JSON.stringify(
      (writer[1].Properties as { AssumeRolePolicyDocument: unknown }).AssumeRolePolicyDocument,
    );
    expect(trust).toContain('StagesPortalRole');
    const portal = resourcesOf('AWS::Lambda::Function').find(([id]) => id.startsWith('StagesPortal'))!;
    expect(
      (portal[1].Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables
        .PORTAL_AREA_WRITER_ROLE_ARN,
    ).toEqual({ 'Fn::GetAtt': [writer[0], 'Arn'] });
  });

  it("lets the AAGs' notices list the user pool's groups' members, every hour, and nothing else of the pool", () => {
    const pool = resourcesOf('AWS::Cognito::UserPool')[0]![0];
    const cognito = resourcesOf('AWS::IAM::Policy').flatMap(([id, p]) =>
      (
        p.Properties as { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } }
      ).PolicyDocument.Statement.filter((st) => JSON.stringify(st.Action).includes('cognito-idp')).map((st) => ({
        id,
        action: st.Action,
        resource: st.Resource,
      })),
    );
    expect(cognito).toEqual(
      expect.arrayContaining([
        {
          id: expect.stringMatching(/^StagesAagRemindersRole/),
          action: 'cognito-idp:ListUsersInGroup',
          resource: { 'Fn::GetAtt': [pool, 'Arn'] },
        },
        // The school people are invited from the contacts: listing the groups and their users, making a group,
        // inviting a user, adding one to a group or taking them out; never deleting or disabling anyone.
        {
          id: expect.stringMatching(/^StagesSchoolUsersRole/),
          action: [
            'cognito-idp:AdminAddUserToGroup',
            'cognito-idp:AdminCreateUser',
            'cognito-idp:AdminRemoveUserFromGroup',
            'cognito-idp:CreateGroup',
            'cognito-idp:ListGroups',
            'cognito-idp:ListUsersInGroup',
          ],
          resource: { 'Fn::GetAtt': [pool, 'Arn'] },
        },
      ]),
    );
    expect(cognito).toHaveLength(2);
    const [, rule] = resourcesOf('AWS::Events::Rule').find(([id]) => id.startsWith('SchoolUsersRunSucceeded'))!;
    expect(rule.Properties).toMatchObject({ EventPattern: { detail: { status: ['SUCCEEDED'] } }, State: 'ENABLED' });
    const [, schedule] = resourcesOf('AWS::Scheduler::Schedule').find(([id]) => id.startsWith('AagReminders'))!;
    expect(schedule.Properties).toMatchObject({ ScheduleExpression: 'rate(1 hour)', State: 'ENABLED' });
    const reminders = resourcesOf('AWS::Lambda::Function').find(([id]) => id.startsWith('StagesAagReminders'))!;
    expect(
      (reminders[1].Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables,
    ).toMatchObject({
      MODERATION_DEADLINE_HOURS: '336',
      AAG_REMINDER_HOURS: '72',
      PORTAL_USER_POOL_ID: { Ref: pool },
    });
  });

  it("lets data intake write the batches' working copies and only the intake's store read them", () => {
    const statements = (role: RegExp) =>
      resourcesOf('AWS::IAM::Policy')
        .filter(([id]) => role.test(id))
        .flatMap(
          ([, p]) =>
            (p.Properties as { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } })
              .PolicyDocument.Statement,
        )
        .filter((st) => JSON.stringify(st.Resource).includes('/batches/*'))
        .flatMap((st) => [st.Action].flat());
    expect(
      resourcesOf('AWS::IAM::Policy')
        .filter(([, p]) => JSON.stringify(p.Properties).includes('/batches/*'))
        .map(([id]) => id)
        .sort(),
    ).toEqual([expect.stringMatching(/^StagesDataIntakeRole/), expect.stringMatching(/^StagesStoreIntakeRole/)]);
    expect(statements(/^StagesDataIntakeRole/)).toContain('s3:PutObject');
    expect(statements(/^StagesDataIntakeRole/)).not.toContain('s3:GetObject*');
    expect(statements(/^StagesStoreIntakeRole/)).toContain('s3:GetObject*');
    expect(statements(/^StagesStoreIntakeRole/)).not.toContain('s3:PutObject');
  });

  it("lets only the intake, and the portal (the officer's uploads and intake check), touch the uploaded inputs", () => {
    const readers = resourcesOf('AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties).includes('/inputs/*'))
      .map(([id]) => id);
    expect(readers).toEqual([
      expect.stringMatching(/^StagesDataIntakeRole/),
      expect.stringMatching(/^StagesPortalRole/),
    ]);
  });

  it('gives each function only the tables its stage uses', () => {
    const variablesOf = (entry: string) =>
      Object.keys(
        (
          resourcesOf('AWS::Lambda::Function').find(([, r]) => r.Metadata?.[HANDLER_METADATA_KEY] === entry)![1]
            .Properties?.Environment as { Variables: Record<string, unknown> } | undefined
        )?.Variables ?? {},
      );
    // Data intake reads the files and stores only the system leaders; each batch of the schools is stored by the Map
    // after it.
    const intake = variablesOf(STAGES.intake.entry);
    expect(intake).toContain('SYSTEM_LEADERS_TABLE');
    for (const table of ['SENT_EMAILS_TABLE', 'ASSESSMENTS_TABLE', 'SCHOOLS_TABLE', 'EVIDENCE_TABLE'])
      expect(intake).not.toContain(table);
    const store = variablesOf(STAGES.storeIntake.entry);
    expect(store).toEqual(expect.arrayContaining(['SCHOOLS_TABLE', 'EVIDENCE_TABLE', 'CATEGORY_HISTORY_TABLE']));
    for (const table of ['SYSTEM_LEADERS_TABLE', 'ASSESSMENTS_TABLE', 'SENT_EMAILS_TABLE'])
      expect(store).not.toContain(table);
  });

  it("gives the notify function the account's sending rate, its share of letters an invocation, and a letter's lease longer than it can run", () => {
    const notify = resourcesOf('AWS::Lambda::Function').find(
      ([, r]) => r.Metadata?.[HANDLER_METADATA_KEY] === STAGES.notify.entry,
    )![1];
    const variables =
      (notify.Properties?.Environment as { Variables: Record<string, string> } | undefined)?.Variables ?? {};
    expect(variables).toMatchObject({
      SES_MAX_SEND_RATE: '14',
      LETTERS_PER_INVOCATION: '3000',
      LETTER_CLAIM_LEASE_SECONDS: '960',
    });
    // A claim is never taken over from an invocation that may still be sending.
    expect(Number(variables.LETTER_CLAIM_LEASE_SECONDS)).toBeGreaterThan(notify.Properties?.Timeout as number);
  });
});

describe('the audit trail', () => {
  const auditTable = () =>
    resourcesOf('AWS::DynamoDB::Table').find(([, r]) =>
      JSON.stringify((r.Properties as { KeySchema: unknown }).KeySchema).includes('"subject"'),
    )!;
  /** Every action any role's policy grants on the audit table. */
  const actionsOnAudit = () => {
    const [logicalId] = auditTable();
    return resourcesOf('AWS::IAM::Policy').flatMap(([, p]) =>
      (
        p.Properties as { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } }
      ).PolicyDocument.Statement.filter((st) => JSON.stringify(st.Resource).includes(`"${logicalId}"`)).flatMap((st) =>
        [st.Action].flat(),
      ),
    );
  };

  it('is kept for the retention period the authority configures, by DynamoDB time to live', () => {
    expect(auditTable()[1].Properties).toMatchObject({
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      KeySchema: [
        { AttributeName: 'subject', KeyType: 'HASH' },
        { AttributeName: 'entryId', KeyType: 'RANGE' },
      ],
    });
    const risk = resourcesOf('AWS::Lambda::Function').find(
      ([, r]) => r.Metadata?.[HANDLER_METADATA_KEY] === STAGES.riskAssessment.entry,
    )![1];
    expect(
      (risk.Properties?.Environment as { Variables: Record<string, unknown> } | undefined)?.Variables
        .AUDIT_RETENTION_YEARS,
    ).toBe('7');
  });

  it('can be added to, and read by the reporting stage, but no function may change or delete an entry', () => {
    const actions = new Set(actionsOnAudit());
    expect(actions.has('dynamodb:PutItem')).toBe(true);
    for (const forbidden of ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:*'])
      expect(actions.has(forbidden)).toBe(false);
  });

  it('is named in the outputs, for npm run history --stage', () => {
    expect(Object.keys((json as { Outputs?: object }).Outputs ?? {})).toContain('AuditTrailTableName');
  });
});

describe('the state machine', () => {
  it('is a Standard state machine, traced, logging every event without execution data', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
  });

  it('runs the stages in order and has a valid definition', () => {
    const definition = stateMachineDefinition(json);
    const order: string[] = [];
    // Through the ECB's check, the way a term within the limit goes (its Choice's default).
    const next = (name: string) =>
      (definition.States[name]?.Next ?? definition.States[name]?.Default) as string | undefined;
    for (let name: string | undefined = definition.StartAt; name; name = next(name)) order.push(name);
    expect(order).toEqual([
      'Data intake',
      "Store the term's intake",
      'Risk assessment',
      'Propose support',
      'Ask the AAGs',
      'Close the AAG round',
      'Apply AAG decisions',
      'Count the agreed categories',
      'Propose warning notices',
      'Count the warning notices',
      'ECB to decide warning notices?',
      'AAG brokering',
      'Task-group monitoring',
      'ECB to confirm the changes?',
      'Letters go',
      'Check SES can send',
      'Notify category changes',
      'More letters to send?',
      'School pages',
      "Count the term's figures",
      'AAG area reports',
      'Reporting',
      "Check the term's outputs",
    ]);
    // Letters left for another invocation: the same function again, from where the last stopped, with the counts so
    // far.
    // Letters a dead run left within their lease: the run waits until the last lease ends and goes through them again,
    // up to three times.
    expect(definition.States['More letters to send?']).toMatchObject({
      Choices: [
        { Variable: '$.notify.next', IsPresent: true, Next: 'Notify category changes, continued' },
        {
          And: [
            { Variable: '$.notify.pendingUntil', IsPresent: true },
            { Variable: '$.notify.leaseRounds', NumericLessThan: 3 },
          ],
          Next: "Wait out the unfinished letters' lease",
        },
      ],
      Default: 'School pages',
    });
    expect(definition.States["Wait out the unfinished letters' lease"]).toMatchObject({
      Type: 'Wait',
      TimestampPath: '$.notify.pendingUntil',
      Next: 'Notify category changes, after the lease',
    });
    expect(definition.States['Notify category changes, after the lease']).toMatchObject({
      Next: 'More letters to send?',
      Parameters: { letters: { next: { batch: 0, letter: 0 }, 'sofar.$': '$.notify', round: 'after lease' } },
    });
    expect(definition.States['Notify category changes, continued']).toMatchObject({
      Next: 'More letters to send?',
      Parameters: { 'batches.$': '$.intake.batches', letters: { 'next.$': '$.notify.next', 'sofar.$': '$.notify' } },
    });
    expect(definition.States['Notify category changes']).toMatchObject({
      Parameters: { 'batches.$': '$.intake.batches' },
    });
    // With questions about warning notices: the ECB is asked, and its decisions (or the deadline) applied, before
    // brokering.
    expect(definition.States['ECB to decide warning notices?']).toMatchObject({
      Choices: [{ Variable: '$.notices.questions', NumericGreaterThan: 0, Next: 'Ask the ECB about warning notices' }],
    });
    expect(definition.States['Ask the ECB about warning notices']).toMatchObject({
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Next: 'Apply ECB notice decisions',
      Catch: [
        { ErrorEquals: ['States.Timeout'], Next: 'Notice questions stay open' },
        { ErrorEquals: ['States.ALL'], Next: 'Record failure' },
      ],
    });
    expect(definition.States['Notice questions stay open']).toMatchObject({
      Type: 'Pass',
      Result: { outcome: 'deadline passed' },
      Next: 'Apply ECB notice decisions',
    });
    expect(definition.States['Apply ECB notice decisions']?.Next).toBe('AAG brokering');
    /**
     * A Map over the batches of schools data intake planned: only how many batches ran comes back, never what each did.
     */
    const overTheBatches = (resultPath: string, startAt: string, next: string) => ({
      Type: 'Map',
      ItemsPath: '$.intake.batches',
      MaxConcurrency: BATCHES_AT_ONCE,
      ResultSelector: { 'batches.$': 'States.ArrayLength($)' },
      ResultPath: resultPath,
      Next: next,
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Record failure' }],
      ItemProcessor: { StartAt: startAt },
    });
    // The term's intake stored a batch of schools at a time, from the working files data intake left, before any is
    // assessed; then risk assessment, one task per batch, the batch's two ends its only input of its own.
    expect(definition.States["Store the term's intake"]).toMatchObject({
      ...overTheBatches('$.stored', "Store a batch of the term's intake", 'Risk assessment'),
      ItemSelector: { 'term.$': '$.intake.term', 'startedAt.$': '$.intake.startedAt', 'batch.$': '$$.Map.Item.Value' },
    });
    expect(definition.States['Risk assessment']).toMatchObject({
      ...overTheBatches('$.assessed', 'Assess a batch of schools', 'Propose support'),
      ItemSelector: { 'term.$': '$.intake.term', 'batch.$': '$$.Map.Item.Value' },
    });
    expect(
      Object.values((definition.States['Risk assessment']!.ItemProcessor as StateMachineDefinition).States),
    ).toEqual([expect.objectContaining({ ResultPath: null, End: true })]);
    // The AAGs' decisions: the round closed and checked once, applied a batch at a time, the batches' tally counted.
    expect(definition.States['Apply AAG decisions']).toMatchObject(
      overTheBatches('$.decisionsApplied', 'Agree a batch of categories', 'Count the agreed categories'),
    );
    expect(definition.States['Count the agreed categories']).toMatchObject({
      Parameters: { 'batches.$': '$.decisionsApplied.batches', 'round.$': '$.aagRound' },
      ResultPath: '$.agreed',
    });
    // Warning notices: carried and proposed a batch at a time; then counted, with the ECB's sheet, from the notices
    // alone.
    expect(definition.States['Propose warning notices']).toMatchObject(
      overTheBatches('$.noticesProposed', 'Propose a batch of warning notices', 'Count the warning notices'),
    );
    expect(definition.States['Count the warning notices']).toMatchObject({
      Parameters: { 'letterDate.$': '$.intake.letterDate' },
      ResultPath: '$.notices',
      Next: 'ECB to decide warning notices?',
    });
    // Each school's page, once the letters are sent (its audit trail shows them), likewise a batch at a time; then,
    // in the same iteration, what each school brings to its AAG area's report.
    expect(definition.States['School pages']).toMatchObject(
      overTheBatches('$.pagesWritten', 'Write school pages', "Count the term's figures"),
    );
    const pages = (definition.States['School pages']!.ItemProcessor as StateMachineDefinition).States;
    expect(pages['Write school pages']).toMatchObject({
      ResultPath: null,
      Next: 'Gather lines and sums for the reports',
    });
    expect(pages['Gather lines and sums for the reports']).toMatchObject({
      ResultPath: null,
      End: true,
      Parameters: { 'batch.$': '$.batch', 'startedAt.$': '$.startedAt' },
    });
    // The term's figures counted once; then the AAG areas' reports, a batch of areas at a time, over the batches of
    // areas data intake planned, each given only the counts every report shows; then the ECB's report.
    expect(definition.States["Count the term's figures"]).toMatchObject({
      ResultPath: '$.termFigures',
      Next: 'AAG area reports',
    });
    expect(definition.States['AAG area reports']).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.intake.areaBatches',
      ItemSelector: {
        'batch.$': '$$.Map.Item.Value',
        'rejectedRows.$': '$.intake.rejectedRows',
        'notify.$': '$.notify',
      },
      MaxConcurrency: BATCHES_AT_ONCE,
      ResultSelector: { 'batches.$': 'States.ArrayLength($)' },
      ResultPath: '$.areaReports',
      Next: 'Reporting',
      ItemProcessor: { StartAt: 'Write a batch of AAG area reports' },
    });
    const result = aslValidator(definition);
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  it("binds every Task state to one of the stack's functions", () => {
    const raw = resourcesOf('AWS::StepFunctions::StateMachine')[0]![1].Properties?.DefinitionString;
    const functionIds = new Set(resourcesOf('AWS::Lambda::Function').map(([id]) => id));
    const definition = JSON.parse(String(resolveIntrinsics(json, raw))) as StateMachineDefinition;
    const tasks = allStates(definition).filter(([, s]) => s.Type === 'Task');
    expect(tasks).toHaveLength(26);
    for (const [, task] of tasks) {
      const arn = task.Resource!.startsWith('arn:aws:states:::lambda:invoke')
        ? String((task.Parameters as { FunctionName: string }).FunctionName)
        : task.Resource!;
      expect(functionIds.has(arn.split(':function:')[1]!)).toBe(true);
    }
  });

  it("asks every district's AAG at once, on one task token, until the deadline, when the undecided districts' proposals stand", () => {
    const definition = stateMachineDefinition(json);
    // No Map of waits: an inline Map asks at most 40 districts at a time, and its history grows with the districts.
    expect(
      allStates(definition)
        .filter(([, s]) => s.Type === 'Map')
        .map(([name]) => name),
    ).toEqual([
      "Store the term's intake",
      'Risk assessment',
      'Apply AAG decisions',
      'Propose warning notices',
      'School pages',
      'AAG area reports',
    ]);
    const ask = definition.States['Ask the AAGs']!;
    expect(ask).toMatchObject({
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      TimeoutSeconds: 14 * 24 * 3600,
      ResultPath: '$.moderation',
      Next: 'Close the AAG round',
      Catch: [
        { ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'Proposals stand' },
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Record failure' },
      ],
    });
    expect((ask.Retry as { ErrorEquals: string[] }[]).some((r) => r.ErrorEquals.includes('TransientStageError'))).toBe(
      true,
    );
    expect((ask.Parameters as { Payload: Record<string, string> }).Payload['taskToken.$']).toBe('$$.Task.Token');
    expect(definition.States['Proposals stand']).toMatchObject({
      Type: 'Pass',
      Result: { outcome: 'deadline passed' },
      ResultPath: '$.moderation',
      Next: 'Close the AAG round',
    });
    expect((definition.States['Close the AAG round']!.Parameters as Record<string, string>)['moderation.$']).toBe(
      '$.moderation',
    );
  });

  it("gives every Task its function's timeout, so a hung stage fails as itself and not as the whole execution", () => {
    const raw = resourcesOf('AWS::StepFunctions::StateMachine')[0]![1].Properties?.DefinitionString;
    const definition = JSON.parse(String(resolveIntrinsics(json, raw))) as StateMachineDefinition;
    const timeoutOf = new Map(
      resourcesOf('AWS::Lambda::Function').map(([id, r]) => [id, r.Properties?.Timeout as number]),
    );
    for (const [name, task] of allStates(definition).filter(([, s]) => s.Type === 'Task')) {
      if (name === 'Ask the AAGs' || name === 'Ask the ECB' || name === 'Ask the ECB about warning notices') continue; // each waits for an answer until its deadline
      const arn = task.Resource!.startsWith('arn:aws:states:::lambda:invoke')
        ? String((task.Parameters as { FunctionName: string }).FunctionName)
        : task.Resource!;
      expect([name, task.TimeoutSeconds]).toEqual([name, timeoutOf.get(arn.split(':function:')[1]!)]);
    }
  });

  it("outlives the AAGs' deadline plus every stage's whole budget of retries", () => {
    const definition = stateMachineDefinition(json);
    const machine = JSON.parse(
      String(
        resolveIntrinsics(json, resourcesOf('AWS::StepFunctions::StateMachine')[0]![1].Properties?.DefinitionString),
      ),
    ) as StateMachineDefinition & { TimeoutSeconds: number };
    const ask = allStates(definition).find(([name]) => name === 'Ask the AAGs')![1];
    // A task inside a Map runs once for each batch: at the most schools the cycle is built for, in waves of the Map's
    // concurrency; a batch of AAG areas holds about a batch of schools, and there are at most twice as many and one
    // more.
    const { schoolsPerBatch } = parseCycleConfig(cdkJsonContext(REPOSITORY_ROOT)[CONTEXT_KEY]);
    const batchesOf = (itemsPath: unknown) =>
      itemsPath === '$.intake.areaBatches'
        ? 2 * Math.ceil(MOST_SCHOOLS / schoolsPerBatch) + 1
        : Math.ceil(MOST_SCHOOLS / schoolsPerBatch);
    const runsOf = new Map(
      allStates(definition).flatMap(([, s]) =>
        s.Type === 'Map'
          ? Object.keys((s.ItemProcessor as StateMachineDefinition).States).map(
              (name) => [name, Math.ceil(batchesOf(s.ItemsPath) / Number(s.MaxConcurrency))] as const,
            )
          : [],
      ),
    );
    expect(runsOf.get('Assess a batch of schools')).toBe(3);
    expect(runsOf.get('Write school pages')).toBe(3);
    expect(runsOf.get('Gather lines and sums for the reports')).toBe(3);
    expect(runsOf.get('Write a batch of AAG area reports')).toBe(7);
    expect(runsOf.get('Agree a batch of categories')).toBe(3);
    expect(runsOf.get('Propose a batch of warning notices')).toBe(3);
    const budget = allStates(definition)
      .filter(([, s]) => s.Type === 'Task')
      .reduce((sum, [name, s]) => {
        if (String(s.Resource).endsWith('.waitForTaskToken')) return sum + Number(s.TimeoutSeconds); // the AAGs' and the ECB's deadlines
        // The worst case: every retrier used to the full, each attempt running to its timeout.
        const retriers =
          (s.Retry as { IntervalSeconds: number; BackoffRate: number; MaxAttempts: number }[] | undefined) ?? [];
        const attempts = 1 + retriers.reduce((n, r) => n + r.MaxAttempts, 0);
        const waits = retriers
          .flatMap((r) => Array.from({ length: r.MaxAttempts }, (_, i) => r.IntervalSeconds * r.BackoffRate ** i))
          .reduce((a, b) => a + b, 0);
        return sum + (Number(s.TimeoutSeconds) * attempts + waits) * (runsOf.get(name) ?? 1);
      }, 0);
    expect(ask.TimeoutSeconds).toBe(14 * 24 * 3600);
    expect(machine.TimeoutSeconds).toBeGreaterThanOrEqual(budget);
    expect(machine.TimeoutSeconds).toBeLessThanOrEqual(MAX_EXECUTION_SECONDS);
  });

  it('refuses an AAG deadline the state machine could not wait for', () => {
    expect(() => executionTimeoutSeconds(400 * 24 * 3600, 1000)).toThrow(
      /more than Step Functions allows \(365 days\)/,
    );
    expect(executionTimeoutSeconds(14 * 24 * 3600, 1000)).toBeGreaterThan(14 * 24 * 3600);
    // Smaller batches, more waves of them: each wave's budget counts.
    const overSchools = [
      STAGES.storeIntake,
      STAGES.riskAssessment,
      STAGES.applyDecisions,
      STAGES.proposeWarningNotices,
      STAGES.schoolPages,
      STAGES.reportLines,
    ].reduce((sum, spec) => sum + stageBudgetSeconds(spec.timeoutSeconds), 0);
    expect(executionTimeoutSeconds(14 * 24 * 3600, 100) - executionTimeoutSeconds(14 * 24 * 3600, 1000)).toBe(
      (batchWaves(100) - batchWaves(1000)) * overSchools +
        (batchWaves(100, 'areas') - batchWaves(1000, 'areas')) * stageBudgetSeconds(STAGES.areaReports.timeoutSeconds),
    );
  });

  it('copies the methodology files into the bundles of the stages that read them', () => {
    const risk = resourcesOf('AWS::Lambda::Function').find(
      ([, r]) => r.Metadata?.[HANDLER_METADATA_KEY] === STAGES.riskAssessment.entry,
    )![1];
    expect(
      (risk.Properties?.Environment as { Variables: Record<string, unknown> } | undefined)?.Variables.METHODOLOGY_FILE,
    ).toBe('methodologies/default.yaml');
  });

  it('retries transient errors with backoff, and catches and records every failure', () => {
    const definition = stateMachineDefinition(json);
    for (const name of [
      'Data intake',
      'Risk assessment',
      'Propose support',
      'Close the AAG round',
      'Apply AAG decisions',
      'Count the agreed categories',
      'Propose warning notices',
      'Count the warning notices',
      'Apply ECB notice decisions',
      'Notify category changes',
      'AAG brokering',
      'Task-group monitoring',
      'School pages',
      'Reporting',
      "Check the term's outputs",
    ]) {
      const state = definition.States[name] as unknown as {
        Type: string;
        Retry: { ErrorEquals: string[]; BackoffRate: number }[];
        Catch: { ErrorEquals: string[]; Next: string }[];
      };
      if (state.Type === 'Task')
        expect(state.Retry.some((r) => r.ErrorEquals.includes('TransientStageError') && r.BackoffRate > 1)).toBe(true);
      expect(state.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Record failure' }]);
    }
    expect(definition.States['Record failure']?.Next).toBe('Cycle failed');
    expect(definition.States['Cycle failed']?.Type).toBe('Fail');
  });

  it('alarms on what failed after its retries (a run, a letter SES refused, an event not handed on, AAG decisions stuck in their stream), never on a call a retry got past, and on bounces and complaints', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 1, AlarmActions: Match.anyValue() });
    const alarms = resourcesOf('AWS::CloudWatch::Alarm').map(
      ([, r]) =>
        r.Properties as {
          MetricName?: string;
          Namespace?: string;
          Statistic?: string;
          Threshold?: number;
          Dimensions?: { Name: string; Value: unknown }[];
          AlarmActions?: unknown[];
          Metrics?: unknown[];
        },
    );
    // No alarm on a function's errors or throttles: Step Functions retries those, and the run's alarm says if it
    // failed.
    // The one Lambda alarm is how far behind the AAG decisions stream's reader is, which no retry gets past.
    const reader = resourcesOf('AWS::Lambda::Function').find(
      ([, r]) => r.Metadata?.[HANDLER_METADATA_KEY] === EVENT_FUNCTIONS.aagDecisionsReceived.entry,
    )![0];
    expect(alarms.filter((a) => a.Namespace === 'AWS/Lambda')).toEqual([
      expect.objectContaining({
        MetricName: 'IteratorAge',
        Statistic: 'Maximum',
        Threshold: 3_600_000,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: reader } }],
      }),
    ]);
    expect(alarms.filter((a) => JSON.stringify(a.Metrics ?? []).includes('ExecutionsFailed'))).toHaveLength(1);
    // Each dead-letter queue: what arrived in the period, so that the alarm returns to OK and a second failure raises
    // it again.
    const queues = resourcesOf('AWS::SQS::Queue')
      .map(([id]) => id)
      .filter((id) => /FailedStarts|DecisionsNotPassedOn|DeadLetters/.test(id));
    expect(queues).toHaveLength(7);
    for (const queue of queues) {
      expect(alarms.filter((a) => a.Namespace === 'AWS/SQS' && JSON.stringify(a.Dimensions).includes(queue))).toEqual([
        expect.objectContaining({ MetricName: 'NumberOfMessagesSent', Statistic: 'Sum', Threshold: 1 }),
      ]);
    }
    expect(alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')).toEqual([]);
    // A letter SES refused for its recipient: counted from the letters' stage's log, by stage.
    const notifyLogs = resourcesOf('AWS::Logs::LogGroup').find(([id]) =>
      id.startsWith(`Stages${STAGES.notify.id}Logs`),
    )![0];
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: notifyLogs },
      FilterPattern: '{ $.message = "letter rejected" }',
      MetricTransformations: [
        Match.objectLike({
          MetricNamespace: 'SchoolImprovementCycle',
          MetricName: 'LettersRejected',
          MetricValue: '$.lettersRejected',
          Dimensions: [{ Key: 'Stage', Value: '$.deployedStage' }],
        }),
      ],
    });
    expect(alarms.filter((a) => a.MetricName === 'LettersRejected')).toEqual([
      expect.objectContaining({
        Namespace: 'SchoolImprovementCycle',
        Dimensions: [{ Name: 'Stage', Value: 'staging' }],
        Statistic: 'Sum',
      }),
    ]);
    expect(
      alarms
        .filter((a) => a.MetricName === 'Reputation.BounceRate' && a.Namespace === 'AWS/SES')
        .map((a) => a.Threshold),
    ).toEqual([0.02]);
    expect(
      alarms
        .filter((a) => a.MetricName === 'Reputation.ComplaintRate' && a.Namespace === 'AWS/SES')
        .map((a) => a.Threshold),
    ).toEqual([0.0005]);
    expect(alarms.every((a) => Array.isArray(a.AlarmActions) && a.AlarmActions.length === 1)).toBe(true);
  });

  it('shows a term on one dashboard: its runs, stages, letters and alarms', () => {
    const dashboards = resourcesOf('AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]![1].Properties?.DashboardBody);
    for (const shown of [
      'Runs of the cycle',
      'Letters: sent, delivered, bounced',
      'Stages: longest run',
      'Alarms',
      'ExecutionsStarted',
      'Reputation',
      'LettersRejected',
    ])
      if (shown !== 'Reputation') expect(body).toContain(shown);
    expect((json as CfnTemplate & { Outputs?: Record<string, unknown> }).Outputs?.DashboardUrl).toBeDefined();
  });
});

describe("SES's events about the letters", () => {
  it("publishes deliveries, bounces, complaints, rejections and delays to the stack's own encrypted topic, never the default bus, and the topic hands them to the recorder", () => {
    const [topic] = resourcesOf('AWS::SNS::Topic').find(([id]) => id.startsWith('LetterEventsSesEvents'))!;
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: ['send', 'delivery', 'bounce', 'complaint', 'reject', 'deliveryDelay'],
        SnsDestination: { TopicARN: { Ref: topic } },
      }),
    });
    expect(
      resourcesOf('AWS::SES::ConfigurationSetEventDestination').some(([, r]) =>
        JSON.stringify(r.Properties).includes('EventBridgeDestination'),
      ),
    ).toBe(false);
    expect(resourcesOf('AWS::Events::Rule').some(([, r]) => JSON.stringify(r.Properties).includes('aws.ses'))).toBe(
      false,
    );
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: Match.anyValue(),
      DisplayName: "SES's events about the cycle's letters",
    });
    const recorder = resourcesOf('AWS::Lambda::Function').find(
      ([, r]) => r.Metadata?.[HANDLER_METADATA_KEY] === EVENT_FUNCTIONS.letterEvents.entry,
    )!;
    // One dead-letter queue for an event, whether the topic could not deliver it or the recorder failed on it after
    // Lambda's retries.
    const deadLetters = resourcesOf('AWS::SQS::Queue').find(([id]) =>
      id.startsWith(`Stages${EVENT_FUNCTIONS.letterEvents.id}DeadLetters`),
    )![0];
    expect(recorder[1].Properties).toMatchObject({
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [deadLetters, 'Arn'] } },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: topic },
      Endpoint: { 'Fn::GetAtt': [recorder[0], 'Arn'] },
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [deadLetters, 'Arn'] } },
    });
    // And counted in CloudWatch under the configuration set, for the dashboard.
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        CloudWatchDestination: Match.objectLike({
          DimensionConfigurations: [Match.objectLike({ DimensionName: 'ses:configuration-set' })],
        }),
      }),
    });
  });
});

describe("each AAG's own way in", () => {
  // A resource's logical id: its construct path and CDK's eight-digit hash.
  const logicalId = (path: string) =>
    Object.keys(json.Resources).find((id) => new RegExp(`^${path}[0-9A-F]{8}$`).test(id))!;
  const statementsOf = (policyPrefix: string) =>
    resourcesOf('AWS::IAM::Policy')
      .concat(resourcesOf('AWS::IAM::ManagedPolicy'))
      .filter(([id]) => id.startsWith(policyPrefix))
      .flatMap(
        ([, p]) =>
          (
            p.Properties as {
              PolicyDocument: {
                Statement: { Action: string | string[]; Resource: unknown; Condition?: unknown; Sid?: string }[];
              };
            }
          ).PolicyDocument.Statement,
      );

  it('keeps decisions keyed by district first, and streams each one put in to the function that passes it on', () => {
    const table = logicalId('TablesAagDecisions');
    expect(json.Resources[table]!.Properties).toMatchObject({
      KeySchema: [
        { AttributeName: 'district', KeyType: 'HASH' },
        { AttributeName: 'term', KeyType: 'RANGE' },
      ],
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [table, 'StreamArn'] },
      FunctionName: { Ref: logicalId('StagesAagDecisionsReceived') },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [logicalId('AagAccessDecisionsNotPassedOn'), 'Arn'] } },
      },
    });
  });

  it("gives an AAG its own district's decisions and proposals only, by the identity's tags, and nothing of Step Functions", () => {
    const statements = statementsOf('AagAccessAagPolicy');
    const decisions = statements.find((st) => st.Sid === 'OwnDistrictDecisionsOnly')!;
    expect(decisions).toMatchObject({
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      Resource: { 'Fn::GetAtt': [logicalId('TablesAagDecisions'), 'Arn'] },
      Condition: {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, which IAM fills in, not JavaScript
        'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['${aws:PrincipalTag/aag-district}'] },
        Null: { 'aws:PrincipalTag/aag-district': 'false' },
      },
    });
    expect(JSON.stringify(statements.find((st) => st.Sid === 'OwnDistrictProposalsOnly')!.Resource)).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, which IAM fills in, not JavaScript
      '/reports/*/proposals/${aws:PrincipalTag/aag-proposals}.*',
    );
    const actions = statements.flatMap((st) => [st.Action].flat());
    expect(actions.filter((a) => a.startsWith('states:') || a === '*' || a.endsWith(':*'))).toEqual([]);
    expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
  });

  it('lets only the function that passes decisions on, and the portal (the ECB), answer task tokens, and only on the cycle', () => {
    const machine = logicalId('TermlyCycleStateMachine');
    const answering = resourcesOf('AWS::IAM::Policy').filter(([, p]) =>
      JSON.stringify(p.Properties).includes('states:SendTaskSuccess'),
    );
    const policies = answering.map(([id]) => id.replace(/[0-9A-F]{8}$/, ''));
    expect(policies).toEqual(['StagesAagDecisionsReceivedRoleDefaultPolicy', 'StagesPortalRoleDefaultPolicy']);
    for (const policy of policies) {
      const statement = statementsOf(policy).find((st) => [st.Action].flat().includes('states:SendTaskSuccess'))!;
      expect(statement.Resource).toEqual({ Ref: machine });
    }
  });

  it('records a run stopped by hand or timed out, which never reaches Record failure, and frees its term', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: [{ Ref: logicalId('TermlyCycleStateMachine') }], status: ['ABORTED', 'TIMED_OUT'] },
      },
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [logicalId('StagesRunStopped'), 'Arn'] } })],
    });
  });

  it('gives the outputs npm run moderate and an administrator need', () => {
    expect(Object.keys((json as { Outputs?: object }).Outputs ?? {})).toEqual(
      expect.arrayContaining(['AagDecisionsTableName', 'AagPolicyArn', 'StateMachineArn']),
    );
  });
});

describe('termly schedules', () => {
  it('start the cycle on the first day of each term, in Europe/London', () => {
    const schedules = resourcesOf('AWS::Scheduler::Schedule')
      .map(
        ([, r]) =>
          r.Properties as {
            ScheduleExpression: string;
            ScheduleExpressionTimezone: string;
            Target: { Input: string; Arn: unknown };
          },
      )
      .filter((s) => JSON.stringify(s.Target.Arn).includes('TermlyCycleStateMachine'));
    expect(
      schedules.map((s) => [s.ScheduleExpression, s.ScheduleExpressionTimezone, JSON.parse(s.Target.Input)]).sort(),
    ).toEqual([
      ['cron(0 6 20 4 ? *)', 'Europe/London', { season: 'summer' }],
      ['cron(0 6 3 9 ? *)', 'Europe/London', { season: 'autumn' }],
      ['cron(0 6 5 1 ? *)', 'Europe/London', { season: 'spring' }],
    ]);
  });

  it("check, after the AAGs' deadline and the ECB's twice (44 days into each term), that its cycle has run, and alarm on the check's metric when it has not", () => {
    const checks = resourcesOf('AWS::Scheduler::Schedule')
      .map(([, r]) => r.Properties as { ScheduleExpression: string; Target: { Input: string; Arn: unknown } })
      .filter((s) => JSON.stringify(s.Target.Arn).includes('StagesTermCheck'));
    expect(checks.map((s) => [s.ScheduleExpression, JSON.parse(s.Target.Input)]).sort()).toEqual([
      ['cron(0 6 17 10 ? *)', { season: 'autumn' }],
      ['cron(0 6 18 2 ? *)', { season: 'spring' }],
      ['cron(0 6 3 6 ? *)', { season: 'summer' }],
    ]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'SchoolImprovementCycle',
      MetricName: 'TermsWithoutSucceededRun',
      Dimensions: [{ Name: 'Stage', Value: 'staging' }],
      Threshold: 1,
    });
  });

  it('retry a failed start for a day, then leave it in a dead-letter queue that raises an alarm', () => {
    const queue = resourcesOf('AWS::SQS::Queue').find(([id]) => id.startsWith('SchedulesFailedStarts'))![0];
    const termly = resourcesOf('AWS::Scheduler::Schedule').filter(([id]) => id.startsWith('Schedules'));
    expect(termly).toHaveLength(6);
    for (const [, schedule] of termly) {
      expect((schedule.Properties as { Target: unknown }).Target).toMatchObject({
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 86400 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queue, 'Arn'] } },
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'NumberOfMessagesSent',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
    });
  });
});

describe('cdk-nag AwsSolutions and Serverless', () => {
  it('passes, every acknowledgement carrying its reason', () => {
    expect(() => synth(true)).not.toThrow();
  });

  it('fails on a wildcard nobody has reasoned about', () => {
    expect(() =>
      synth(
        true,
        (stack) =>
          stack.tables.tables.schools.grantReadData(stack.cycle.stateMachine.role) &&
          stack.cycle.stateMachine.addToRolePolicy(new PolicyStatement({ actions: ['s3:*'], resources: ['*'] })),
      ),
    ).toThrow(/AwsSolutions-IAM5\[Action::s3:\*\]/);
  });
});

describe('staging and production in one account', () => {
  /** The properties that name a resource in the account (its physical name), where the template gives one. */
  const PHYSICAL_NAMES: Record<string, string> = {
    'AWS::SES::EmailIdentity': 'EmailIdentity',
    'AWS::SES::ConfigurationSet': 'Name',
    'AWS::DynamoDB::Table': 'TableName',
    'AWS::S3::Bucket': 'BucketName',
    'AWS::Lambda::Function': 'FunctionName',
    'AWS::Logs::LogGroup': 'LogGroupName',
    'AWS::StepFunctions::StateMachine': 'StateMachineName',
    'AWS::Scheduler::Schedule': 'Name',
    'AWS::SNS::Topic': 'TopicName',
    'AWS::SQS::Queue': 'QueueName',
    'AWS::IAM::Role': 'RoleName',
    'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
    'AWS::CloudWatch::Alarm': 'AlarmName',
    'AWS::CloudWatch::Dashboard': 'DashboardName',
    'AWS::Events::Rule': 'Name',
    'AWS::KMS::Alias': 'AliasName',
    'AWS::Backup::BackupVault': 'BackupVaultName',
    'AWS::Backup::BackupPlan': 'BackupPlan',
  };
  const both = () => {
    const app = testApp({ ...cdkJsonContext(REPOSITORY_ROOT), 'aws:cdk:bundling-stacks': [] });
    const context = cdkJsonContext(REPOSITORY_ROOT)[CONTEXT_KEY];
    const env = { account: '123456789012', region: 'eu-west-2' };
    const stacks = (['staging', 'production'] as const).map(
      (stage) =>
        new SchoolImprovementStack(app, stackNameFor(stage), { config: parseCycleConfig(context, stage), stage, env }),
    );
    app.synth();
    return stacks.map((stack) => Template.fromStack(stack).toJSON() as CfnTemplate);
  };

  it('deploys side by side with no physical name the same, staging redirecting its letters to its test mailbox and off its schedules', () => {
    const [staging, production] = both();
    const names = (t: CfnTemplate) =>
      Object.values(t.Resources).flatMap((r) => {
        const key = PHYSICAL_NAMES[r.Type];
        const value = key ? (r.Properties as Record<string, unknown> | undefined)?.[key] : undefined;
        return value === undefined
          ? []
          : [
              `${r.Type} ${JSON.stringify(typeof value === 'object' && value !== null && 'BackupPlanName' in value ? (value as { BackupPlanName: unknown }).BackupPlanName : value)}`,
            ];
      });
    const [a, b] = [names(staging!), names(production!)];
    // Each names its SES identity and configuration set for itself; everything else is named by CloudFormation.
    expect(a).toEqual(
      expect.arrayContaining([
        'AWS::SES::EmailIdentity "staging.ardenshire.example.org"',
        'AWS::SES::ConfigurationSet "school-improvement-cycle-staging"',
      ]),
    );
    expect(b).toEqual(
      expect.arrayContaining([
        'AWS::SES::EmailIdentity "ardenshire.example.org"',
        'AWS::SES::ConfigurationSet "school-improvement-cycle-production"',
      ]),
    );
    expect(a.filter((name) => b.includes(name))).toEqual([]);
    const notify = (t: CfnTemplate) =>
      Object.values(t.Resources).find((r) => r.Metadata?.[HANDLER_METADATA_KEY] === STAGES.notify.entry)!
        .Properties as { Environment: { Variables: Record<string, string> } };
    expect(notify(staging!).Environment.Variables).toMatchObject({
      LETTERS_MODE: 'redirect',
      TEST_MAILBOX: 'school.improvement.test@ardenshire.example.org',
      CYCLE_STAGE: 'staging',
    });
    expect(notify(production!).Environment.Variables).toMatchObject({
      LETTERS_MODE: 'send',
      CYCLE_STAGE: 'production',
    });
    // The termly schedules: the AAGs' notices run on every stage (lib/aag-reminders.ts).
    const states = (t: CfnTemplate) => [
      ...new Set(
        Object.entries(t.Resources)
          .filter(([id, r]) => r.Type === 'AWS::Scheduler::Schedule' && id.startsWith('Schedules'))
          .map(([, r]) => r)
          .map((r) => (r.Properties as { State: string }).State),
      ),
    ];
    expect(states(staging!)).toEqual(['DISABLED']);
    expect(states(production!)).toEqual(['ENABLED']);
  });

  it('refuses a stage that redirects its letters with nowhere to send them, and a term check before the deadlines', () => {
    const settings = { ...(cdkJsonContext(REPOSITORY_ROOT)[CONTEXT_KEY] as Record<string, unknown>) };
    delete settings.testMailbox;
    expect(() => parseCycleConfig(settings, 'staging')).toThrow(
      /letters: the staging stage redirects its letters \(the default outside production\), so it needs testMailbox/,
    );
    expect(parseCycleConfig(settings, 'production').letters).toBe('send');
    expect(parseCycleConfig({ ...settings, letters: 'hold' }, 'staging').letters).toBe('hold');
    expect(() => parseCycleConfig({ ...settings, termRunDeadlineDays: 7 }, 'production')).toThrow(
      /termRunDeadlineDays: 7 days is before a run that waits its full time on the AAGs .* at least 44/,
    );
    expect(parseCycleConfig(settings, 'production').termRunDeadlineDays).toBe(44);
  });

  it('makes a domain identity with Easy DKIM and a custom MAIL FROM, and prints the DNS records to publish; or uses an existing identity by name', () => {
    const [, production] = both();
    const identity = Object.values(production!.Resources).find((r) => r.Type === 'AWS::SES::EmailIdentity')!
      .Properties as Record<string, unknown>;
    expect(identity).toMatchObject({
      EmailIdentity: 'ardenshire.example.org',
      DkimAttributes: { SigningEnabled: true },
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
      MailFromAttributes: { MailFromDomain: 'mail.ardenshire.example.org', BehaviorOnMxFailure: 'REJECT_MESSAGE' },
    });
    const outputs = Object.entries(
      (production as CfnTemplate & { Outputs?: Record<string, unknown> }).Outputs ?? {},
    ).map(([id, o]) => [id, JSON.stringify((o as { Value: unknown }).Value)] as const);
    for (const record of [
      'DkimRecord1',
      'DkimRecord2',
      'DkimRecord3',
      'MailFromMxRecord',
      'MailFromSpfRecord',
      'DmarcRecord',
    ])
      expect(outputs.some(([id]) => id.includes(record))).toBe(true);
    expect(outputs.find(([id]) => id.includes('MailFromMxRecord'))![1]).toContain(
      'mail.ardenshire.example.org MX 10 feedback-smtp.eu-west-2.amazonses.com',
    );
    const app = testApp({ ...cdkJsonContext(REPOSITORY_ROOT), 'aws:cdk:bundling-stacks': [] });
    const imported = new SchoolImprovementStack(app, 'Imported', {
      config: parseCycleConfig(
        { ...(cdkJsonContext(REPOSITORY_ROOT)[CONTEXT_KEY] as object), importSenderIdentity: true },
        'staging',
      ),
      stage: 'staging',
      env: { account: '123456789012', region: 'eu-west-2' },
    });
    expect(Template.fromStack(imported).findResources('AWS::SES::EmailIdentity')).toEqual({});
  });
});

describe('configuration', () => {
  it('refuses to synthesize with an invalid methodology', () => {
    const app = testApp({
      ...cdkJsonContext(REPOSITORY_ROOT),
      'aws:cdk:bundling-stacks': [],
      'school-improvement-cycle': {
        ...(cdkJsonContext(REPOSITORY_ROOT)['school-improvement-cycle'] as object),
        methodology: 'methodologies/missing.yaml',
      },
    });
    expect(() => buildApp(app)).toThrow(/missing\.yaml/);
  });

  const appFor = (context: Record<string, unknown>, settings: Record<string, unknown> = {}) => {
    const base = cdkJsonContext(REPOSITORY_ROOT);
    return testApp({
      ...base,
      'aws:cdk:bundling-stacks': [],
      ...context,
      'school-improvement-cycle': { ...(base['school-improvement-cycle'] as object), ...settings },
    });
  };

  it('deploys each named stage as its own stack, staging unless production is named, production protected from deletion', () => {
    expect(buildApp(appFor({})).stackName).toBe('SchoolImprovementCycle-staging');
    const production = buildApp(
      appFor({ stage: 'production' }, { stages: { production: { senderAddress: 'letters@ardenshire.example.org' } } }),
    );
    expect(production.stackName).toBe('SchoolImprovementCycle-production');
    expect(production.terminationProtection).toBe(true);
    expect(buildApp(appFor({ stage: 'staging' })).terminationProtection).toBe(false);
    expect(() => buildApp(appFor({ stage: 'Prod!' }))).toThrow(/-c stage=Prod! is not a stage name/);
  });

  it("takes a stage's own settings over the shared ones", () => {
    const settings = {
      ...(cdkJsonContext(REPOSITORY_ROOT)['school-improvement-cycle'] as object),
      stages: { production: { senderAddress: 'letters@ardenshire.example.org' } },
    };
    expect(parseCycleConfig(settings, 'production').senderAddress).toBe('letters@ardenshire.example.org');
    expect(parseCycleConfig(settings, 'staging').senderAddress).toBe('school.improvement@ardenshire.example.org');
  });

  it('deploys to London unless told otherwise, and says so at synth when it is', () => {
    const london = buildApp(appFor({}));
    expect(london.region).toBe('eu-west-2');
    Annotations.fromStack(london).hasNoWarning('*', Match.stringLikeRegexp('data-protection'));
    const dublin = buildApp(appFor({}, { region: 'eu-west-1' }));
    expect(dublin.region).toBe('eu-west-1');
    Annotations.fromStack(dublin).hasWarning(
      '*',
      Match.stringLikeRegexp('deploys to eu-west-1, not eu-west-2 \\(London\\).*data-protection'),
    );
  });

  it('explains what is wrong with the context', () => {
    expect(() => parseCycleConfig({ authorityName: 'X', laCode: '99', senderAddress: 'nope' })).toThrow(
      /school-improvement-cycle\.laCode: a three-digit LA code/,
    );
  });
});

describe("the ECB's limit on one term's changes", () => {
  it('asks the ECB before any letter goes when the changes pass its limit, and holds the letters without an answer', () => {
    const definition = stateMachineDefinition(json);
    const choice = definition.States['ECB to confirm the changes?'] as unknown as {
      Type: string;
      Choices: { Variable: string; BooleanEquals: boolean; Next: string }[];
      Default: string;
    };
    expect(choice).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.agreed.ecbConfirmationNeeded', BooleanEquals: true, Next: 'Ask the ECB' }],
      Default: 'Letters go',
    });
    const ask = definition.States['Ask the ECB']!;
    expect(ask).toMatchObject({
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      TimeoutSeconds: 14 * 24 * 3600,
      Next: 'Check SES can send',
    });
    expect((ask.Catch as { ErrorEquals: string[]; Next: string }[])[0]).toMatchObject({
      ErrorEquals: ['States.Timeout'],
      Next: 'Letters held',
    });
    expect(definition.States['Letters held']).toMatchObject({
      Type: 'Pass',
      Parameters: { letters: 'hold' },
      ResultPath: '$.ecb',
      Next: 'Check SES can send',
    });
    expect(definition.States['Letters go']).toMatchObject({
      Type: 'Pass',
      Result: { letters: 'send' },
      ResultPath: '$.ecb',
      Next: 'Check SES can send',
    });
    // SES is asked once, before the first letter, whether it can send them; then the letters go.
    expect(definition.States['Check SES can send']).toMatchObject({
      Parameters: expect.objectContaining({ 'dryRun.$': '$.intake.dryRun', 'ecb.$': '$.ecb' }),
      ResultPath: '$.ses',
      Next: 'Notify category changes',
    });
  });
});

describe('the portal', () => {
  it('signs people in through a user pool of invited people only, with MFA, strong passwords and threat protection', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      UserPoolTier: 'PLUS',
      DeletionProtection: 'ACTIVE',
    });
    // A group for the team, the ECB, and each AAG area's members and chair, by the area's safe key.
    const groups = resourcesOf('AWS::Cognito::UserPoolGroup').map(
      ([, g]) => (g.Properties as { GroupName: string }).GroupName,
    );
    const areas = parseCycleConfig(cdkJsonContext(REPOSITORY_ROOT)[CONTEXT_KEY]).portal.aagAreas;
    expect(groups.sort()).toEqual(
      ['officer', 'ecb', ...areas.flatMap((a) => [`aag:${a.toLowerCase()}`, `aag-chair:${a.toLowerCase()}`])].sort(),
    );
    // The app client: the authorization code flow with no secret (PKCE), back to the API's own address only.
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [Match.objectLike({ 'Fn::Join': Match.anyValue() })],
    });
  });

  it('throttles the API and logs each request without the person, their address or their browser', () => {
    const [, stage] = resourcesOf('AWS::ApiGatewayV2::Stage')[0]!;
    const props = stage.Properties as {
      DefaultRouteSettings: { ThrottlingRateLimit: number; ThrottlingBurstLimit: number };
      AccessLogSettings: { Format: string };
    };
    expect(props.DefaultRouteSettings).toEqual(
      expect.objectContaining({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 }),
    );
    const format = JSON.parse(props.AccessLogSettings.Format) as Record<string, string>;
    expect(Object.values(format).join(' ')).not.toMatch(/sourceIp|userAgent|authorizer|identity/);
  });

  it("lets the portal's function write only the audit trail (put only), schools' responses and visit records as itself: an area's drafts and decisions go as the area writer", () => {
    const fn = resourcesOf('AWS::Lambda::Function').find(([id]) => id.startsWith('StagesPortal'))!;
    const variables = (fn[1].Properties as { Environment: { Variables: Record<string, unknown> } }).Environment
      .Variables;
    expect(Object.keys(variables)).toEqual(
      expect.arrayContaining(['PORTAL_ISSUER', 'PORTAL_CLIENT_ID', 'PORTAL_SIGN_OUT_URL', 'MODERATION_DEADLINE_HOURS']),
    );
    const [, policy] = resourcesOf('AWS::IAM::Policy').find(([id]) => id.startsWith('StagesPortalRoleDefaultPolicy'))!;
    const statements = (
      policy.Properties as { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } }
    ).PolicyDocument.Statement;
    const writing = statements.filter((st) =>
      [st.Action].flat().some((a) => /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)$/.test(a)),
    );
    const tables = new Set(
      writing.flatMap((st) => JSON.stringify(st.Resource).match(/\bTables[A-Za-z]+?[0-9A-F]{8}\b/g) ?? []),
    );
    expect([...tables].map((t) => t.replace(/^Tables|[0-9A-F]{8}$/g, '')).sort()).toEqual([
      'AuditTrail',
      'SchoolResponses',
      'VisitRecords',
    ]);
    // The letters as sent it reads; of the records, it writes only the files schools give with their responses.
    const puts = statements.filter((st) => [st.Action].flat().includes('s3:PutObject'));
    expect(JSON.stringify(puts.map((st) => st.Resource))).toMatch(/records\/\*\/responses\/\*/);
    expect(JSON.stringify(puts.map((st) => st.Resource))).not.toMatch(/records\/\*"/);
  });
});
