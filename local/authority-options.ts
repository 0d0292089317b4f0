/**
 * The command-line options that choose the authority and the performance files' years (local/authority.ts reads
 * them). Apart from it, so that a command can parse its arguments before it loads the CDK app.
 */
import { z } from 'zod';

/** The options, as node:util parses them. */
export const AUTHORITY_OPTIONS = {
  la: { type: 'string' },
  authority: { type: 'string' },
  year: { type: 'string', multiple: true },
} as const;

/** The same options, validated. */
export const authorityArgs = {
  la: z
    .string()
    .regex(/^\d{3}$/, { message: 'takes a three-digit LA code, e.g. 383' })
    .optional(),
  authority: z.string().optional(),
  year: z.array(z.string()).default([]),
};
