/**
 * An SES endpoint on loopback that forwards to the local SES but can answer some requests with an SES error
 * instead: for injecting throttling and rejected addresses into the end-to-end run. Not a stand-in for SES.
 */
import { createServer, type Server } from 'node:http';

export interface FaultRule {
  /** Answer this error for the request numbers (1-based, SendRawEmail requests only) in [from, to]. */
  readonly requests?: { from: number; to: number };
  /** ...or for any request whose body contains this text (URL-encoded form, as the SDK sends it). */
  readonly bodyContains?: string;
  /** ...only the first this many times it matches (by default, every time). */
  readonly times?: number;
  /**
   * Throttling and MessageRejected are SES's own; InvocationKilled stands for the function dying between claiming
   * a letter and recording SES's answer: an error the handler does not expect, so the stage fails there.
   */
  readonly code: 'Throttling' | 'MessageRejected' | 'AccountSendingPausedException' | 'InvocationKilled';
  /** What SES says with it (by default, its usual words for the code). */
  readonly message?: string;
}

const MESSAGES: Record<FaultRule['code'], string> = {
  Throttling: 'Maximum sending rate exceeded.',
  MessageRejected: 'Address blacklisted.',
  AccountSendingPausedException: 'Email sending is disabled for this account.',
  InvocationKilled: 'The function died.',
};

export interface FaultProxy {
  endpoint: string;
  requests: number;
  faults: number;
  /** The raw messages SES was passed on and took (decoded from the request), in order. */
  readonly taken: string[];
  close(): Promise<void>;
}

/** `rules` are read at each request: a test may change them between runs (SES resumes sending, say). */
export async function startSesFaultProxy(target: string, rules: FaultRule[]): Promise<FaultProxy> {
  const state = { requests: 0, faults: 0 };
  const taken: string[] = [];
  const used = new Map<FaultRule, number>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    if (body.includes('Action=SendRawEmail')) {
      state.requests++;
      const rule = rules.find(
        (r) =>
          ((r.requests && state.requests >= r.requests.from && state.requests <= r.requests.to) ||
            (r.bodyContains && body.includes(r.bodyContains))) &&
          (r.times === undefined || (used.get(r) ?? 0) < r.times),
      );
      if (rule) {
        state.faults++;
        used.set(rule, (used.get(rule) ?? 0) + 1);
        res.writeHead(400, { 'content-type': 'text/xml' });
        res.end(
          `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>${rule.code}</Code><Message>${rule.message ?? MESSAGES[rule.code]}</Message></Error><RequestId>fault-${state.requests}</RequestId></ErrorResponse>`,
        );
        return;
      }
    }
    const hopByHop = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k, v]) => !hopByHop.has(k) && typeof v === 'string'),
    ) as Record<string, string>;
    const response = await fetch(`${target}${req.url ?? '/'}`, {
      method: req.method,
      headers,
      body: req.method === 'GET' ? undefined : body,
    });
    if (response.ok && body.includes('Action=SendRawEmail'))
      taken.push(Buffer.from(new URLSearchParams(body).get('RawMessage.Data') ?? '', 'base64').toString('utf8'));
    res.writeHead(
      response.status,
      Object.fromEntries([...response.headers].filter(([k]) => !hopByHop.has(k) && k !== 'content-encoding')),
    );
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get faults() {
      return state.faults;
    },
    taken,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
