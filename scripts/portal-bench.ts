/**
 * npm run bench -- --portal [--sessions 50] [--school-sessions 500] [--seconds 60]
 *
 * The portal under load, on the loopback: the example's autumn term run through (its letters sent, its school people
 * invited from its contacts), then its spring term run to AAG moderation (the synthesized state machine waiting, as in
 * npm run cycle -- --portal). Then, at once, for the time asked, by autocannon: as many signed-in AAG sessions as asked
 * (members and chairs of every area, each signed in through the local identity provider as a browser would be) each
 * reading its area's proposals and saving a draft decision, in turn; and as many school sessions (headteachers and
 * chairs of governors) each reading its school's page and the letter it was sent. It prints the requests answered,
 * their latency at the 50th, 95th and 99th percentiles, for all and for each kind of session, the errors, and whether
 * every draft a session was told was saved is the one stored (none lost). Aim: p95 under 300 ms, no error, no draft
 * lost.
 */
import { join } from 'node:path';
import { type AttributeValue, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import autocannon from 'autocannon';
import { AAG_ROUND } from '../functions/adapters/cycle-store';
import { scriptOptions } from '../local/args';
import { LocalCycle, REPOSITORY_ROOT } from '../local/local-cycle';
import type { RunningPortal } from '../local/portal';
import { freePort } from '../local/services';
import { cdkJsonContext, sharedEnvironment } from '../local/template';

const USAGE = `Usage: npm run bench -- --portal [--sessions <n>] [--school-sessions <n>] [--school-pace <s>] [--seconds <n>]
  --sessions         signed-in AAG sessions at once (default 50)
  --school-sessions  signed-in school sessions at once, beside them (default 500)
  --school-pace      seconds between a school session's requests, as a person reads a page (default 5)
  --seconds          how long they read and save (default 60)`;
const args = scriptOptions(
  {
    sessions: { type: 'string' },
    'school-sessions': { type: 'string' },
    'school-pace': { type: 'string' },
    seconds: { type: 'string' },
  },
  USAGE,
);
const SCHOOL_PACE = Number(args['school-pace'] ?? 5);
const SESSIONS = Number(args.sessions ?? 50);
const SCHOOL_SESSIONS = Number(args['school-sessions'] ?? 500);
const SECONDS = Number(args.seconds ?? 60);
/** The term run through first, whose contacts the school people come from. */
const FIRST_TERM = '2026-autumn';
const TERM = '2027-spring';

/** A browser's cookies for one site, as far as sign-in needs them. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

/**
 * Signs `username` in as a browser would (the authorization code flow through the local provider), to `path`: the
 * session's cookie and the page it was sent to.
 */
async function signIn(portal: RunningPortal, username: string, password: string, path: string) {
  const jars = new Map<string, CookieJar>();
  const jarOf = (url: string) => {
    const origin = new URL(url).origin;
    if (!jars.has(origin)) jars.set(origin, new CookieJar());
    return jars.get(origin)!;
  };
  let url = `${portal.origin}/sign-in?return=${encodeURIComponent(path)}`;
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 12; hop++) {
    const jar = jarOf(url);
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: jar.header(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(body ? { body } : {}),
    });
    jar.take(response);
    body = undefined;
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).toString();
      continue;
    }
    const page = await response.text();
    const form = /<form method="post" action="(\/interaction\/[^"]+)"/.exec(page);
    if (form) {
      url = new URL(form[1]!, url).toString();
      body = new URLSearchParams({ username, password });
      continue;
    }
    return { cookie: jarOf(portal.origin).header(), page };
  }
  throw new Error(`${username}: too many redirects signing in`);
}

/** An AAG member or chair signed in to their area's proposals: the session, its CSRF token and the area's schools. */
async function signInToArea(portal: RunningPortal, username: string, password: string, area: string) {
  const { cookie, page } = await signIn(portal, username, password, `/aag/${area}`);
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
  const urns = [...page.matchAll(/href="\/aag\/[a-z0-9-]+\/schools\/(\d+)"/g)].map((m) => m[1]!);
  if (!csrf || urns.length === 0) throw new Error(`${username} was not signed in to ${area}'s proposals`);
  return { cookie, csrf, urns };
}

/** A school's headteacher or chair signed in to its page: the session, and what they read (the page, a letter). */
async function signInToSchool(portal: RunningPortal, username: string, password: string, urn: string) {
  const { cookie, page } = await signIn(portal, username, password, `/schools/${urn}`);
  if (!page.includes(`URN ${urn}`)) throw new Error(`${username} was not signed in to school ${urn}'s page`);
  const letter = /href="(\/schools\/\d+\/letters\/[^"]+)"/.exec(page)?.[1];
  return { cookie, paths: [`/schools/${urn}`, ...(letter ? [letter.replace(/&amp;/g, '&')] : [])] };
}

/** Runs `work` over `items`, `limit` at a time. */
async function inTurn<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!);
      }
    }),
  );
  return results;
}

/** Every item of one of the cycle's tables, by the variable its functions are given its name in. */
async function scan(cycle: LocalCycle, variable: string): Promise<Record<string, unknown>[]> {
  const client = new DynamoDBClient(cycle.dynamoDbClientConfig);
  const items: Record<string, unknown>[] = [];
  try {
    let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(
        new ScanCommand({ TableName: sharedEnvironment(cycle.template, variable)!, ExclusiveStartKey }),
      );
      items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
  } finally {
    client.destroy();
  }
  return items;
}

/**
 * Printed straight to the terminal: while the portal answers requests, the console is its function's (its log), as
 * for every function the local run invokes.
 */
const say = (...lines: string[]) => process.stdout.write(`${lines.join(' ')}\n`);

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  if (!Number.isInteger(SESSIONS) || SESSIONS < 1 || SESSIONS > 2000)
    throw new Error(`--sessions ${args.sessions}: give a whole number from 1 to 2000`);
  if (!Number.isInteger(SCHOOL_SESSIONS) || SCHOOL_SESSIONS < 0 || SCHOOL_SESSIONS > 5000)
    throw new Error(`--school-sessions ${args['school-sessions']}: give a whole number from 0 to 5000`);
  if (!Number.isFinite(SCHOOL_PACE) || SCHOOL_PACE < 0 || SCHOOL_PACE > 600)
    throw new Error(`--school-pace ${args['school-pace']}: give a number of seconds from 0 (no pause) to 600`);
  if (!Number.isFinite(SECONDS) || SECONDS < 1 || SECONDS > 3600)
    throw new Error(`--seconds ${args.seconds}: give a number of seconds from 1 to 3600`);
  const settings = cdkJsonContext(REPOSITORY_ROOT)['school-improvement-cycle'] as { moderationDeadlineHours?: number };
  const deadlineHours = settings.moderationDeadlineHours ?? 24 * 14;
  // The AAGs have an hour: longer than the bench.
  const deadlineSeconds = 3600;
  say('Portal bench: starting the cycle and the portal over DynamoDB Local ...');
  const cycle = await LocalCycle.start({
    dynamoDbPort: await freePort(),
    sesPort: await freePort(),
    deadlineHourSeconds: deadlineSeconds / deadlineHours,
  });
  let run: Promise<unknown> = Promise.resolve();
  try {
    const portal = await cycle.startPortal({
      moderationDeadlineHours: deadlineSeconds / 3600,
      outDir: join(REPOSITORY_ROOT, 'out', 'portal-bench'),
      dataDir: join(REPOSITORY_ROOT, 'example'),
    });
    say(`  ${FIRST_TERM} run through, its AAGs agreeing, so that its school people are invited from its contacts ...`);
    const first = await cycle.runTerm(FIRST_TERM, {
      dataDir: join(REPOSITORY_ROOT, 'example'),
      outDir: join(REPOSITORY_ROOT, 'out', 'portal-bench'),
      decisions: 'agree',
    });
    if (first.status !== 'succeeded') throw new Error(`${FIRST_TERM} did not run: ${first.error}: ${first.cause}`);
    run = cycle
      .runTerm(TERM, {
        dataDir: join(REPOSITORY_ROOT, 'example'),
        outDir: join(REPOSITORY_ROOT, 'out', 'portal-bench'),
        decisions: 'portal',
      })
      .catch(() => undefined);
    const until = Date.now() + 180_000;
    while (!(await scan(cycle, 'MODERATION_TABLE')).some((i) => i.term === TERM && i.district === AAG_ROUND)) {
      if (Date.now() > until) throw new Error('the cycle did not reach AAG moderation in 3 minutes');
      await new Promise((r) => setTimeout(r, 500));
    }
    const members = portal.people.filter((p) => /AAG (member|chair)$/.test(p.role));
    say(
      `  ${TERM} waits at AAG moderation; signing in ${SESSIONS} sessions (${members.length} AAG people, in turn) ...`,
    );
    const sessions = [];
    for (let i = 0; i < SESSIONS; i++) {
      const person = members[i % members.length]!;
      const area = person.username.replace(/-(chair|member)$/, '');
      sessions.push({ area, ...(await signInToArea(portal, person.username, person.password, area)) });
    }
    const schoolPeople = (await portal.schoolPeople()).filter((p) => p.groups.some((g) => g.startsWith('school:')));
    if (SCHOOL_SESSIONS > 0 && schoolPeople.length === 0)
      throw new Error(`no school people from ${FIRST_TERM}'s contacts`);
    say(
      `  signing in ${SCHOOL_SESSIONS} school sessions (${schoolPeople.length} headteachers and chairs, in turn) ...`,
    );
    const schoolSessions = await inTurn(
      Array.from({ length: SCHOOL_SESSIONS }, (_, i) => schoolPeople[i % schoolPeople.length]!),
      8,
      (person) => signInToSchool(portal, person.username, person.password, person.groups[0]!.replace(/^school:/, '')),
    );
    // Each session saves drafts for a school of its own, so that what it was told was saved can be checked after.
    const perArea = new Map<string, number>();
    const own = sessions.map((s) => {
      const n = perArea.get(s.area) ?? 0;
      perArea.set(s.area, n + 1);
      return s.urns[n % s.urns.length]!;
    });
    const clash = new Set(own.map((u) => u)).size !== own.length;
    say(
      `  ${SESSIONS} AAG sessions reading proposals and saving drafts, and ${SCHOOL_SESSIONS} school sessions reading their school's page and letter${SCHOOL_PACE > 0 ? ` (a page every ${SCHOOL_PACE} s each)` : ''}, for ${SECONDS} s (autocannon, one connection each) ...`,
    );
    const latencies: number[] = [];
    const byKind = { aag: [] as number[], school: [] as number[] };
    const statuses = new Map<number, number>();
    const acked = new Map<string, string>();
    let errors = 0;
    let timeouts = 0;
    const started = Date.now();
    /** One session's connection for the time asked, its answers counted under its kind. */
    const hammer = (kind: keyof typeof byKind, cookie: string, requests: autocannon.Request[]) =>
      new Promise<void>((resolve, reject) => {
        const instance = autocannon(
          { url: portal.origin, connections: 1, duration: SECONDS, timeout: 30, headers: { cookie }, requests },
          (error, result) => {
            if (error) return reject(error);
            errors += result.errors;
            timeouts += result.timeouts;
            resolve();
          },
        );
        instance.on('response', (_client, status, _bytes, ms) => {
          latencies.push(ms);
          byKind[kind].push(ms);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        });
      });
    /**
     * A school session: its pages in turn, one every --school-pace seconds as a person reads them (autocannon paces no
     * slower than a request a second), begun at a random moment of the first pause so that they do not all ask at once.
     */
    const reader = async (session: { cookie: string; paths: string[] }) => {
      const end = started + SECONDS * 1000;
      await new Promise((r) => setTimeout(r, Math.random() * SCHOOL_PACE * 1000));
      for (let n = 0; Date.now() < end; n++) {
        const asked = performance.now();
        try {
          const response = await fetch(`${portal.origin}${session.paths[n % session.paths.length]}`, {
            headers: { cookie: session.cookie },
            redirect: 'manual',
            signal: AbortSignal.timeout(30_000),
          });
          await response.arrayBuffer();
          const ms = performance.now() - asked;
          latencies.push(ms);
          byKind.school.push(ms);
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        } catch (error) {
          if ((error as Error).name === 'TimeoutError') timeouts += 1;
          else errors += 1;
        }
        await new Promise((r) => setTimeout(r, Math.max(0, SCHOOL_PACE * 1000 - (performance.now() - asked))));
      }
    };
    await Promise.all([
      ...sessions.map((session, i) => {
        let saves = 0;
        // What each save sent, in order: autocannon may set up the next request before the last one is answered.
        const inFlight: string[] = [];
        return hammer('aag', session.cookie, [
          { method: 'GET', path: `/aag/${session.area}` },
          {
            method: 'POST',
            path: `/aag/${session.area}/schools/${own[i]}`,
            headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
            setupRequest: (request) => {
              saves += 1;
              const sent = `bench session ${i}, save ${saves}`;
              inFlight.push(sent);
              return {
                ...request,
                body: new URLSearchParams({ csrf: session.csrf, decision: 'agree', rationale: sent }).toString(),
              };
            },
            onResponse: (status) => {
              const sent = inFlight.shift();
              if (status === 303 && sent) acked.set(`${session.area}#${own[i]}`, sent);
            },
          },
        ]);
      }),
      ...schoolSessions.map((session) => reader(session)),
    ]);
    const elapsed = (Date.now() - started) / 1000;
    // autocannon ends at its time with the last requests still being answered: they finish before the drafts are read.
    await new Promise((r) => setTimeout(r, 3000));
    const drafts = await scan(cycle, 'AAG_DRAFTS_TABLE');
    const stored = new Map(
      drafts.map((d) => [`${String(d.area)}#${String(d.urn)}`, (d.form as { rationale?: string }).rationale]),
    );
    // Lost: the stored draft is older than the last one the session was told was saved (a save sent as the time ran
    // out may have been stored after it without its answer being counted: newer, not lost).
    const saveNumber = (rationale: string | undefined) => Number(/save (\d+)$/.exec(rationale ?? '')?.[1] ?? 0);
    const lost = [...acked].filter(([key, rationale]) => saveNumber(stored.get(key)) < saveNumber(rationale));
    latencies.sort((a, b) => a - b);
    const bad = [...statuses].filter(([status]) => status >= 400).reduce((sum, [, n]) => sum + n, 0);
    say(
      `\n  requests answered  ${latencies.length.toLocaleString('en-GB')} in ${elapsed.toFixed(1)} s (${(latencies.length / elapsed).toFixed(0)} a second)`,
    );
    const spread = (sorted: readonly number[]) =>
      `p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms`;
    byKind.aag.sort((a, b) => a - b);
    byKind.school.sort((a, b) => a - b);
    say(`  latency            ${spread(latencies)}`);
    say(`    AAG sessions     ${spread(byKind.aag)} (${byKind.aag.length.toLocaleString('en-GB')} requests)`);
    say(`    school sessions  ${spread(byKind.school)} (${byKind.school.length.toLocaleString('en-GB')} requests)`);
    say(
      `  answers            ${[...statuses]
        .sort()
        .map(([s, n]) => `${s}: ${n.toLocaleString('en-GB')}`)
        .join(', ')}`,
    );
    say(`  errors             ${bad} answers of 400 or more, ${errors} connection errors, ${timeouts} timeouts`);
    say(
      `  drafts             ${acked.size} sessions told their draft was saved; ${lost.length} lost (the stored draft older than the last one the portal said it saved)${clash ? ' (some sessions shared a school)' : ''}`,
    );
    say(
      `  aim                p95 under 300 ms, no error, no draft lost: ${percentile(latencies, 95) < 300 && bad + errors + timeouts === 0 && lost.length === 0 ? 'met' : 'NOT met'}`,
    );
  } finally {
    await cycle.stop();
    await run;
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
