/** Command-line arguments for the local commands: parsed by node:util, validated with zod, refused with usage. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The validated arguments, or a UsageError whose message says what is wrong; `undefined` when help was asked for. */
export function parseCommandLine<T extends z.ZodType>(argv: string[], options: NonNullable<ParseArgsConfig['options']>, schema: T, usage: string): z.infer<T> | undefined {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    console.log(usage);
    return undefined;
  }
  const { help: _help, ...rest } = values;
  const parsed = schema.safeParse(rest);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${String(i.path[0])} ${i.message}`).join('\n'));
  return parsed.data;
}
