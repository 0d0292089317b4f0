/**
 * A Lambda function per stage (Node.js 24, bundled with esbuild with the AWS SDK at the pinned versions), each with its
 * own role granted only the
 * tables, bucket prefixes and SES identity its stage uses (lib/stages.ts), and its own log group.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, type CfnFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { DataIdentifier, DataProtectionPolicy, LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { TABLE_ENV, type TableName } from '../functions/adapters/config';
import { BUNDLED_ASSET_FILES } from '../functions/portal/assets';
import type { CycleConfig } from './config';
import { TABLES_WITH_INDEXES } from './cycle-tables';
import type { LetterSending } from './letter-sending';
import { acknowledge, arnToken, REASONS } from './nag';
import {
  EVENT_FUNCTIONS,
  type EventFunctionKey,
  HANDLER_METADATA_KEY,
  LEASE_ROUNDS,
  STAGES,
  type StageKey,
  type StageSpec,
} from './stages';
import { executionTimeoutSeconds } from './termly-cycle-state-machine';

export const REPOSITORY_ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');

export interface StageFunctionsProps {
  readonly config: CycleConfig;
  /** The stage deployed (staging, production, ...): in every function's logs and metrics. */
  readonly stage: string;
  /** Encrypts each function's log group. */
  readonly encryptionKey: IKey;
  readonly tables: Record<TableName, Table>;
  readonly bucket: Bucket;
  readonly letters: LetterSending;
}

export class StageFunctions extends Construct {
  readonly functions: Record<StageKey, NodejsFunction>;
  /** The functions called outside the state machine (lib/stages.ts EVENT_FUNCTIONS). */
  readonly eventFunctions: Record<EventFunctionKey, NodejsFunction>;
  /** Each function's log group, by its construct id (lib/stages.ts). */
  readonly logGroups: Record<string, LogGroup> = {};
  /** The dead-letter queue of each function a service invokes asynchronously, by its construct id. */
  readonly deadLetters: Record<string, Queue> = {};

  constructor(scope: Construct, id: string, props: StageFunctionsProps) {
    super(scope, id);
    const functions = {} as Record<StageKey, NodejsFunction>;
    for (const [key, spec] of Object.entries(STAGES) as [StageKey, StageSpec][]) {
      functions[key] = this.stageFunction(spec, props);
    }
    this.functions = functions;
    const eventFunctions = {} as Record<EventFunctionKey, NodejsFunction>;
    for (const [key, spec] of Object.entries(EVENT_FUNCTIONS) as [EventFunctionKey, StageSpec][]) {
      eventFunctions[key] = this.stageFunction(spec, props);
    }
    this.eventFunctions = eventFunctions;
  }

  private stageFunction(spec: StageSpec, props: StageFunctionsProps): NodejsFunction {
    const { config, tables, bucket, letters } = props;
    const logGroup = new LogGroup(this, `${spec.id}Logs`, {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
      encryptionKey: props.encryptionKey,
      // The functions log counts, never addresses; should one ever slip in, CloudWatch masks it.
      dataProtectionPolicy: new DataProtectionPolicy({
        name: `${spec.id}EmailAddresses`,
        description: 'Masks email addresses',
        identifiers: [DataIdentifier.EMAILADDRESS],
      }),
    });
    this.logGroups[spec.id] = logGroup;
    const role = new Role(this, `${spec.id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `The ${spec.stateName} stage of the school-improvement cycle`,
    });
    logGroup.grantWrite(role);

    const environment: Record<string, string> = { NODE_OPTIONS: '--enable-source-maps', CYCLE_STAGE: props.stage };
    const appends = spec.appends ?? [];
    const used = new Set<TableName>([...spec.reads, ...spec.writes, ...appends]);
    if (appends.length > 0) environment.AUDIT_RETENTION_YEARS = String(config.auditRetentionYears);
    for (const table of used) environment[TABLE_ENV[table]] = tables[table].tableName;
    if (spec.bucket.length > 0) environment.TERM_FILES_BUCKET = bucket.bucketName;
    if (spec.writes.includes('schools')) environment.CONTACT_RETENTION_DAYS = String(config.contactRetentionDays);
    if (spec.needs.includes('authority')) {
      environment.AUTHORITY_NAME = config.authorityName;
      environment.LA_CODE = config.laCode;
      environment.TERM_START_DATES = JSON.stringify(config.termStartDates);
    }
    if (spec.needs.includes('intake')) {
      environment.MAX_REJECTED_SHARE = String(config.maxRejectedShare);
      // A run's claim on its term lasts as long as its execution may, unless the run releases it first.
      environment.RUN_HOLD_SECONDS = String(
        executionTimeoutSeconds(
          (config.moderationDeadlineHours + 2 * config.ecbConfirmationHours) * 3600 +
            LEASE_ROUNDS * config.letterLeaseMinutes * 60,
          config.schoolsPerBatch,
        ),
      );
      environment.SCHOOLS_PER_BATCH = String(config.schoolsPerBatch);
    }
    if (spec.needs.includes('methodology')) environment.METHODOLOGY_FILE = config.methodology;
    if (spec.needs.includes('measures')) environment.MEASURES_FILE = config.measures;
    if (spec.needs.includes('notice-copies')) environment.NOTICE_COPIES = JSON.stringify(config.warningNoticeCopies);
    if (spec.needs.includes('support-terms')) environment.SUPPORT_TERMS = JSON.stringify(config.supportTerms);
    if (spec.needs.includes('change-limit')) {
      environment.MAX_CHANGE_SHARE = String(config.maxChangeShare);
      environment.MIN_CHANGES_TO_HOLD = String(config.minChangesToHold);
    }
    if (spec.needs.includes('letters')) {
      environment.SENDER_ADDRESS = config.senderAddress;
      environment.REPLY_TO_ADDRESS = config.replyToAddress;
      environment.CONTACT_NAME = config.contactName;
      environment.CONTACT_PHONE = config.contactPhone;
      environment.SES_CONFIGURATION_SET = letters.configurationSet.configurationSetName;
      environment.SES_IDENTITY = letters.identityName;
      environment.LETTERS_MODE = config.letters;
      if (config.testMailbox) environment.TEST_MAILBOX = config.testMailbox;
      environment.SES_MAX_SEND_RATE = String(config.sesMaxSendRate);
      environment.LETTERS_PER_INVOCATION = String(config.lettersPerInvocation);
      environment.LETTER_CLAIM_LEASE_SECONDS = String(config.letterLeaseMinutes * 60);
      if (config.brandColour) environment.BRAND_COLOUR = config.brandColour;
      if (config.signatoryName) environment.SIGNATORY_NAME = config.signatoryName;
      if (config.signatoryRole) environment.SIGNATORY_ROLE = config.signatoryRole;
    }

    // What an asynchronous invocation fails on after Lambda's retries (its event not handed on) waits here for an
    // operator.
    const deadLetterQueue = spec.invokedAsync
      ? new Queue(this, `${spec.id}DeadLetters`, {
          encryption: QueueEncryption.SQS_MANAGED,
          enforceSSL: true,
          retentionPeriod: Duration.days(14),
        })
      : undefined;
    if (deadLetterQueue) {
      this.deadLetters[spec.id] = deadLetterQueue;
      acknowledge(deadLetterQueue, ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy'], REASONS.deadLetterQueue);
    }
    const fn = new NodejsFunction(this, spec.id, {
      ...(deadLetterQueue ? { deadLetterQueue } : {}),
      entry: join(REPOSITORY_ROOT, spec.entry),
      handler: 'handler',
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: join(REPOSITORY_ROOT, 'package-lock.json'),
      description: spec.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      environment,
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        // The AWS SDK is bundled at the versions package-lock.json pins and the tests ran, not taken from the runtime.
        externalModules: [],
        sourceMap: true,
        mainFields: ['module', 'main'],
        banner:
          "import { createRequire as __createRequire } from 'module'; const require = __createRequire(import.meta.url);",
        // The methodology and measures files travel with the code: METHODOLOGY_FILE and MEASURES_FILE name one each,
        // relative to the function's root.
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            ...(spec.needs.includes('methodology')
              ? [`cp -r "${inputDir}/methodologies" "${outputDir}/methodologies"`]
              : []),
            ...(spec.needs.includes('measures') ? [`cp -r "${inputDir}/measures" "${outputDir}/measures"`] : []),
            // The portal's stylesheet and scripts, at the paths it reads them from (functions/portal/assets.ts).
            ...(spec.needs.includes('portal-assets')
              ? BUNDLED_ASSET_FILES.map(
                  (file) =>
                    `mkdir -p "${outputDir}/${dirname(file)}" && cp "${inputDir}/${file}" "${outputDir}/${file}"`,
                )
              : []),
          ],
        },
      },
    });
    (fn.node.defaultChild as CfnFunction).addMetadata(HANDLER_METADATA_KEY, spec.entry);

    for (const table of spec.reads) tables[table].grantReadData(role);
    for (const table of spec.writes) tables[table].grantWriteData(role);
    // Append-only: PutItem (each entry put once, conditionally), and the key to encrypt it; no update or delete.
    for (const table of appends) {
      tables[table].grant(role, 'dynamodb:PutItem');
      tables[table].encryptionKey?.grantEncryptDecrypt(role);
    }
    for (const access of spec.bucket) {
      if (access === 'read-inputs') bucket.grantRead(role, 'inputs/*');
      if (access === 'write-inputs') bucket.grantPut(role, 'inputs/*');
      if (access === 'write-archive') bucket.grantPut(role, 'archive/*');
      if (access === 'write-reports') bucket.grantPut(role, 'reports/*');
      if (access === 'read-reports') bucket.grantRead(role, 'reports/*');
      if (access === 'write-batches') bucket.grantPut(role, 'batches/*');
      if (access === 'read-batches') bucket.grantRead(role, 'batches/*');
      if (access === 'write-records') bucket.grantPut(role, 'records/*');
      if (access === 'read-records') bucket.grantRead(role, 'records/*');
      if (access === 'write-responses') bucket.grantPut(role, 'records/*/responses/*');
    }
    if (spec.sendsEmail) {
      letters.identity.grantSendEmail(role);
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['ses:SendRawEmail'],
          resources: [
            Stack.of(this).formatArn({
              service: 'ses',
              resource: 'configuration-set',
              resourceName: letters.configurationSet.configurationSetName,
            }),
          ],
        }),
      );
    }

    if (spec.asksSes) {
      const stack = Stack.of(this);
      role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['ses:GetEmailIdentity'], resources: [letters.identity.emailIdentityArn] }),
      );
      role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['ses:GetConfigurationSet'],
          resources: [
            stack.formatArn({
              service: 'ses',
              resource: 'configuration-set',
              resourceName: letters.configurationSet.configurationSetName,
            }),
          ],
        }),
      );
      // The account's sending status and its verified identities are the account's, not a resource's.
      role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['ses:GetAccount', 'ses:ListEmailIdentities'], resources: ['*'] }),
      );
    }
    acknowledge(
      role,
      ['AwsSolutions-IAM5[Resource::*]'],
      spec.asksSes ? `${REASONS.xray} ${REASONS.sesAccount}` : REASONS.xray,
    );
    acknowledge(
      role,
      ['AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]'],
      REASONS.kms,
    );
    const prefixes = new Set(
      spec.bucket.map((access) => (access === 'write-responses' ? 'records/*/responses' : access.split('-')[1])),
    );
    acknowledge(
      role,
      [...prefixes].map((prefix) => `AwsSolutions-IAM5[Resource::${arnToken(bucket)}/${prefix}/*]`),
      REASONS.s3Prefix,
    );
    if (spec.bucket.length > 0) {
      acknowledge(
        role,
        ['s3:Abort*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map((a) => `AwsSolutions-IAM5[Action::${a}]`),
        REASONS.s3Actions,
      );
    }
    const indexed = TABLES_WITH_INDEXES.filter((table) => used.has(table));
    if (indexed.length > 0)
      acknowledge(
        role,
        indexed.map((table) => `AwsSolutions-IAM5[Resource::${arnToken(tables[table])}/index/*]`),
        REASONS.tableIndexes,
      );
    acknowledge(fn, ['AwsSolutions-L1'], REASONS.runtime);
    if (!spec.invokedAsync) acknowledge(fn, ['Serverless-LambdaDLQ'], REASONS.invokedSync);
    return fn;
  }
}
