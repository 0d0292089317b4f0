/** A school's page: its histories read in the order things happened. */
import { describe, expect, it } from 'vitest';
import type { WarningNotice } from '../../functions/core/intervention/warning-notices';
import { schoolPageHtml } from '../../functions/core/reporting/school-page';
import { DEFAULT_METHODOLOGY, school } from '../builders';

describe("a school's page", () => {
  it("lists its warning notice's history by the date of each event, oldest first, however it was recorded", () => {
    const notice: WarningNotice = {
      term: '2027-spring',
      urn: '100001',
      district: 'Ashdown',
      kind: 'warning notice',
      status: 'withdrawn',
      concerns: ['c'],
      actionRequired: ['a'],
      policy: 'notices-2026',
      proposedIn: '2026-autumn',
      issuedOn: '2026-09-03',
      complianceDate: '2026-12-11',
      history: [
        { term: '2026-autumn', on: '2026-09-03', what: 'proposed: issue a warning notice', by: 'the cycle' },
        { term: '2027-spring', on: '2027-01-05', what: 'the ECB withdrew the warning notice', by: 'ECB' },
        { term: '2026-autumn', on: '2026-09-10', what: 'the ECB issued the warning notice', by: 'ECB' },
        { term: '2027-spring', on: '2027-01-05', what: 'the compliance date has passed', by: 'the cycle' },
      ],
    };
    const page = schoolPageHtml({
      authorityName: 'Ardenshire',
      methodology: DEFAULT_METHODOLOGY,
      school: school({ urn: '100001' }),
      history: [],
      warningNotice: notice,
      reportHref: '../report.html',
    });
    const dates = [
      ...page.slice(page.indexOf('What has happened to it')).matchAll(/<tr><th scope="row">([^<]+)<\/th>/g),
    ].map((m) => m[1]);
    expect(dates).toEqual(['3 Sep 2026', '10 Sep 2026', '5 Jan 2027', '5 Jan 2027']);
    // Events of one day keep the order they were recorded in.
    expect(page.indexOf('the ECB withdrew')).toBeLessThan(page.indexOf('the compliance date has passed'));
  });
});
