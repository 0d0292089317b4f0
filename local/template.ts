/**
 * The synthesized CloudFormation template, read the way the local runner needs it: the state machine's
 * definition with its intrinsic functions resolved to local names, the Lambda functions with the handler
 * module each one deploys and its environment, and the DynamoDB tables to create locally.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../lib/app';
import { HANDLER_METADATA_KEY } from '../lib/stages';

export type CfnTemplate = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }> };

export const LOCAL_REGION = 'eu-west-2';
export const LOCAL_ACCOUNT = '000000000000';

/**
 * Synthesizes the app as `cdk synth` does (same stack, same context from cdk.json), without bundling assets and
 * without CDK's built-in CloudFormation validation: that only reports on the template, which it does not change,
 * and took 3.7 of the 4.7 s synthesis took here. `cdk synth` and the stack's tests still run it.
 */
export function synthesizeTemplate(context: Record<string, unknown>): CfnTemplate {
  const outdir = mkdtempSync(join(tmpdir(), 'sic-cdk-'));
  try {
    const app = new App({ outdir, builtinCloudFormationValidation: false, context: { ...context, 'aws:cdk:bundling-stacks': [] } });
    const stack = buildApp(app);
    return app.synth().getStackByName(stack.stackName).template as CfnTemplate;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export function localFunctionArn(logicalId: string): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${logicalId}`;
}

/** Resolves Ref, Fn::GetAtt, Fn::Join and pseudo parameters to the names resources have locally. */
export function resolveIntrinsics(template: CfnTemplate, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(template, v));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const arg = obj[key];
    if (key === 'Ref') return resolveRef(template, String(arg));
    if (key === 'Fn::GetAtt') {
      const [id, attribute] = arg as [string, string];
      const resource = template.Resources[id];
      if (!resource) throw new Error(`Fn::GetAtt names ${id}, which the template does not define`);
      if (resource.Type === 'AWS::Lambda::Function' && attribute === 'Arn') return localFunctionArn(id);
      if (attribute === 'Arn') return `arn:aws:local:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${id}`;
      return `${id}.${attribute}`;
    }
    if (key === 'Fn::Join') {
      const [separator, parts] = arg as [string, unknown[]];
      return (resolveIntrinsics(template, parts) as unknown[]).map(String).join(separator);
    }
    if (key.startsWith('Fn::')) throw new Error(`the local runner cannot resolve ${key}`);
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, resolveIntrinsics(template, v)]));
}

function resolveRef(template: CfnTemplate, id: string): string {
  switch (id) {
    case 'AWS::Region':
      return LOCAL_REGION;
    case 'AWS::AccountId':
      return LOCAL_ACCOUNT;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    default:
      if (!template.Resources[id]) throw new Error(`Ref names ${id}, which the template does not define`);
      // Locally, a resource's physical name is its logical ID (a DynamoDB table is created under that name).
      return id;
  }
}

export interface StateMachineDefinition {
  StartAt: string;
  States: Record<string, { Type: string; Resource?: string; Next?: string; End?: boolean; [key: string]: unknown }>;
  [key: string]: unknown;
}

export function stateMachineDefinition(template: CfnTemplate): StateMachineDefinition {
  const machines = Object.values(template.Resources).filter((r) => r.Type === 'AWS::StepFunctions::StateMachine');
  if (machines.length !== 1) throw new Error(`expected one state machine in the template, found ${machines.length}`);
  const definition = resolveIntrinsics(template, machines[0]!.Properties?.DefinitionString);
  return JSON.parse(String(definition)) as StateMachineDefinition;
}

export interface TemplateFunction {
  logicalId: string;
  arn: string;
  /** The handler module the stack deploys for this function (lib/stages.ts). */
  entry: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
}

export function templateFunctions(template: CfnTemplate): Map<string, TemplateFunction> {
  const functions = new Map<string, TemplateFunction>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const entry = resource.Metadata?.[HANDLER_METADATA_KEY];
    if (typeof entry !== 'string') continue;
    const variables = (resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    const environment = resolveIntrinsics(template, variables) as Record<string, string>;
    const arn = localFunctionArn(logicalId);
    functions.set(arn, { logicalId, arn, entry, environment, timeoutSeconds: Number(resource.Properties?.Timeout ?? 3) });
  }
  return functions;
}

export interface TableDefinition {
  TableName: string;
  KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  GlobalSecondaryIndexes?: { IndexName: string; KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[]; Projection: { ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE' } }[];
}

export function templateTables(template: CfnTemplate): TableDefinition[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::DynamoDB::Table')
    .map(([logicalId, r]) => ({
      TableName: logicalId,
      KeySchema: r.Properties?.KeySchema as TableDefinition['KeySchema'],
      AttributeDefinitions: r.Properties?.AttributeDefinitions as TableDefinition['AttributeDefinitions'],
      ...(r.Properties?.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: r.Properties.GlobalSecondaryIndexes as TableDefinition['GlobalSecondaryIndexes'] } : {}),
    }));
}

/** The context in cdk.json, which `cdk synth` would pass to the app. */
export function cdkJsonContext(repositoryRoot: string): Record<string, unknown> {
  const text = readFileSync(join(repositoryRoot, 'cdk.json'), 'utf8');
  return (JSON.parse(text) as { context?: Record<string, unknown> }).context ?? {};
}

/** A variable every function of the stack that has it shares (a table's name), or undefined if none has it. */
export function sharedEnvironment(template: CfnTemplate, name: string): string | undefined {
  return [...templateFunctions(template).values()].map((f) => f.environment[name]).find(Boolean);
}
