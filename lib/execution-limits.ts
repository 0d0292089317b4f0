/**
 * What one term's execution asks of Step Functions at a given number of schools, computed from the synthesized
 * definition: the history events of its worst case (every choice taken, every retrier used to the full, every
 * batch of the per-school stages, as many notify invocations as the most letters a term could send need), the
 * concurrency of its Map states, the state's size, and each Lambda invocation's duration and payload. The stack
 * test holds each to half of its limit at 250, 2,500 and 22,000 schools; the bench prints them.
 */

import { areaBatchesFor, batchesFor, planBatches } from '../functions/core/batches';

export { areaBatchesFor, batchesFor };

import { NOTIFY_STOPS_BEFORE_TIMEOUT_SECONDS } from '../functions/core/letters/invocations';
import type { CycleConfig } from './config';
import { LEASE_ROUNDS, STAGES, type StageSpec } from './stages';
import { NOTIFY_LOOP } from './termly-cycle-state-machine';

/** Step Functions' limits (Standard workflows; inline Map). */
export const STEP_FUNCTIONS_LIMITS = {
  historyEvents: 25_000,
  stateBytes: 256 * 1024,
  inlineMapConcurrency: 40,
} as const;

/** Lambda's limits: the longest an invocation may run, and the largest request or response of a synchronous one. */
export const LAMBDA_LIMITS = { durationSeconds: 900, payloadBytes: 6 * 1024 * 1024 } as const;

/** The memory at which a Lambda function has one whole vCPU; below it, its share of one. */
export const ONE_VCPU_MB = 1769;

/** What any invocation takes whatever its work: starting cold, reading its configuration and files. */
export const INVOCATION_START_SECONDS = 2;

/** The longest AAG area's name the limits allow for: GIAS's districts run to about 40 characters. */
export const LONGEST_AREA_NAME = 60;

/**
 * What a term's state holds besides its batches, at most: the execution's input and each stage's counts and keys.
 * None of it grows with the schools; the end-to-end tests and the bench measure the largest state a run has
 * against it (tests/e2e/school-batches.test.ts).
 */
export const STATE_BYTES_BESIDES_BATCHES = 8 * 1024;

/**
 * The largest a term's state can be at a number of schools: the fixed part, the batches' ranges, planned over
 * seven-digit URNs (the longest URNs run to), as data intake plans them, and the most batches of AAG areas, each
 * range two names of LONGEST_AREA_NAME characters.
 */
export function stateBytes(inputs: Pick<LimitInputs, 'schools' | 'schoolsPerBatch'>): number {
  const urns = Array.from({ length: inputs.schools }, (_, i) => String(1_000_000 + i));
  const name = 'x'.repeat(LONGEST_AREA_NAME);
  const areaBatches = Array.from({ length: areaBatchesFor(inputs.schools, inputs.schoolsPerBatch) }, () => ({
    from: name,
    to: name,
  }));
  return (
    STATE_BYTES_BESIDES_BATCHES +
    Buffer.byteLength(JSON.stringify(planBatches(urns, inputs.schoolsPerBatch))) +
    Buffer.byteLength(JSON.stringify(areaBatches))
  );
}

/**
 * The most letters one school can be sent in a term: three about a change of category (headteacher, chair of
 * governors, trust board chair) and, for each of two warning-notice decisions (say, a notice escalated and then
 * withdrawn), four (head, chair, and the copies to the DfE's regional team and Ofsted). An upper bound: no term
 * changes every school's category and decides two notices for each.
 */
export const MOST_LETTERS_A_SCHOOL = 3 + 2 * 4;

/**
 * The letters one notify invocation sends at most: its share, what the paced rate allows in its time, and the most a
 * term could send.
 */
export function lettersPerNotifyInvocation(inputs: LimitInputs): number {
  return Math.max(
    1,
    Math.min(
      inputs.lettersPerInvocation,
      Math.floor((inputs.notifyTimeoutSeconds - NOTIFY_STOPS_BEFORE_TIMEOUT_SECONDS) * inputs.sendRate),
      inputs.schools * MOST_LETTERS_A_SCHOOL,
    ),
  );
}

/**
 * How long one invocation of a stage's function takes at a number of schools, at most: its start, and its work
 * (lib/stages.ts `work`: for the schools of its batch or its term, or the letters of one notify invocation, sent at
 * the paced rate), on its share of a vCPU (a function with less memory than ONE_VCPU_MB gets that share of one).
 */
export function lambdaSeconds(spec: Pick<StageSpec, 'memoryMb' | 'perBatch' | 'work'>, inputs: LimitInputs): number {
  const slower = Math.max(1, ONE_VCPU_MB / spec.memoryMb);
  if (!spec.work) return INVOCATION_START_SECONDS * slower;
  const units =
    spec.work.per === 'letter'
      ? lettersPerNotifyInvocation(inputs)
      : spec.perBatch
        ? Math.min(inputs.schools, inputs.schoolsPerBatch)
        : inputs.schools;
  const pacing = spec.work.per === 'letter' ? units / inputs.sendRate : 0;
  return pacing + (INVOCATION_START_SECONDS + (spec.work.secondsPerThousand * units) / 1000) * slower;
}

/**
 * The largest payload a Lambda task is invoked with or returns. Every task's payload is selected from the state
 * (its Parameters name paths in it) and its result goes back into the state, so neither is larger than the state.
 */
export const lambdaPayloadBytes = (inputs: Pick<LimitInputs, 'schools' | 'schoolsPerBatch'>): number =>
  stateBytes(inputs);

interface AslState {
  Type: string;
  Resource?: string;
  Retry?: { MaxAttempts?: number }[];
  ItemProcessor?: { States: Record<string, AslState> };
  [key: string]: unknown;
}

export interface LimitInputs {
  schools: number;
  /** The most schools in one batch of a per-school stage (cdk.json schoolsPerBatch). */
  schoolsPerBatch: number;
  /** Letters one notify invocation sends at most (cdk.json lettersPerInvocation). */
  lettersPerInvocation: number;
  /** SES messages a second (cdk.json sesMaxSendRate). */
  sendRate: number;
  /** The notify function's timeout. */
  notifyTimeoutSeconds: number;
  /** The state that sends letters again from where the last invocation stopped, and the Choice before it. */
  notifyAgainState: string;
  notifyChoiceState: string;
  /**
   * The wait for unfinished letters' leases and the notify task after it, each run at most `leaseRounds` times, each
   * round through every letter again.
   */
  leaseWaitState: string;
  notifyAfterLeaseState: string;
  leaseRounds: number;
}

/** The limit inputs at a number of schools, from the cycle's settings (cdk.json) and the state machine's own names. */
export function limitInputsFor(
  config: Pick<CycleConfig, 'lettersPerInvocation' | 'sesMaxSendRate' | 'schoolsPerBatch'>,
  schools: number,
): LimitInputs {
  return {
    schools,
    schoolsPerBatch: config.schoolsPerBatch,
    lettersPerInvocation: config.lettersPerInvocation,
    sendRate: config.sesMaxSendRate,
    notifyTimeoutSeconds: STAGES.notify.timeoutSeconds,
    notifyAgainState: NOTIFY_LOOP.again,
    notifyChoiceState: NOTIFY_LOOP.choice,
    leaseWaitState: NOTIFY_LOOP.leaseWait,
    notifyAfterLeaseState: NOTIFY_LOOP.afterLease,
    leaseRounds: LEASE_ROUNDS,
  };
}

/**
 * How many notify invocations the most letters a term could send take. Each batch of schools takes one invocation
 * for every share of its letters begun (an invocation stops at its share or its time), and one if it has none: a
 * batch of l letters, 1 + floor((l - 1) / share), so the term at most its batches and floor((letters - 1) / share).
 */
export function notifyInvocations(inputs: LimitInputs): number {
  const letters = inputs.schools * MOST_LETTERS_A_SCHOOL;
  return (
    batchesFor(inputs.schools, inputs.schoolsPerBatch) +
    Math.floor(Math.max(0, letters - 1) / lettersPerNotifyInvocation(inputs))
  );
}

/** History events a state adds each time it runs, in its worst case (every retry used). */
function eventsOf(state: AslState, inputs: LimitInputs): number {
  if (state.Type === 'Task') {
    // Entered, scheduled, started, (submitted, for a task that waits on a token), succeeded, exited; each retry
    // adds a scheduled, a started and a failed or timed out.
    const waits = String(state.Resource ?? '').endsWith('.waitForTaskToken') ? 1 : 0;
    const retries = (state.Retry ?? []).reduce((n, r) => n + (r.MaxAttempts ?? 3), 0);
    return 5 + waits + 3 * retries;
  }
  if (state.Type === 'Map') {
    // Only a Map over batches data intake planned is counted: of the term's schools, or of its AAG areas.
    const items =
      state.ItemsPath === '$.intake.batches'
        ? batchesFor(inputs.schools, inputs.schoolsPerBatch)
        : state.ItemsPath === '$.intake.areaBatches'
          ? areaBatchesFor(inputs.schools, inputs.schoolsPerBatch)
          : undefined;
    if (items === undefined || !state.ItemProcessor)
      throw new Error(
        `a Map state's history depends on its items: count them before adding a Map over ${String(state.ItemsPath)}`,
      );
    // Entered, started, succeeded, exited; each iteration started and succeeded, and its states' own events.
    const iteration =
      2 + Object.values(state.ItemProcessor.States).reduce((n, inner) => n + eventsOf(inner, inputs), 0);
    return 4 + items * iteration;
  }
  if (state.Type === 'Parallel')
    throw new Error(`a ${state.Type} state's history depends on its branches: count it before adding one`);
  // Pass, Choice, Wait, Succeed, Fail: entered and exited.
  return 2;
}

/** The worst case's history events: every state once, the notify loop as often as the letters need, retries in full. */
export function historyEvents(definition: { States: Record<string, AslState> }, inputs: LimitInputs): number {
  const invocations = notifyInvocations(inputs);
  let events = 2; // execution started, and succeeded (or failed)
  for (const [name, state] of Object.entries(definition.States)) {
    // The letters are gone through once, and again after each wait for unfinished letters' leases.
    const rounds = 1 + inputs.leaseRounds;
    const visits =
      name === inputs.notifyAgainState
        ? (invocations - 1) * rounds
        : name === inputs.notifyChoiceState
          ? invocations * rounds
          : name === inputs.leaseWaitState || name === inputs.notifyAfterLeaseState
            ? inputs.leaseRounds
            : 1;
    events += eventsOf(state, inputs) * visits;
  }
  return events;
}

/**
 * The most a Map state runs at once, against the inline Map's limit: a Map's MaxConcurrency is fixed in the
 * definition, never taken from the authority's size (0, or none, would mean no limit and is refused).
 */
export function mapConcurrencies(definition: {
  States: Record<string, AslState>;
}): { state: string; maxConcurrency: number }[] {
  return Object.entries(definition.States).flatMap(([name, state]) => {
    if (state.Type !== 'Map') return [];
    const maxConcurrency = Number(state.MaxConcurrency ?? 0);
    if (!(maxConcurrency > 0))
      throw new Error(`the Map state '${name}' has no MaxConcurrency: it would run every batch at once`);
    return [{ state: name, maxConcurrency }];
  });
}
