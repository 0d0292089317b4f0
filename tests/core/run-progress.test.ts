/** A run followed stage by stage, from its execution's history (functions/core/run-progress.ts). */
import { describe, expect, it } from 'vitest';
import { type RunEvent, runProgress } from '../../functions/core/run-progress';

const at = (s: number) => new Date(Date.UTC(2027, 0, 5, 6, 0, s)).toISOString();
const entered = (state: string, s: number): RunEvent => ({ type: 'TaskStateEntered', at: at(s), state });
const exited = (state: string, s: number): RunEvent => ({ type: 'TaskStateExited', at: at(s), state });

describe("a run's progress", () => {
  it('lists each stage once, in the order reached, counting a stage run once a batch', () => {
    const progress = runProgress([
      { type: 'ExecutionStarted', at: at(0) },
      entered('Data intake', 1),
      exited('Data intake', 2),
      { type: 'MapStateEntered', at: at(3), state: 'Risk assessment' },
      entered('Assess a batch of schools', 4),
      entered('Assess a batch of schools', 4),
      exited('Assess a batch of schools', 5),
      exited('Assess a batch of schools', 6),
      { type: 'MapStateExited', at: at(7), state: 'Risk assessment' },
      entered('Ask the AAGs', 8),
    ]);
    expect(progress.status).toBe('running');
    expect(progress.startedAt).toBe(at(0));
    expect(progress.stages.map((s) => [s.state, s.status, s.runs])).toEqual([
      ['Data intake', 'done', 1],
      ['Risk assessment', 'done', 1],
      ['Assess a batch of schools', 'done', 2],
      ['Ask the AAGs', 'running', 1],
    ]);
    expect(progress.stages[2]!.exitedAt).toBe(at(6));
  });

  it('counts a failure a retry got past on its stage, and says where and why a failed run ended', () => {
    const progress = runProgress([
      { type: 'ExecutionStarted', at: at(0) },
      entered('Data intake', 1),
      exited('Data intake', 2),
      entered('Notify category changes', 3),
      { type: 'TaskFailed', at: at(4), error: 'TransientStageError', cause: 'throttled' },
      { type: 'TaskFailed', at: at(5), error: 'SesNotReady', cause: 'sending paused' },
      { type: 'ExecutionFailed', at: at(6), error: 'SesNotReady', cause: 'sending paused' },
    ]);
    expect(progress).toMatchObject({ status: 'failed', endedAt: at(6), error: 'SesNotReady', cause: 'sending paused' });
    expect(progress.stages.map((s) => [s.state, s.status, s.failures])).toEqual([
      ['Data intake', 'done', 0],
      ['Notify category changes', 'failed', 2],
    ]);
  });

  it('tells a run stopped or timed out from one that succeeded', () => {
    const ended = (type: string) =>
      runProgress([{ type: 'ExecutionStarted', at: at(0) }, entered('Data intake', 1), { type, at: at(2) }]).status;
    expect(ended('ExecutionAborted')).toBe('stopped');
    expect(ended('ExecutionTimedOut')).toBe('timed out');
    expect(
      runProgress([entered('Data intake', 1), exited('Data intake', 2), { type: 'ExecutionSucceeded', at: at(3) }]),
    ).toMatchObject({ status: 'succeeded', stages: [{ state: 'Data intake', status: 'done' }] });
  });

  it('never counts a stage open fewer than nought times, whatever the history repeats', () => {
    const progress = runProgress([
      { type: 'ExecutionStarted', at: at(0) },
      entered('Data intake', 1),
      exited('Data intake', 2),
      exited('Data intake', 3),
      entered('Data intake', 4),
    ]);
    expect(progress.stages.map((s) => [s.state, s.status, s.runs])).toEqual([['Data intake', 'running', 2]]);
  });
});
