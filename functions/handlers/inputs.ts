/** The state machine's payloads for each stage, validated with zod at the handler boundary. */
import { z } from 'zod';
import type { AuditRun } from '../core/audit/trail';
import { isTermId, normaliseAcademicYear, SEASONS } from '../core/term';

export const term = z.string().refine(isTermId, { message: 'a term such as 2026-autumn' });
export const startedAt = z.iso.datetime({ offset: true });

export const intakeInput = z.object({
  request: z
    .object({
      term: term.optional(),
      season: z.enum(SEASONS).optional(),
      dryRun: z.boolean().optional(),
      /** The ECB has confirmed this term's changes: letters go however many schools change. */
      confirmChanges: z.boolean().optional(),
      /** The date the term's letters bear (e.g. the day after the ECB meets); default: the run's date (`today`). */
      letterDate: z.iso.date().optional(),
      /**
       * The date the run takes as today: what counts as the future in the files, the date of what the run decides and
       * writes, and its letters' date. Default: the day the run starts, or the term's first day if the run starts
       * before it (a term run early is dated as its schedule would run it). Given to replay a term on its own date.
       */
      today: z.iso.date().optional(),
      /** The academic year of performance files that say none themselves, e.g. {"ks2": "2024/25"}. */
      performanceYears: z
        .partialRecord(
          z.enum(['ks2', 'ks4', 'attendance']),
          z
            .string()
            .refine((y) => normaliseAcademicYear(y) !== undefined, { message: 'an academic year such as 2024/25' })
            .transform((y) => normaliseAcademicYear(y)!),
        )
        .optional(),
    })
    .refine((r) => r.term !== undefined || r.season !== undefined, {
      message: 'the execution input needs a term (e.g. 2026-autumn) or a season (autumn, spring, summer)',
    }),
  startedAt,
  /** The execution's id: the term is claimed for it, so that two runs of one term never interleave. */
  executionId: z.string().min(1).optional(),
});

/** The execution a stage runs in, for its log lines ($$.Execution.Id). */
export const executionId = z.string().min(1).optional();

/** The run's date (data intake's `today`), which every stage dates what it decides by. */
export const today = z.iso.date().optional();

export const stageInput = z.object({ term, startedAt, executionId, today });

/** The run a stage records its audit-trail entries under: its term, its start, its date and (on AWS) its execution. */
export const auditRun = (input: {
  term: string;
  startedAt: string;
  executionId?: string | undefined;
  today?: string | undefined;
}): AuditRun => ({
  term: input.term,
  startedAt: input.startedAt,
  ...(input.today ? { today: input.today } : {}),
  ...(input.executionId ? { executionId: input.executionId } : {}),
});

/** A batch of schools: URNs from `from` up to (not including) `to` (functions/core/batches.ts). */
export const schoolBatch = z.object({ from: z.string().min(1).optional(), to: z.string().min(1).optional() });

/** A stage that runs over one batch of the term's schools (an iteration of a Map state). */
export const batchInput = stageInput.extend({ batch: schoolBatch });

export const intakeResult = z.object({
  term,
  startedAt,
  schools: z.number(),
  rejectedRows: z.number(),
  /** The problems rejected.csv lists: a row may have several, and a file that could not be used has one. */
  rejectedProblems: z.number().optional(),
  /** Schools Ofsted lists under the authority that the register does not have (the intake report lists them). */
  ofstedNotInRegister: z.number().optional(),
  leftOut: z.number(),
  missingContacts: z.number(),
  archived: z.number(),
  /** Letters are written to the reports instead of being sent. */
  dryRun: z.boolean(),
  /** The ECB confirmed the term's changes in the execution input. */
  confirmChanges: z.boolean().default(false),
  /** The date the term's letters bear. */
  letterDate: z.iso.date(),
  /** The run's date: what it takes as today (see the request's `today`). */
  today: z.iso.date(),
  /** The batches the per-school stages run over, planned from the register: ranges of URNs, never the schools. */
  batches: z.array(schoolBatch).min(1),
  /** The batches of AAG areas their reports are written in: ranges of area names, never the areas. */
  areaBatches: z.array(schoolBatch).min(1),
});
export type IntakeResult = z.infer<typeof intakeResult>;

/** What the ECB said about a term whose changes passed its limit (or that it did not need asking). */
export const ecbAnswer = z.object({
  letters: z.enum(['send', 'hold']),
  by: z.string().optional(),
  reason: z.string().optional(),
});

/**
 * Where a term's letters carry on from: a batch of schools (its place in the intake's batches) and a letter of its own,
 * in their order.
 */
export const letterPosition = z.object({ batch: z.number().int().min(0), letter: z.number().int().min(0) });
export type LetterPosition = z.infer<typeof letterPosition>;

export const notifyInput = stageInput.extend({
  dryRun: z.boolean().default(false),
  /** The ECB confirmed the term's changes in the run's input: corrections to letters already sent go too. */
  confirmChanges: z.boolean().default(false),
  ecb: ecbAnswer.default({ letters: 'send' }),
  letterDate: z.iso.date(),
  /** The batches of schools data intake planned: the letters go a batch at a time, in their order. */
  batches: z.array(schoolBatch).min(1),
  /** Where the letters carry on from, and what the invocations before this one did. */
  letters: z
    .object({
      next: letterPosition,
      sofar: z.lazy(() => notifyResult).optional(),
      /** A round through the letters again once the leases of those a dead run left unfinished have run out. */
      round: z.literal('after lease').optional(),
    })
    .default({ next: { batch: 0, letter: 0 } }),
});

export const notifyResult = z.object({
  emailsSent: z.number(),
  emailsAlreadySent: z.number(),
  emailsFailed: z.number(),
  /** Letters claimed by an unfinished run whose lease has not run out: neither sent by this run nor lost. */
  emailsPending: z.number(),
  /** Letters held because the ECB did not confirm a term whose changes passed its limit (written, not sent). */
  lettersHeld: z.number().default(0),
  /** Why letters were held, for the report. */
  heldBecause: z.string().optional(),
  /** The letters were held by the stage's own setting (letters: hold), not for the ECB. */
  heldByStage: z.boolean().optional(),
  /** The stage redirects its letters: every one sent went to this test mailbox, not to its reader. */
  redirectedTo: z.email().optional(),
  /**
   * Of the letters held, those of changes no AAG decided by its deadline (the methodology's undecidedProposals: hold).
   */
  lettersAwaitingDecision: z.number().default(0),
  /** Corrections to letters already sent this term: held until the ECB confirms the term's changes, and sent. */
  correctionsHeld: z.number().default(0),
  correctionsSent: z.number().default(0),
  missingContacts: z.number(),
  lettersWritten: z.number(),
  /**
   * Where the next invocation carries on (a later batch, or more of this one's letters): absent once every letter is
   * done.
   */
  next: letterPosition.optional(),
  /** When the last lease of the letters counted as pending runs out: the run waits until then and takes them over. */
  pendingUntil: z.iso.datetime().optional(),
  /** How many times the run has gone through its letters again after waiting out such leases. */
  leaseRounds: z.number().int().min(0).default(0),
  /**
   * This invocation is in such a round: what the first round counted (sent before, failed, held) is not counted again.
   */
  afterLease: z.boolean().optional(),
});
export type NotifyResult = z.infer<typeof notifyResult>;

/**
 * A batch of AAG areas' reports: its areas' names run from `from` up to (not including) `to`; and the term's figures
 * every report gives.
 */
export const areaReportsInput = stageInput.extend({
  batch: schoolBatch,
  rejectedRows: z.number(),
  rejectedProblems: z.number().optional(),
  notify: notifyResult,
});

export const reportInput = z.object({
  term,
  startedAt,
  executionId: z.string().min(1).optional(),
  today,
  intake: intakeResult,
  notify: notifyResult,
});

export const failureInput = z.object({
  /**
   * The state when the failure was caught: the execution input ({ term } or { season }) and the stages' results so far.
   */
  state: z
    .object({
      term: z.string().optional(),
      season: z.string().optional(),
      intake: z.object({ term: z.string() }).partial().optional(),
    })
    .passthrough(),
  error: z.object({ Error: z.string(), Cause: z.string().optional() }),
  startedAt,
  executionId: z.string().min(1).optional(),
});

export function parseInput<T extends z.ZodType>(schema: T, event: unknown, stage: string): z.infer<T> {
  const parsed = schema.safeParse(event);
  if (!parsed.success) {
    throw new Error(
      `${stage}: the state machine passed an input this stage cannot use: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'} ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}
