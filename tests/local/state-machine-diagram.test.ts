/** docs/state-machine.md is drawn from the state machine CDK synthesizes, and stays so. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../../local/repository';
import { stateMachineMermaid, stateMachinePage } from '../../local/state-machine-diagram';
import {
  cdkJsonContext,
  type StateMachineDefinition,
  stateMachineDefinition,
  synthesizedTemplate,
} from '../../local/template';

describe('the state machine as a diagram', () => {
  it('draws each kind of state in its shape, every transition, and each catch as a dotted edge', () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Data intake',
      States: {
        'Data intake': {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Next: 'Ask the AAGs',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Record failure' }],
        },
        'Ask the AAGs': {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Next: 'Decided?',
          Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Record failure' }],
        },
        'Decided?': {
          Type: 'Choice',
          Choices: [{ Variable: '$.x', BooleanEquals: true, Next: 'Apply "AAG" decisions' }],
          Default: 'Record failure',
        },
        'Apply "AAG" decisions': { Type: 'Map', Next: 'Wait out the lease' },
        'Wait out the lease': { Type: 'Wait', Seconds: 1, End: true },
        'Record failure': { Type: 'Fail' },
      },
    };
    expect(stateMachineMermaid(definition).split('\n')).toEqual([
      'flowchart TD',
      '  start(( )) --> s0',
      '  s0["Data intake"]',
      '  s1{{"Ask the AAGs"}}',
      '  s2{"Decided?"}',
      '  s3[["Apply #quot;AAG#quot; decisions"]]',
      '  s4(["Wait out the lease"])',
      '  s5(("Record failure"))',
      '  s0 --> s1',
      '  s0 -.-> s5',
      '  s1 --> s2',
      '  s1 -.->|States.Timeout| s5',
      '  s2 -->|when| s3',
      '  s2 -->|otherwise| s5',
      '  s3 --> s4',
      '',
    ]);
    expect(() => stateMachineMermaid({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } })).toThrow(
      'a transition to Nowhere, which is not a state of the definition',
    );
  });

  it('is up to date with the definition CDK synthesizes (run `npm run diagram`)', { timeout: 120_000 }, async () => {
    const definition = stateMachineDefinition(await synthesizedTemplate(cdkJsonContext(REPOSITORY_ROOT)));
    const page = readFileSync(join(REPOSITORY_ROOT, 'docs', 'state-machine.md'), 'utf8');
    expect(page).toBe(stateMachinePage(definition));
    // Every state of the definition is on the page, by name.
    for (const name of Object.keys(definition.States)) expect(page).toContain(`"${name.replace(/"/g, '#quot;')}"`);
  });
});
