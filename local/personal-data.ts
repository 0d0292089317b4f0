/**
 * Where a person's data is held, and its erasure, over what a cycle keeps: a local store and its folders (npm run
 * cycle -- --store <dir>: DynamoDB Local's tables, the archived inputs, the working copies; the out folder's reports,
 * letters and emails; the term folders given as inputs) or a deployed stage (its tables, and its term files bucket's
 * inputs/, archive/, reports/ and batches/). The core (functions/core/privacy/personal-data.ts) decides what each
 * place holds and what erasure does with it; this reads and writes the places.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../functions/core/audit/trail';
import {
  addressHash,
  type Erasure,
  erasureOf,
  maskText,
  occurrences,
  type Person,
  type Place,
  readableEmail,
  rowsWithout,
  withoutRowsOf,
} from '../functions/core/privacy/personal-data';
import { readXlsxRows, writeXlsx } from '../functions/core/xlsx';

/** A file the cycle keeps, as a holding lists it. */
export interface HeldFile {
  readonly place: Extract<Place, { kind: 'file' }>;
  read(): Promise<Uint8Array>;
  write(bytes: Uint8Array): Promise<void>;
  remove(): Promise<void>;
}

/** Where the cycle keeps things: its tables (by name) and its files. */
export interface Holdings {
  readonly tables: readonly { name: string; label: string; keys: readonly string[] }[];
  readonly documents: Pick<DynamoDBDocumentClient, 'send'>;
  files(): AsyncIterable<HeldFile>;
  /** The audit trail's table, where the erasure itself is recorded. */
  readonly auditTable: string;
}

/** A place that holds the person's data: what it holds, and what erasure does (or did) with it. */
export interface Finding {
  readonly place: Place;
  readonly label: string;
  readonly occurrences: number;
  readonly erasure: Erasure;
  done?: string;
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** A file's text as a person would search it: a workbook's cells, a message's decoded parts, or the text itself. */
function searchableText(path: string, bytes: Uint8Array): string {
  if (/\.xlsx$/i.test(path)) {
    try {
      return readXlsxRows(bytes)
        .map((r) => r.cells.join('\t'))
        .join('\n');
    } catch {
      return '';
    }
  }
  if (/\.(zip|pdf|png)$/i.test(path)) return '';
  const text = decode(bytes);
  return path.endsWith('.eml') ? readableEmail(text) : text;
}

/** Every item of a table, page by page. */
async function* scanTable(
  documents: Pick<DynamoDBDocumentClient, 'send'>,
  table: string,
): AsyncIterable<Record<string, unknown>> {
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: table, ExclusiveStartKey }));
    yield* (page.Items ?? []) as Record<string, unknown>[];
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/** Every string in an item, deep, masked. */
const maskItem = (value: unknown, person: Person): unknown =>
  typeof value === 'string'
    ? maskText(value, person)
    : Array.isArray(value)
      ? value.map((v) => maskItem(v, person))
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskItem(v, person)]))
        : value;

/** The names the store's school records give with the address (each term's contacts), to search for beside it. */
export async function namesOf(holdings: Holdings, email: string): Promise<string[]> {
  const names = new Set<string>();
  const schools = holdings.tables.find((t) => t.label === 'schools');
  if (!schools) return [];
  for await (const item of scanTable(holdings.documents, schools.name)) {
    for (const contact of (item.contacts ?? []) as { email?: string; name?: string }[])
      if (contact.email?.toLowerCase() === email.toLowerCase() && contact.name) names.add(contact.name);
  }
  return [...names];
}

/** Every place that holds the person's address or names (or, in the letters' records, the address's hash). */
export async function findPersonalData(holdings: Holdings, person: Person): Promise<Finding[]> {
  const findings: Finding[] = [];
  const hash = addressHash(person.email);
  for (const table of holdings.tables) {
    for await (const item of scanTable(holdings.documents, table.name)) {
      const text = JSON.stringify(item);
      const count = occurrences(text, person);
      const byHash = text.includes(hash);
      if (count === 0 && !byHash) continue;
      const key = Object.fromEntries(table.keys.map((k) => [k, String(item[k])]));
      const inContacts = ((item.contacts ?? []) as { email?: string }[]).some(
        (c) => c.email?.toLowerCase() === person.email.toLowerCase(),
      );
      const place: Place = { kind: 'item', table: table.label, key };
      findings.push({
        place,
        label: `${table.label} table, ${Object.entries(key)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
        occurrences: count + (byHash ? 1 : 0),
        erasure: erasureOf(place, { inContacts, byHashOnly: count === 0 && byHash }),
      });
    }
  }
  for await (const file of holdings.files()) {
    const count = occurrences(searchableText(file.place.path, await file.read()), person);
    if (count > 0)
      findings.push({
        place: file.place,
        label: `${file.place.holding}: ${file.place.path}`,
        occurrences: count,
        erasure: erasureOf(file.place, {}),
      });
  }
  return findings;
}

/** Carries out each finding's erasure; the kept are kept. Each finding says what was done. */
export async function erasePersonalData(
  holdings: Holdings,
  person: Person,
  findings: readonly Finding[],
): Promise<void> {
  const files = new Map<string, HeldFile>();
  for await (const file of holdings.files()) files.set(`${file.place.holding}:${file.place.path}`, file);
  for (const finding of findings) {
    const { place, erasure } = finding;
    if (erasure.action === 'keep') {
      finding.done = 'kept';
      continue;
    }
    if (place.kind === 'item') {
      const table = holdings.tables.find((t) => t.label === place.table)!;
      const items: Record<string, unknown>[] = [];
      for await (const item of scanTable(holdings.documents, table.name))
        if (table.keys.every((k) => String(item[k]) === place.key[k])) items.push(item);
      for (const item of items) {
        const changed =
          erasure.action === 'remove contact'
            ? (maskItem(
                {
                  ...item,
                  contacts: ((item.contacts ?? []) as { email?: string }[]).filter(
                    (c) => c.email?.toLowerCase() !== person.email.toLowerCase(),
                  ),
                },
                person,
              ) as Record<string, unknown>)
            : (maskItem(item, person) as Record<string, unknown>);
        await holdings.documents.send(new PutCommand({ TableName: table.name, Item: changed }));
      }
      finding.done = erasure.action === 'remove contact' ? 'contact removed' : 'masked';
      continue;
    }
    const file = files.get(`${place.holding}:${place.path}`)!;
    if (erasure.action === 'delete') {
      await file.remove();
      finding.done = 'deleted';
      continue;
    }
    const bytes = await file.read();
    if (/\.xlsx$/i.test(place.path)) {
      const rows = readXlsxRows(bytes).map((r) => r.cells);
      const { rows: kept, removed } =
        erasure.action === 'remove rows' ? rowsWithout(rows, person) : { rows, removed: 0 };
      const masked = kept.map((row) => row.map((cell) => maskText(cell, person)));
      await file.write(
        writeXlsx({
          name: place.path
            .split('/')
            .at(-1)!
            .replace(/\.xlsx$/i, ''),
          headers: masked[0] ?? [],
          rows: masked.slice(1),
        }),
      );
      finding.done = removed > 0 ? `${removed} ${removed === 1 ? 'row' : 'rows'} removed` : 'masked';
      continue;
    }
    const text = decode(bytes);
    const { text: without, removed } =
      erasure.action === 'remove rows' && place.path.endsWith('.csv')
        ? withoutRowsOf(text, person)
        : { text, removed: 0 };
    await file.write(new TextEncoder().encode(maskText(without, person)));
    finding.done = removed > 0 ? `${removed} ${removed === 1 ? 'row' : 'rows'} removed` : 'masked';
  }
}

/** The erasure on the record: by whom and when, what was changed and what was kept, under the address's hash only. */
export async function recordErasure(
  holdings: Holdings,
  person: Person,
  findings: readonly Finding[],
  by: string,
  { at = new Date(), retentionYears = 7 }: { at?: Date; retentionYears?: number } = {},
): Promise<AuditEntry> {
  const kept = findings.filter((f) => f.erasure.action === 'keep');
  const changed = findings.filter((f) => f.erasure.action !== 'keep');
  const entry: AuditEntry = {
    subject: `person:${addressHash(person.email)}`,
    entryId: `personal-data#${at.toISOString()}`,
    term: 'every term',
    kind: 'personal data',
    at: at.toISOString(),
    on: at.toISOString().slice(0, 10),
    by,
    what: `erased the personal data of the person with this address (its hash) from ${changed.length} ${changed.length === 1 ? 'place' : 'places'}; kept ${kept.length}`,
    ...(kept.length > 0 ? { evidence: [...new Set(kept.map((f) => f.erasure.why))].join('; ') } : {}),
  };
  // Kept as long as the audit trail keeps every entry (DynamoDB's time to live).
  const expiresAt = Math.floor(at.getTime() / 1000) + retentionYears * 365 * 24 * 3600;
  await holdings.documents.send(
    new PutCommand({
      TableName: holdings.auditTable,
      Item: { ...entry, expiresAt },
      ConditionExpression: 'attribute_not_exists(entryId)',
    }),
  );
  return entry;
}

// ---------------------------------------------------------------- a local store and its folders

/** Every file under a folder, by its path within it. */
function* walk(dir: string, base = dir): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walk(path, base);
    else yield relative(base, path);
  }
}

/**
 * The folders a local cycle keeps things in, each a holding: given inputs, the store's archive and working copies, the
 * out folder.
 */
export function localFiles(folders: {
  inputs?: readonly string[];
  store?: string;
  out?: string;
}): () => AsyncIterable<HeldFile> {
  const roots: { dir: string; holding: HeldFile['place']['holding']; skip?: RegExp }[] = [
    ...(folders.inputs ?? []).map((dir) => ({ dir, holding: 'inputs' as const })),
    ...(folders.store
      ? [
          { dir: join(folders.store, 'archive'), holding: 'archive' as const },
          { dir: join(folders.store, 'batches'), holding: 'working copies' as const },
          { dir: join(folders.store, 'records'), holding: 'records' as const },
        ]
      : []),
    // Without a store, a run keeps its archive, working copies and records in the out folder's .archive, .batches and
    // .records.
    ...(folders.out
      ? [
          { dir: join(folders.out, '.archive'), holding: 'archive' as const },
          { dir: join(folders.out, '.batches'), holding: 'working copies' as const },
          { dir: join(folders.out, '.records'), holding: 'records' as const },
          { dir: folders.out, holding: 'reports' as const, skip: /^\.(archive|batches|records)\// },
        ]
      : []),
  ];
  return async function* () {
    for (const root of roots) {
      for (const path of walk(root.dir)) {
        if (root.skip?.test(path)) continue;
        const full = join(root.dir, path);
        yield {
          place: { kind: 'file', holding: root.holding, path },
          read: async () => new Uint8Array(readFileSync(full)),
          write: async (bytes) => writeFileSync(full, bytes),
          remove: async () => rmSync(full),
        };
      }
    }
  };
}

// ---------------------------------------------------------------- a deployed stage

/** The term files bucket's objects under each holding's prefix. */
export function bucketFiles(s3: Pick<S3Client, 'send'>, bucket: string): () => AsyncIterable<HeldFile> {
  const prefixes: [string, HeldFile['place']['holding']][] = [
    ['inputs/', 'inputs'],
    ['archive/', 'archive'],
    ['reports/', 'reports'],
    ['records/', 'records'],
    ['batches/', 'working copies'],
  ];
  return async function* () {
    for (const [prefix, holding] of prefixes) {
      let ContinuationToken: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken }));
        for (const object of page.Contents ?? []) {
          const Key = object.Key!;
          yield {
            place: { kind: 'file', holding, path: Key.slice(prefix.length) },
            read: async () =>
              await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key }))).Body!.transformToByteArray(),
            // A new version; the one it replaces expires with the bucket's noncurrent versions
            // (lib/term-files-bucket.ts).
            write: async (bytes) => void (await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: bytes }))),
            remove: async () => void (await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key }))),
          };
        }
        ContinuationToken = page.NextContinuationToken;
      } while (ContinuationToken);
    }
  };
}

export type { DynamoDBClient };
