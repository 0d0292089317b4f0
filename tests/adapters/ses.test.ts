/**
 * Whose problem an SES refusal is: the account's (every letter stops) or the recipient's (that letter fails); never an
 * address kept.
 */
import { describe, expect, it } from 'vitest';
import { sesRefusal, withoutAddresses } from '../../functions/adapters/ses';

describe("SES's refusals", () => {
  it("stops every letter for the account's or the configuration's problems, the sandbox's among them", () => {
    for (const name of [
      'AccountSendingPausedException',
      'ConfigurationSetSendingPausedException',
      'ConfigurationSetDoesNotExistException',
      'MailFromDomainNotVerifiedException',
    ])
      expect(sesRefusal(name, '')).toBe('stopped');
    expect(
      sesRefusal(
        'MessageRejected',
        'Email address is not verified. The following identities failed the check in region EU-WEST-2: head@oak.sch.example',
      ),
    ).toBe('stopped');
  });

  it("fails only the letter for its recipient's problems, and is nothing of SES's own for other errors", () => {
    expect(sesRefusal('MessageRejected', 'Address blacklisted.')).toBe('rejected');
    expect(sesRefusal('InvalidParameterValue', "Missing final '@domain'")).toBe('rejected');
    expect(sesRefusal('Throttling', 'Maximum sending rate exceeded.')).toBeUndefined();
  });

  it('masks every address in what SES said', () => {
    expect(
      withoutAddresses('failed the check in region EU-WEST-2: head@oak.sch.example, Chair.Person@elm.sch.example'),
    ).toBe('failed the check in region EU-WEST-2: <address>, <address>');
  });
});
