/**
 * How the local run gives each function its turn (local/bind.ts): a function's environment and console are the
 * process's, so works of different functions never overlap; works of one function in one environment (the portal's
 * requests) share a turn, unless another function is waiting for it.
 */
import { describe, expect, it } from 'vitest';
import { inFunctionTurn } from '../../local/bind';
import type { TemplateFunction } from '../../local/template';

const fn = (name: string, variable: string): TemplateFunction => ({
  logicalId: name,
  arn: `arn:${name}`,
  entry: `functions/handlers/${name}.ts`,
  environment: { WHO: variable },
  timeoutSeconds: 30,
});
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('function turns', () => {
  it("lets one function's works share a turn, each seeing its environment, and keeps another's apart", async () => {
    const portal = fn('portal', 'portal');
    const stage = fn('stage', 'stage');
    const env = { LOCAL: 'yes' };
    const timeline: string[] = [];
    const work = (name: string, ms: number) => async () => {
      timeline.push(`${name} starts as ${process.env.WHO}`);
      await pause(ms);
      timeline.push(`${name} ends as ${process.env.WHO}`);
      return name;
    };
    const first = inFunctionTurn(portal, env, () => undefined, work('request 1', 60));
    await pause(10);
    // Joins the first's turn: nothing else is waiting.
    const second = inFunctionTurn(portal, env, () => undefined, work('request 2', 20));
    await pause(5);
    // Another function waits for both; a request after it waits for it.
    const other = inFunctionTurn(stage, env, () => undefined, work('stage', 10));
    const third = inFunctionTurn(portal, env, () => undefined, work('request 3', 10));
    expect(await Promise.all([first, second, other, third])).toEqual(['request 1', 'request 2', 'stage', 'request 3']);
    expect(timeline).toEqual([
      'request 1 starts as portal',
      'request 2 starts as portal',
      'request 2 ends as portal',
      'request 1 ends as portal',
      'stage starts as stage',
      'stage ends as stage',
      'request 3 starts as portal',
      'request 3 ends as portal',
    ]);
    expect(process.env.WHO).toBeUndefined();
  });

  it("passes a work's failure to its caller and frees the turn", async () => {
    const portal = fn('portal', 'portal');
    const failing = inFunctionTurn(
      portal,
      {},
      () => undefined,
      async () => {
        throw new Error('refused');
      },
    );
    await expect(failing).rejects.toThrow('refused');
    expect(
      await inFunctionTurn(
        fn('stage', 'stage'),
        {},
        () => undefined,
        async () => process.env.WHO,
      ),
    ).toBe('stage');
  });
});
