/**
 * Claiming letters (functions/adapters/sent-emails.ts), with DynamoDB's answers injected: the records earlier
 * versions left under a letter's older key are read for an invocation's letters together, not letter by letter,
 * and a letter whose key never changed (a warning notice's) has its own unfinished claim taken over after the lease.
 */
import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { documentClient, resetDocumentClient } from '../../functions/adapters/dynamo';
import { claimLetter, type SentEmailRecord, sentByEarlierVersions } from '../../functions/adapters/sent-emails';
import { aLetter } from '../builders';

const TABLE = 'sent-emails';
const letter = aLetter;
const conditionFailed = () =>
  Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });

beforeEach(() => {
  process.env.SENT_EMAILS_TABLE = TABLE;
});
afterEach(() => {
  vi.restoreAllMocks();
  resetDocumentClient();
  delete process.env.SENT_EMAILS_TABLE;
});

describe('letters claimed for sending', () => {
  it("reads the older keys of an invocation's letters in one request, once each, and none for a letter whose key never changed", async () => {
    const asked: string[][] = [];
    vi.spyOn(documentClient(), 'send').mockImplementation((async (command: unknown) => {
      if (!(command instanceof BatchGetCommand)) throw new Error(`unexpected ${command?.constructor.name}`);
      const keys = (command.input.RequestItems![TABLE]!.Keys as { letterKey: string }[]).map((k) => k.letterKey);
      asked.push(keys);
      return {
        Responses: {
          [TABLE]: keys
            .filter((k) => k.includes('100002'))
            .map((letterKey) => ({ letterKey, status: 'sent', messageId: 'old' })),
        },
      };
    }) as never);
    const notice = letter('100003', {
      key: '2026-autumn#100003#notice#issued#chair',
      legacyKey: '2026-autumn#100003#notice#issued#chair',
    });
    const letters = [letter('100001'), letter('100002'), letter('100002', { key: 'another address' }), notice];
    const earlier = await sentByEarlierVersions(letters);
    expect(asked).toEqual([['2026-autumn#100001#B-C#headteacher', '2026-autumn#100002#B-C#headteacher']]);
    expect([...earlier.keys()]).toEqual(['2026-autumn#100002#B-C#headteacher']);
    expect(await sentByEarlierVersions([notice])).toEqual(new Map());
    expect(asked).toHaveLength(1);
  });

  it('takes what was read for the invocation, and asks DynamoDB nothing more of a letter an earlier version sent', async () => {
    const sent: string[] = [];
    vi.spyOn(documentClient(), 'send').mockImplementation((async (command: unknown) => {
      sent.push(command!.constructor.name);
      if (command instanceof PutCommand) return {};
      throw new Error(`unexpected ${command?.constructor.name}`);
    }) as never);
    const old: SentEmailRecord = {
      letterKey: '2026-autumn#100002#B-C#headteacher',
      term: '2026-autumn',
      urn: '100002',
      role: 'headteacher',
      status: 'sent',
      claimedAt: '2026-09-10T09:00:00Z',
      messageId: 'old',
    };
    const earlier = new Map([[old.letterKey, old]]);
    expect(await claimLetter(letter('100002'), new Date('2026-10-01T09:00:00Z'), earlier, 900)).toEqual({
      claimed: false,
      existing: old,
    });
    expect(sent).toEqual([]);
    expect(await claimLetter(letter('100001'), new Date('2026-10-01T09:00:00Z'), earlier, 900)).toEqual({
      claimed: true,
    });
    expect(sent).toEqual(['PutCommand']);
  });

  it("takes over a warning notice letter's own claim left unfinished past the lease, as any other letter's", async () => {
    const notice = letter('100003', {
      key: '2026-autumn#100003#notice#issued#chair',
      legacyKey: '2026-autumn#100003#notice#issued#chair',
    });
    const unfinished: SentEmailRecord = {
      letterKey: notice.key,
      term: '2026-autumn',
      urn: '100003',
      role: 'chair of governors',
      status: 'sending',
      claimedAt: '2026-10-01T08:00:00Z',
    };
    const sent: string[] = [];
    vi.spyOn(documentClient(), 'send').mockImplementation((async (command: unknown) => {
      sent.push(command!.constructor.name);
      if (command instanceof PutCommand) throw conditionFailed();
      if (command instanceof GetCommand) return { Item: unfinished };
      if (command instanceof UpdateCommand) return {};
      throw new Error(`unexpected ${command?.constructor.name}`);
    }) as never);
    // Its own key in the invocation's map of earlier versions' records would hide it: the map is not asked for it.
    const earlier = new Map([[notice.key, unfinished]]);
    expect(await claimLetter(notice, new Date('2026-10-01T09:00:00Z'), earlier, 900)).toEqual({
      claimed: true,
      reclaimed: { claimedAt: '2026-10-01T08:00:00Z' },
    });
    expect(sent).toEqual(['PutCommand', 'GetCommand', 'UpdateCommand']);
  });
});
