/** npm run diagram: writes docs/state-machine.md from the state machine CDK synthesizes (local/state-machine-diagram.ts). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scriptOptions } from '../local/args';
import { REPOSITORY_ROOT } from '../local/repository';
import { stateMachinePage } from '../local/state-machine-diagram';
import { cdkJsonContext, stateMachineDefinition, synthesizedTemplate } from '../local/template';

scriptOptions(
  {},
  `Usage: npm run diagram
  Rewrites docs/state-machine.md, the state machine as a Mermaid flowchart, from the template CDK synthesizes with
  cdk.json's settings; no options.`,
);
const template = await synthesizedTemplate(cdkJsonContext(REPOSITORY_ROOT));
const file = join(REPOSITORY_ROOT, 'docs', 'state-machine.md');
writeFileSync(file, stateMachinePage(stateMachineDefinition(template)));
console.log(`Wrote ${file}`);
