/**
 * npm run ecb-decisions stores the ECB's answer with the cycle's request and answers the token with how many
 * decisions there are; a request is answered once. DynamoDB's answers are injected.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ECB_NOTICES, type EcbNoticeAnswer } from '../../functions/core/intervention/warning-notices';
import { ecbAnswerFromSheet, storeEcbNoticeAnswer } from '../../local/ecb-decisions-cli';

const answer: EcbNoticeAnswer = {
  outcome: 'decided',
  by: 'the ECB, put in by arn:aws:iam::111122223333:user/ecb-clerk',
  decisions: [
    { urn: '125105', decision: 'escalate', rationale: 'Not complied with' },
    { urn: '125111', decision: 'withdraw', rationale: 'Complied with' },
  ],
};

const conditionFailed = Object.assign(new Error('The conditional request failed'), {
  name: 'ConditionalCheckFailedException',
});

/**
 * A document client that answers each command with the next of `answers` (an Error is thrown), recording the commands.
 */
function documents(...answers: unknown[]) {
  const sent: unknown[] = [];
  return {
    sent,
    send: async (command: unknown) => {
      sent.push(command);
      const next = answers.shift();
      if (next instanceof Error) throw next;
      return next;
    },
  };
}

describe("the ECB's answer on warning notices", () => {
  it('is stored with the request, on the condition that the request waits and has no answer yet, and the token carries how many', async () => {
    const client = documents({ Attributes: { term: '2027-spring', district: ECB_NOTICES, taskToken: 'token-1' } });
    const stored = await storeEcbNoticeAnswer(client as never, 'moderation', '2027-spring', answer);
    expect(stored).toEqual({ taskToken: 'token-1', token: { outcome: 'decided', decisions: 2 } });
    const update = client.sent[0] as UpdateCommand;
    expect(update).toBeInstanceOf(UpdateCommand);
    expect(update.input).toMatchObject({
      TableName: 'moderation',
      Key: { term: '2027-spring', district: ECB_NOTICES },
      ConditionExpression: 'attribute_exists(#token) AND attribute_not_exists(#answer)',
    });
    expect(update.input.ExpressionAttributeValues?.[':answer']).toEqual(answer);
  });

  it('is refused a second time, saying when the ECB answered', async () => {
    const client = documents(conditionFailed, {
      Item: {
        term: '2027-spring',
        district: ECB_NOTICES,
        taskToken: 'token-1',
        answeredAt: '2027-01-20T10:00:00.000Z',
      },
    });
    const stored = await storeEcbNoticeAnswer(client as never, 'moderation', '2027-spring', answer);
    expect(stored).toEqual({
      refused:
        "The ECB has already answered the cycle's questions about warning notices in 2027-spring (at 2027-01-20T10:00:00.000Z); a rerun of 2027-spring asks them again.",
    });
    expect(client.sent[1]).toBeInstanceOf(GetCommand);
  });

  it('is refused when the cycle has not asked the ECB in the term', async () => {
    const client = documents(conditionFailed, {});
    expect(await storeEcbNoticeAnswer(client as never, 'moderation', '2027-summer', answer)).toEqual({
      refused: `The cycle has not asked the ECB about warning notices in 2027-summer (nothing is stored under "${ECB_NOTICES}" in moderation).`,
    });
  });
});

describe("npm run ecb-decisions --check on the ECB's sheet", () => {
  const sheet = (complianceDate: string) =>
    new TextEncoder().encode(
      `URN,School,AAG area,Governance,Question,Concerns,Issued,Decision,Compliance date,Rationale,Decided by\n125105,Southam Moor Primary School,Ashdown,maintained,issue a warning notice,,,issue,${complianceDate},Two terms of insufficient impact,ECB\n`,
    );
  it('refuses a compliance date that leaves a notice given today less than the days its actions need, as the cycle would', () => {
    const dates = { on: '2026-12-20', minimumComplianceDays: 21 };
    expect(ecbAnswerFromSheet('warning-notices.csv', sheet('11/12/2026'), 'the ECB', dates).problems).toEqual([
      "warning-notices.csv, URN 125105: the compliance date 11 Dec 2026 leaves less than the 21 days the notice's actions need after its date (20 Dec 2026): the earliest it can be is 10 Jan 2027",
    ]);
    expect(
      ecbAnswerFromSheet('warning-notices.csv', sheet('10/01/2027'), 'the ECB', dates).answer?.decisions,
    ).toHaveLength(1);
  });
});
