/**
 * The termly cycle's state machine as a Mermaid flowchart, drawn from the definition CDK synthesizes (the one that
 * deploys and that the local runner executes), so that docs/state-machine.md cannot drift from it: each state with
 * its kind's shape, each transition (Next, a Choice's branches and default), and each Catch as a dotted edge.
 */
import { count } from '../functions/core/words';
import type { StateMachineDefinition } from './template';

type State = StateMachineDefinition['States'][string];

interface Choice {
  Next?: string;
}
interface Catcher {
  Next?: string;
  ErrorEquals?: string[];
}

/** Mermaid's text in a quoted label: its quotes and angle brackets as entities. */
const label = (text: string) => `"${text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;')}"`;

/** A state's node, shaped by its kind: a task, a task that waits for a person, a choice, a Map, a wait, an end. */
function node(id: string, name: string, state: State): string {
  const text = label(name);
  const resource = typeof state.Resource === 'string' ? state.Resource : '';
  switch (state.Type) {
    case 'Task':
      return resource.endsWith('.waitForTaskToken') ? `${id}{{${text}}}` : `${id}[${text}]`;
    case 'Choice':
      return `${id}{${text}}`;
    case 'Map':
    case 'Parallel':
      return `${id}[[${text}]]`;
    case 'Wait':
      return `${id}([${text}])`;
    case 'Succeed':
    case 'Fail':
      return `${id}((${text}))`;
    default:
      return `${id}[${text}]`;
  }
}

/** The flowchart of a definition's top-level states, in the order they are declared. */
export function stateMachineMermaid(definition: StateMachineDefinition): string {
  const names = Object.keys(definition.States);
  const ids = new Map(names.map((name, i) => [name, `s${i}`]));
  const idOf = (name: string) => {
    const id = ids.get(name);
    if (!id) throw new Error(`a transition to ${name}, which is not a state of the definition`);
    return id;
  };
  const lines = ['flowchart TD', `  start(( )) --> ${idOf(definition.StartAt)}`];
  for (const name of names) lines.push(`  ${node(idOf(name), name, definition.States[name]!)}`);
  for (const name of names) {
    const state = definition.States[name]!;
    const from = idOf(name);
    if (typeof state.Next === 'string') lines.push(`  ${from} --> ${idOf(state.Next)}`);
    if (state.Type === 'Choice') {
      for (const choice of (state.Choices as Choice[] | undefined) ?? [])
        if (choice.Next) lines.push(`  ${from} -->|when| ${idOf(choice.Next)}`);
      if (typeof state.Default === 'string') lines.push(`  ${from} -->|otherwise| ${idOf(state.Default)}`);
    }
    // A catch of every error is the dotted edge alone; one of named errors (a deadline's States.Timeout) says which.
    for (const catcher of (state.Catch as Catcher[] | undefined) ?? []) {
      if (!catcher.Next) continue;
      const errors = (catcher.ErrorEquals ?? []).filter((e) => e !== 'States.ALL');
      lines.push(`  ${from} -.->${errors.length > 0 ? `|${errors.join(', ')}|` : ''} ${idOf(catcher.Next)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** docs/state-machine.md: who it is for, how it is made, and the flowchart. */
export function stateMachinePage(definition: StateMachineDefinition): string {
  const states = Object.values(definition.States);
  const of = (type: string, one: string, many?: string) =>
    count(states.filter((s) => s.Type === type).length, one, many);
  return `# The termly cycle's state machine

For the engineer and the operator: the state machine as CDK synthesizes it (\`lib/termly-cycle-state-machine.ts\`,
driven by \`lib/stages.ts\`), the same definition that deploys and that \`npm run cycle\` runs locally. Written by
\`npm run diagram\` from the synthesized template; a test fails when it is out of date.

${count(states.length, 'state')}: ${of('Task', 'task')} (the hexagons wait for a person: the AAGs or the ECB),
${of('Map', 'Map')} (a batch at a time), ${of('Choice', 'choice')}, ${of('Wait', 'wait')}. Dotted edges are the failures
each state catches: every error, or the one named (a deadline passing).

\`\`\`mermaid
${stateMachineMermaid(definition)}\`\`\`
`;
}
