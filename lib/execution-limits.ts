/**
 * What one term's execution asks of Step Functions at a given number of schools, computed from the synthesized
 * definition: the history events of its worst case (every choice taken, every retrier used to the full, as many
 * notify invocations as the most letters a term could send need). The
 * stack test holds each to half of Step Functions' limit at 250, 2,500 and 22,000 schools; the bench prints them.
 */

import type { CycleConfig } from './config';
import { STAGES } from './stages';
import { NOTIFY_LOOP } from './termly-cycle-state-machine';

/** Step Functions' limits (Standard workflows; inline Map). */
export const STEP_FUNCTIONS_LIMITS = { historyEvents: 25_000, stateBytes: 256 * 1024, inlineMapConcurrency: 40 } as const;

/**
 * The most letters one school can be sent in a term: three about a change of category (headteacher, chair of
 * governors, trust board chair) and, for each of two warning-notice decisions (say, a notice escalated and then
 * withdrawn), four (head, chair, and the copies to the DfE's regional team and Ofsted). An upper bound: no term
 * changes every school's category and decides two notices for each.
 */
export const MOST_LETTERS_A_SCHOOL = 3 + 2 * 4;

/** Notify stops this long before its timeout and leaves the rest to its next invocation (functions/handlers/notify.ts). */
export const NOTIFY_STOPS_BEFORE_TIMEOUT_SECONDS = 60;

interface AslState {
  Type: string;
  Resource?: string;
  Retry?: { MaxAttempts?: number }[];
  [key: string]: unknown;
}

export interface LimitInputs {
  schools: number;
  /** Letters one notify invocation sends at most (cdk.json lettersPerInvocation). */
  lettersPerInvocation: number;
  /** SES messages a second (cdk.json sesMaxSendRate). */
  sendRate: number;
  /** The notify function's timeout. */
  notifyTimeoutSeconds: number;
  /** The state that sends letters again from where the last invocation stopped, and the Choice before it. */
  notifyAgainState: string;
  notifyChoiceState: string;
}

/** The limit inputs at a number of schools, from the cycle's settings (cdk.json) and the state machine's own names. */
export function limitInputsFor(config: Pick<CycleConfig, 'lettersPerInvocation' | 'sesMaxSendRate'>, schools: number): LimitInputs {
  return {
    schools,
    lettersPerInvocation: config.lettersPerInvocation,
    sendRate: config.sesMaxSendRate,
    notifyTimeoutSeconds: STAGES.notify.timeoutSeconds,
    notifyAgainState: NOTIFY_LOOP.again,
    notifyChoiceState: NOTIFY_LOOP.choice,
  };
}

/** How many notify invocations the most letters a term could send take, each stopped by its share or its time. */
export function notifyInvocations(inputs: LimitInputs): number {
  const letters = inputs.schools * MOST_LETTERS_A_SCHOOL;
  const perInvocation = Math.min(inputs.lettersPerInvocation, Math.floor((inputs.notifyTimeoutSeconds - NOTIFY_STOPS_BEFORE_TIMEOUT_SECONDS) * inputs.sendRate));
  return Math.max(1, Math.ceil(letters / perInvocation));
}

/** History events a state adds each time it runs, in its worst case (every retry used). */
function eventsOf(state: AslState): number {
  if (state.Type === 'Task') {
    // Entered, scheduled, started, (submitted, for a task that waits on a token), succeeded, exited; each retry
    // adds a scheduled, a started and a failed or timed out.
    const waits = String(state.Resource ?? '').endsWith('.waitForTaskToken') ? 1 : 0;
    const retries = (state.Retry ?? []).reduce((n, r) => n + (r.MaxAttempts ?? 3), 0);
    return 5 + waits + 3 * retries;
  }
  if (state.Type === 'Map' || state.Type === 'Parallel') throw new Error(`a ${state.Type} state's history depends on its items: count it before adding one`);
  // Pass, Choice, Wait, Succeed, Fail: entered and exited.
  return 2;
}

/** The worst case's history events: every state once, the notify loop as often as the letters need, retries in full. */
export function historyEvents(definition: { States: Record<string, AslState> }, inputs: LimitInputs): number {
  const invocations = notifyInvocations(inputs);
  let events = 2; // execution started, and succeeded (or failed)
  for (const [name, state] of Object.entries(definition.States)) {
    const visits = name === inputs.notifyAgainState ? invocations - 1 : name === inputs.notifyChoiceState ? invocations : 1;
    events += eventsOf(state) * visits;
  }
  return events;
}
