/**
 * Step Functions' limits at 250, 2,500 and 22,000 schools, computed from the synthesized definition and the
 * settings in cdk.json: the worst case's history events stay under half of the 25,000 a Standard execution may
 * have, and no Map state's concurrency (an inline Map runs at most 40 iterations at once) depends on the
 * authority's size, because there is none: every district's AAG is asked on one task token.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app';
import { CONTEXT_KEY, parseCycleConfig } from '../../lib/config';
import { historyEvents, limitInputsFor, MOST_LETTERS_A_SCHOOL, notifyInvocations, STEP_FUNCTIONS_LIMITS, type LimitInputs } from '../../lib/execution-limits';
import { allStates } from '../../local/bind';
import { cdkJsonContext, stateMachineDefinition, type StateMachineDefinition } from '../../local/template';
import { REPOSITORY_ROOT } from '../../local/local-cycle';

let definition: StateMachineDefinition;
let settings: LimitInputs;
beforeAll(() => {
  const context: Record<string, unknown> = { ...cdkJsonContext(REPOSITORY_ROOT), 'aws:cdk:bundling-stacks': [] };
  const app = new App({ context });
  const stack = buildApp(app);
  app.synth();
  definition = stateMachineDefinition(Template.fromStack(stack).toJSON() as never);
  const config = parseCycleConfig(context[CONTEXT_KEY]);
  settings = limitInputsFor(config, 0);
});

describe("Step Functions' limits, at the sizes an authority, a region and England run", () => {
  for (const schools of [250, 2_500, 22_000]) {
    it(`keeps a term of ${schools.toLocaleString('en-GB')} schools under half the history a Standard execution may have, with no Map`, () => {
      const inputs = { ...settings, schools };
      const events = historyEvents(definition, inputs);
      expect(events).toBeLessThan(STEP_FUNCTIONS_LIMITS.historyEvents / 2);
      // Letters go in invocations of at most lettersPerInvocation, or what the paced rate allows in its time.
      expect(notifyInvocations(inputs)).toBe(Math.ceil((schools * MOST_LETTERS_A_SCHOOL) / Math.min(settings.lettersPerInvocation, (settings.notifyTimeoutSeconds - 60) * settings.sendRate)));
      expect(allStates(definition).filter(([, s]) => s.Type === 'Map' || s.Type === 'Parallel')).toEqual([]);
    });
  }

  it('counts the loop that sends letters: more schools, more invocations, more events', () => {
    const small = historyEvents(definition, { ...settings, schools: 250 });
    const england = historyEvents(definition, { ...settings, schools: 22_000 });
    expect(notifyInvocations({ ...settings, schools: 250 })).toBe(1);
    expect(notifyInvocations({ ...settings, schools: 22_000 })).toBe(Math.ceil((22_000 * MOST_LETTERS_A_SCHOOL) / 4000));
    // Each further invocation: the continued notify task (with its retries) and the Choice again.
    const perInvocation = (england - small) / (notifyInvocations({ ...settings, schools: 22_000 }) - 1);
    expect(perInvocation).toBe(5 + 3 * 4 + 2);
  });

  it('refuses to count a Map state, whose history grows with its items, until its items are counted', () => {
    const withMap = { ...definition, States: { ...definition.States, 'A map': { Type: 'Map' } } } as StateMachineDefinition;
    expect(() => historyEvents(withMap, { ...settings, schools: 250 })).toThrow(/Map state's history depends on its items/);
  });
});
