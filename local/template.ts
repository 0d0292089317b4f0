/**
 * The synthesized CloudFormation template, read the way the local runner needs it: the state machine's
 * definition with its intrinsic functions resolved to local names, the Lambda functions with the handler
 * module each one deploys and its environment, and the DynamoDB tables to create locally.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HANDLER_METADATA_KEY } from '../lib/stages';
import { REPOSITORY_ROOT } from './repository';

import type { CfnTemplate } from './synthesis';

export type { CfnTemplate } from './synthesis';

export const LOCAL_REGION = 'eu-west-2';
export const LOCAL_ACCOUNT = '000000000000';

/**
 * What the synthesized template is made from: the app and everything it imports or reads (the methodology and
 * measures files it checks), its context, and the installed CDK (package-lock.json).
 */
const SYNTHESIS_INPUTS = [
  'bin',
  'lib',
  'functions',
  'methodologies',
  'measures',
  'cdk.json',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
];

/**
 * The files at `path` under `root` (the file itself, or every file in the folder and its folders), in a fixed order.
 */
function filesIn(root: string, path: string): string[] {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full)
    .sort()
    .flatMap((name) => filesIn(root, join(path, name)));
}

/**
 * A digest of everything synthesis depends on: every file of SYNTHESIS_INPUTS under `repositoryRoot` (its path and
 * its bytes), the context, and the CDK_ variables of the environment (CDK_DEFAULT_ACCOUNT and the like, which the
 * app and the CDK read). The same digest means the same template.
 */
export function synthesisDigest(
  repositoryRoot: string,
  context: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const hash = createHash('sha256');
  for (const file of SYNTHESIS_INPUTS.flatMap((input) => filesIn(repositoryRoot, input))) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(repositoryRoot, file)));
    hash.update('\0');
  }
  hash.update(JSON.stringify(context));
  hash.update(
    JSON.stringify(
      Object.entries(env)
        .filter(([name]) => name.startsWith('CDK_'))
        .sort(([a], [b]) => a.localeCompare(b)),
    ),
  );
  return hash.digest('hex');
}

/** Where synthesized templates are kept, by their digest: npm's usual place for caches, gone with node_modules. */
export const TEMPLATE_CACHE = join(REPOSITORY_ROOT, 'node_modules', '.cache', 'school-improvement-cycle', 'templates');

/**
 * The app's template for this context, as local/synthesis.ts synthesizes it, kept by the digest of what it is made
 * from (synthesisDigest): a run whose app, context and CDK are unchanged since one before takes the template that
 * one synthesized, byte for byte, and does not load the CDK app (about 2 s of CPU while DynamoDB Local's Java boots);
 * any change to them synthesizes again. The stack's tests and `cdk synth` always synthesize.
 */
export async function synthesizedTemplate(
  context: Record<string, unknown>,
  { cacheDir = TEMPLATE_CACHE, repositoryRoot = REPOSITORY_ROOT }: { cacheDir?: string; repositoryRoot?: string } = {},
): Promise<CfnTemplate> {
  const file = join(cacheDir, `${synthesisDigest(repositoryRoot, context)}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CfnTemplate;
  } catch {
    // Not kept (or just pruned by another run): synthesized.
  }
  const { synthesizeTemplate } = await import('./synthesis');
  const template = synthesizeTemplate(context);
  // Written whole, then renamed: a run that reads it meanwhile (the tests run files side by side) sees all of it or
  // none. Where it cannot be kept (node_modules read-only, say), the run goes on with the template it synthesized.
  const partial = `${file}.${process.pid}.partial`;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(partial, JSON.stringify(template));
    renameSync(partial, file);
    pruneKeptTemplates(cacheDir);
  } catch {
    try {
      rmSync(partial, { force: true });
    } catch {
      // nothing was written
    }
  }
  return template;
}

/** The most templates kept (about 190 KB each): each change to the app or context makes a new one; the oldest go. */
const MOST_KEPT_TEMPLATES = 50;

function pruneKeptTemplates(cacheDir: string): void {
  const kept = readdirSync(cacheDir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => {
      try {
        return { name, at: statSync(join(cacheDir, name)).mtimeMs };
      } catch {
        return undefined; // pruned by another run meanwhile
      }
    })
    .filter((entry) => entry !== undefined)
    .sort((a, b) => b.at - a.at);
  for (const { name } of kept.slice(MOST_KEPT_TEMPLATES)) rmSync(join(cacheDir, name), { force: true });
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
    const variables =
      (resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
    const environment = resolveIntrinsics(template, variables) as Record<string, string>;
    const arn = localFunctionArn(logicalId);
    functions.set(arn, {
      logicalId,
      arn,
      entry,
      environment,
      timeoutSeconds: Number(resource.Properties?.Timeout ?? 3),
    });
  }
  return functions;
}

export interface TableDefinition {
  TableName: string;
  KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  AttributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  GlobalSecondaryIndexes?: {
    IndexName: string;
    KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
    Projection: { ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE' };
  }[];
}

export function templateTables(template: CfnTemplate): TableDefinition[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::DynamoDB::Table')
    .map(([logicalId, r]) => ({
      TableName: logicalId,
      KeySchema: r.Properties?.KeySchema as TableDefinition['KeySchema'],
      AttributeDefinitions: r.Properties?.AttributeDefinitions as TableDefinition['AttributeDefinitions'],
      ...(r.Properties?.GlobalSecondaryIndexes
        ? { GlobalSecondaryIndexes: r.Properties.GlobalSecondaryIndexes as TableDefinition['GlobalSecondaryIndexes'] }
        : {}),
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
