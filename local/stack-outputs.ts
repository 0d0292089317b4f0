/** The outputs of a deployed stage's stack (CloudFormation DescribeStacks): the tables the commands use. */
import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { stackNameFor } from '../lib/config';
import { UsageError } from './args';

/** One of the outputs of the stage's stack (a table's name), or a usage error saying why it cannot be had. */
export async function stackOutput(
  cloudFormation: Pick<CloudFormationClient, 'send'>,
  stage: string,
  key: string,
): Promise<string> {
  const stackName = stackNameFor(stage);
  let outputs: { OutputKey?: string; OutputValue?: string }[] | undefined;
  try {
    outputs = (await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0]?.Outputs;
  } catch (error) {
    if (error instanceof Error && /does not exist/.test(error.message))
      throw new UsageError(
        `there is no stack ${stackName} in this account and region: is --stage ${stage} deployed here (check AWS_REGION), or is it another stage?`,
      );
    throw error;
  }
  const value = outputs?.find((o) => o.OutputKey === key)?.OutputValue;
  if (!value)
    throw new UsageError(
      `the stack ${stackName} has no ${key} output: deploy this version of the cycle to ${stage} first`,
    );
  return value;
}
