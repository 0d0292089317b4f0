/**
 * Step Functions' and Lambda's limits at 250, 2,500 and 22,000 schools, computed from the synthesized definition,
 * its functions and the settings in cdk.json: every invocation's time (from each stage's declared work, which the
 * bench measures) under half its function's timeout, and its payload under half Lambda's; the worst case's history
 * events stay under half of the 25,000 a Standard execution may
 * have, counting every batch of the per-school stages, and no Map state runs more than half the 40 iterations an
 * inline Map may run at once (its MaxConcurrency is fixed, whatever the authority's size). The AAGs are asked on
 * one task token, not a Map of districts.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app';
import { CONTEXT_KEY, parseCycleConfig } from '../../lib/config';
import {
  areaBatchesFor,
  batchesFor,
  historyEvents,
  INVOCATION_START_SECONDS,
  LAMBDA_LIMITS,
  type LimitInputs,
  LONGEST_AREA_NAME,
  lambdaPayloadBytes,
  lambdaSeconds,
  lettersPerNotifyInvocation,
  limitInputsFor,
  MOST_LETTERS_A_SCHOOL,
  mapConcurrencies,
  notifyInvocations,
  ONE_VCPU_MB,
  STATE_BYTES_BESIDES_BATCHES,
  STEP_FUNCTIONS_LIMITS,
  stateBytes,
} from '../../lib/execution-limits';
import { EVENT_FUNCTIONS, HANDLER_METADATA_KEY, LEASE_ROUNDS, STAGES, type StageSpec } from '../../lib/stages';
import { allStates } from '../../local/bind';
import { REPOSITORY_ROOT } from '../../local/local-cycle';
import { cdkJsonContext, type StateMachineDefinition, stateMachineDefinition } from '../../local/template';
import { removeTestApps, testApp } from './test-apps';

let definition: StateMachineDefinition;
let settings: LimitInputs;
/** Each stage function the stack deploys: its stage (by the handler module it names), timeout and memory. */
let functions: { spec: StageSpec; timeoutSeconds: number; memoryMb: number }[];
afterAll(removeTestApps);
beforeAll(() => {
  const context: Record<string, unknown> = { ...cdkJsonContext(REPOSITORY_ROOT), 'aws:cdk:bundling-stacks': [] };
  const app = testApp(context);
  const stack = buildApp(app);
  app.synth();
  const template = Template.fromStack(stack).toJSON() as {
    Resources: Record<
      string,
      { Type: string; Metadata?: Record<string, string>; Properties?: { Timeout?: number; MemorySize?: number } }
    >;
  };
  definition = stateMachineDefinition(template as never);
  const specs: StageSpec[] = [...Object.values(STAGES), ...Object.values(EVENT_FUNCTIONS)];
  functions = Object.values(template.Resources).flatMap((r) => {
    const spec = specs.find((s) => s.entry === r.Metadata?.[HANDLER_METADATA_KEY]);
    return r.Type === 'AWS::Lambda::Function' && spec
      ? [{ spec, timeoutSeconds: r.Properties!.Timeout!, memoryMb: r.Properties!.MemorySize! }]
      : [];
  });
  const config = parseCycleConfig(context[CONTEXT_KEY]);
  settings = limitInputsFor(config, 0);
});

describe("Step Functions' limits, at the sizes an authority, a region and England run", () => {
  for (const schools of [250, 2_500, 22_000]) {
    it(`keeps a term of ${schools.toLocaleString('en-GB')} schools under half the history and state a Standard execution may have, and its Maps under half an inline Map's concurrency`, () => {
      const inputs = { ...settings, schools };
      const events = historyEvents(definition, inputs);
      expect(events).toBeLessThan(STEP_FUNCTIONS_LIMITS.historyEvents / 2);
      // Letters go a batch of schools at a time, in invocations of at most lettersPerInvocation, or what the paced
      // rate allows in its time: one a batch, and one more for each share the letters fill.
      const share = Math.min(
        settings.lettersPerInvocation,
        (settings.notifyTimeoutSeconds - 60) * settings.sendRate,
        schools * MOST_LETTERS_A_SCHOOL,
      );
      expect(notifyInvocations(inputs)).toBe(
        batchesFor(schools, settings.schoolsPerBatch) + Math.floor((schools * MOST_LETTERS_A_SCHOOL - 1) / share),
      );
      // The state: the stages' counts and keys, and the batches' ranges, under half of 256 KB.
      expect(stateBytes(inputs)).toBeLessThan(STEP_FUNCTIONS_LIMITS.stateBytes / 2);
      // Risk assessment runs a task per batch, at most BATCHES_AT_ONCE at a time: under half an inline Map's 40.
      expect(allStates(definition).filter(([, s]) => s.Type === 'Parallel')).toEqual([]);
      for (const { maxConcurrency } of mapConcurrencies(definition))
        expect(maxConcurrency).toBeLessThanOrEqual(STEP_FUNCTIONS_LIMITS.inlineMapConcurrency / 2);
    });

    it(`keeps every Lambda invocation of a term of ${schools.toLocaleString('en-GB')} schools under half its function's timeout (itself at most Lambda's 15 minutes), and its payload under half Lambda's`, () => {
      const inputs = { ...settings, schools };
      expect(functions).toHaveLength(Object.keys(STAGES).length + Object.keys(EVENT_FUNCTIONS).length);
      for (const fn of functions) {
        expect([fn.spec.id, fn.timeoutSeconds <= LAMBDA_LIMITS.durationSeconds]).toEqual([fn.spec.id, true]);
        const seconds = lambdaSeconds({ ...fn.spec, memoryMb: fn.memoryMb }, inputs);
        expect([fn.spec.id, Math.round(seconds), seconds <= fn.timeoutSeconds / 2]).toEqual([
          fn.spec.id,
          Math.round(seconds),
          true,
        ]);
      }
      expect(lambdaPayloadBytes(inputs)).toBeLessThan(LAMBDA_LIMITS.payloadBytes / 2);
    });
  }

  it('counts the loop that sends letters: more schools, more invocations, more events', () => {
    // Batches held the same (one school a batch would add batches too), so only the letters differ.
    const fixed = { ...settings, schoolsPerBatch: 30_000 };
    const small = historyEvents(definition, { ...fixed, schools: 250 });
    const england = historyEvents(definition, { ...fixed, schools: 22_000 });
    expect(notifyInvocations({ ...settings, schools: 250 })).toBe(1);
    expect(notifyInvocations({ ...fixed, schools: 22_000 })).toBe(Math.ceil((22_000 * MOST_LETTERS_A_SCHOOL) / 3000));
    // With the batches of schools: each batch's letters begin an invocation of their own.
    expect(notifyInvocations({ ...settings, schools: 22_000 })).toBe(
      22 + Math.floor((22_000 * MOST_LETTERS_A_SCHOOL - 1) / 3000),
    );
    // Each further invocation: the continued notify task (with its retries) and the Choice again.
    const perInvocation = (england - small) / (notifyInvocations({ ...fixed, schools: 22_000 }) - 1);
    // ... in the first round through the letters and in each round after waiting out unfinished letters' leases.
    expect(perInvocation).toBe((1 + LEASE_ROUNDS) * (5 + 3 * 4 + 2));
  });

  it("counts an invocation's time from its work: a per-batch stage's by its batch, any other's by the term, notify's by its letters and their pace", () => {
    const risk = (schools: number) => lambdaSeconds(STAGES.riskAssessment, { ...settings, schools });
    const intake = (schools: number) => lambdaSeconds(STAGES.intake, { ...settings, schools });
    // A batch never holds more than schoolsPerBatch schools, however many the authority has.
    expect(risk(22_000)).toBe(risk(2_500));
    expect(risk(22_000)).toBeGreaterThan(risk(250));
    expect(intake(22_000)).toBeGreaterThan(intake(2_500));
    // Half the memory, half a vCPU's share: twice as long.
    const half = { ...STAGES.intake, memoryMb: ONE_VCPU_MB / 2 };
    expect(lambdaSeconds(half, { ...settings, schools: 1000 })).toBeCloseTo(
      2 * (INVOCATION_START_SECONDS + STAGES.intake.work.secondsPerThousand),
    );
    // Notify: its letters at the paced rate, and its own work on each.
    const letters = lettersPerNotifyInvocation({ ...settings, schools: 22_000 });
    expect(letters).toBe(settings.lettersPerInvocation);
    expect(lambdaSeconds({ ...STAGES.notify, memoryMb: ONE_VCPU_MB }, { ...settings, schools: 22_000 })).toBeCloseTo(
      letters / settings.sendRate + INVOCATION_START_SECONDS + (STAGES.notify.work.secondsPerThousand * letters) / 1000,
    );
    // A function with no work of its own takes its start.
    expect(lambdaSeconds({ ...STAGES.countAgreed, memoryMb: ONE_VCPU_MB }, { ...settings, schools: 22_000 })).toBe(
      INVOCATION_START_SECONDS,
    );
  });

  it('counts the batches in the state: two keys a batch, growing with the schools and no faster', () => {
    const at = (schools: number, schoolsPerBatch = settings.schoolsPerBatch) =>
      stateBytes({ schools, schoolsPerBatch }) - STATE_BYTES_BESIDES_BATCHES;
    // One batch of schools, and room for the most batches of AAG areas (three), each two of the longest names.
    const name = 'x'.repeat(LONGEST_AREA_NAME);
    expect(areaBatchesFor(250, settings.schoolsPerBatch)).toBe(3);
    expect(at(250)).toBe(
      JSON.stringify([{}]).length + JSON.stringify([1, 2, 3].map(() => ({ from: name, to: name }))).length,
    );
    expect(at(22_000)).toBeGreaterThan(at(2_500));
    // Even batches of 100 schools keep 22,000 schools' ranges, and the most batches of areas they could make (441,
    // each two names of the longest), under half the state. Batches of 25 would not (the areas' would take 229 KB).
    expect(stateBytes({ schools: 22_000, schoolsPerBatch: 100 })).toBeLessThan(STEP_FUNCTIONS_LIMITS.stateBytes / 2);
    expect(stateBytes({ schools: 22_000, schoolsPerBatch: 25 })).toBeGreaterThan(STEP_FUNCTIONS_LIMITS.stateBytes / 2);
  });

  it('counts each batch of the per-school stages: its iteration and its task, with every retry', () => {
    const oneBatch = historyEvents(definition, { ...settings, schools: 250, schoolsPerBatch: 1000 });
    const tenBatches = historyEvents(definition, { ...settings, schools: 250, schoolsPerBatch: 25 });
    expect(batchesFor(250, 25)).toBe(10);
    expect([areaBatchesFor(250, 1000), areaBatchesFor(250, 25)]).toEqual([3, 21]);
    // Each iteration: started and succeeded (2), and each task in it with every retry (5 + 3 * 4). Four per-school
    // Maps of one task (storing the intake, risk assessment, applying the AAGs' decisions, warning notices) and one
    // of two (the school pages, then their lines for the area reports), nine batches more each; and the AAG area
    // reports, eighteen more.
    const task = 5 + 3 * 4;
    // And notify, whose letters go a batch at a time: nine invocations more, each with its Choice (2), in every round.
    expect(tenBatches - oneBatch).toBe(
      4 * 9 * (2 + task) + 9 * (2 + 2 * task) + 18 * (2 + task) + (1 + LEASE_ROUNDS) * 9 * (task + 2),
    );
  });

  it('refuses to count a Map state, whose history grows with its items, until its items are counted', () => {
    const withMap = {
      ...definition,
      States: { ...definition.States, 'A map': { Type: 'Map', ItemsPath: '$.districts' } },
    } as StateMachineDefinition;
    expect(() => historyEvents(withMap, { ...settings, schools: 250 })).toThrow(
      /Map state's history depends on its items/,
    );
    const unlimited = {
      ...definition,
      States: {
        ...definition.States,
        'Risk assessment': { ...definition.States['Risk assessment']!, MaxConcurrency: 0 },
      },
    } as StateMachineDefinition;
    expect(() => mapConcurrencies(unlimited)).toThrow(/has no MaxConcurrency/);
  });
});
