/**
 * The ECB's policy files (the methodology, the measures of success) as text in, validated values out: YAML (or JSON,
 * which is YAML too) checked against a zod schema, every problem named by its path in the file.
 */
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';

export function parsePolicyFile<T extends z.ZodType>(
  text: string,
  schema: T,
  source: string,
  what: string,
  fail: (message: string) => Error,
): z.infer<T> {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw fail(`${source} is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw fail(
      `${source} is not a valid ${what}:\n  ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('\n  ')}`,
    );
  return parsed.data;
}
