/** The ECB's answer on the term's warning notices, stored with the cycle's request to it (the moderation table). */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ECB_NOTICES, type EcbNoticeAnswer, type EcbNoticeToken } from '../core/intervention/warning-notices';

/**
 * Stores the ECB's answer with the term's request, where the cycle reads it, and returns the request's task token
 * and what the token is answered with: that the ECB decided, and how many decisions. Refused (with the reason) if
 * the cycle has not asked the ECB in the term, or the ECB has already answered this request: one answer a request,
 * so what the cycle applies is what the token counted.
 */
export async function storeEcbNoticeAnswer(
  documents: Pick<DynamoDBDocumentClient, 'send'>,
  table: string,
  term: string,
  answer: EcbNoticeAnswer,
): Promise<{ taskToken: string; token: EcbNoticeToken } | { refused: string }> {
  try {
    const stored = await documents.send(
      new UpdateCommand({
        TableName: table,
        Key: { term, district: ECB_NOTICES },
        UpdateExpression: 'SET #answer = :answer, #answeredAt = :at',
        ConditionExpression: 'attribute_exists(#token) AND attribute_not_exists(#answer)',
        ExpressionAttributeNames: { '#answer': 'answer', '#answeredAt': 'answeredAt', '#token': 'taskToken' },
        ExpressionAttributeValues: { ':answer': answer, ':at': new Date().toISOString() },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return {
      taskToken: String(stored.Attributes?.taskToken),
      token: { outcome: 'decided', decisions: answer.decisions.length },
    };
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) throw error;
    const request = (await documents.send(new GetCommand({ TableName: table, Key: { term, district: ECB_NOTICES } })))
      .Item;
    return {
      refused: request?.taskToken
        ? `The ECB has already answered the cycle's questions about warning notices in ${term} (at ${String(request.answeredAt)}); a rerun of ${term} asks them again.`
        : `The cycle has not asked the ECB about warning notices in ${term} (nothing is stored under "${ECB_NOTICES}" in ${table}).`,
    };
  }
}
