/**
 * Where a term's files live. On AWS: one S3 bucket, with each term's input files under `inputs/<term>/`,
 * their archived copies under `archive/<term>/<run>/`, reports under `reports/<term>/`, and the run's working
 * copies for its batches (data intake's validated records, a file a batch of schools) under
 * `batches/<term>/<run>/`, which expire a week on (lib/term-files-bucket.ts). Locally (the `npm run cycle` runner
 * sets LOCAL_INPUTS_DIR and friends): directories with the same layout.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { batchName, type SchoolBatch } from '../core/batches';
import { transientAware } from './errors';

/**
 * A report as its reader opens it: a CSV starts with a byte-order mark, so that Excel reads it as UTF-8 (without one
 * it shows Zoë and O’Brien garbled). Everything the cycle reads back (an AAG's sheet, the ECB's) takes it either way.
 */
export function forReaders(body: string | Uint8Array, contentType: string): string | Uint8Array {
  return typeof body === 'string' && contentType.startsWith('text/csv') && !body.startsWith('\ufeff')
    ? `\ufeff${body}`
    : body;
}

/**
 * A form that uploads a file straight to where a term's inputs live, as S3's POST takes it: the address to post to,
 * and the fields to post with the file (its key, the signed policy and its conditions, where to go after).
 */
export interface UploadForm {
  url: string;
  fields: Record<string, string>;
}

/** The largest input file a form uploads: a whole-England GIAS extract is about 60 MB. */
export const MAX_UPLOAD_BYTES = 200_000_000;

/** How long a signed upload form stays good. */
export const UPLOAD_FORM_SECONDS = 15 * 60;

export interface TermFiles {
  /**
   * A form that puts one file under the term's inputs (inputs/<term>/<its file name>), at most MAX_UPLOAD_BYTES, then
   * sends the browser to `redirect`.
   */
  uploadForm(term: string, redirect: string): Promise<UploadForm>;
  /** The names of the term's input files. */
  listInputs(term: string): Promise<string[]>;
  readInput(term: string, name: string): Promise<Uint8Array>;
  /** Keeps a byte-for-byte copy of an input file for the run; returns where it went. */
  archiveInput(term: string, run: string, name: string, bytes: Uint8Array): Promise<string>;
  writeReport(term: string, name: string, body: string | Uint8Array, contentType: string): Promise<string>;
  /** A report the run wrote (the check of the term's outputs reads them back), as text. */
  readReport(term: string, name: string): Promise<string>;
  /**
   * A record the authority keeps longer than its reports (records/<term>/): each warning notice as it was given, the
   * message SES took, byte for byte.
   */
  writeRecord(term: string, name: string, body: string | Uint8Array, contentType: string): Promise<string>;
  /** A record, byte for byte (a letter as sent, a file a school gave with its response). */
  readRecord(term: string, name: string): Promise<Uint8Array>;
  /** A working copy for one batch of the run's work (`name` may hold a folder, as `intake/first.json`). */
  writeBatchFile(term: string, run: string, name: string, body: string): Promise<void>;
  readBatchFile(term: string, run: string, name: string): Promise<string>;
}

/** The working file of a batch's validated intake (data intake writes it, "Store the term's intake" reads it). */
export const intakeBatchFile = (batch: SchoolBatch): string => `intake/${batchName(batch)}.json`;

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A run's folder name, safe in S3 keys and file names: the execution start time without colons. */
export function runFolder(startedAt: string): string {
  return startedAt.replace(/[:.]/g, '-');
}

class S3TermFiles implements TermFiles {
  private readonly s3 = new S3Client({});
  constructor(private readonly bucket: string) {}

  async uploadForm(term: string, redirect: string): Promise<UploadForm> {
    const prefix = `inputs/${term}/`;
    const { url, fields } = await createPresignedPost(this.s3, {
      Bucket: this.bucket,
      // S3 puts the uploaded file's own name in place of ${filename}.
      Key: `${prefix}\${filename}`,
      Conditions: [
        ['starts-with', '$key', prefix],
        ['content-length-range', 1, MAX_UPLOAD_BYTES],
        ['eq', '$success_action_redirect', redirect],
      ],
      Fields: { success_action_redirect: redirect },
      Expires: UPLOAD_FORM_SECONDS,
    });
    return { url, fields };
  }

  async listInputs(term: string): Promise<string[]> {
    const prefix = `inputs/${term}/`;
    const names: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await transientAware('list inputs', () =>
        this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken })),
      );
      for (const object of page.Contents ?? []) {
        const name = object.Key?.slice(prefix.length);
        if (name && !name.includes('/')) names.push(name);
      }
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    return names.sort();
  }

  async readInput(term: string, name: string): Promise<Uint8Array> {
    const object = await transientAware('read input', () =>
      this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: `inputs/${term}/${name}` })),
    );
    return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
  }

  async archiveInput(term: string, run: string, name: string, bytes: Uint8Array): Promise<string> {
    const key = `archive/${term}/${run}/${name}`;
    await transientAware('archive input', () =>
      this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: bytes,
          ChecksumSHA256: Buffer.from(sha256(bytes), 'hex').toString('base64'),
        }),
      ),
    );
    return `s3://${this.bucket}/${key}`;
  }

  async readReport(term: string, name: string): Promise<string> {
    const object = await transientAware('read report', () =>
      this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: `reports/${term}/${name}` })),
    );
    return (await object.Body?.transformToString('utf-8')) ?? '';
  }

  async writeReport(term: string, name: string, body: string | Uint8Array, contentType: string): Promise<string> {
    const key = `reports/${term}/${name}`;
    await transientAware('write report', () =>
      this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: forReaders(body, contentType),
          ContentType: contentType,
        }),
      ),
    );
    return `s3://${this.bucket}/${key}`;
  }

  async readRecord(term: string, name: string): Promise<Uint8Array> {
    const object = await transientAware('read record', () =>
      this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: `records/${term}/${name}` })),
    );
    return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
  }

  async writeRecord(term: string, name: string, body: string | Uint8Array, contentType: string): Promise<string> {
    const key = `records/${term}/${name}`;
    await transientAware('write record', () =>
      this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType })),
    );
    return `s3://${this.bucket}/${key}`;
  }

  async writeBatchFile(term: string, run: string, name: string, body: string): Promise<void> {
    await transientAware('write batch file', () =>
      this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: `batches/${term}/${run}/${name}`,
          Body: body,
          ContentType: 'application/json',
        }),
      ),
    );
  }

  async readBatchFile(term: string, run: string, name: string): Promise<string> {
    const object = await transientAware('read batch file', () =>
      this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: `batches/${term}/${run}/${name}` })),
    );
    return (await object.Body?.transformToString('utf-8')) ?? '';
  }
}

class LocalTermFiles implements TermFiles {
  constructor(
    private readonly inputsDir: string,
    private readonly archiveDir: string,
    private readonly reportsDir: string,
    private readonly batchesDir: string,
    private readonly recordsDir: string,
  ) {}

  async readRecord(term: string, name: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(join(this.recordsDir, term, name)));
  }

  async writeRecord(term: string, name: string, body: string | Uint8Array): Promise<string> {
    const path = join(this.recordsDir, term, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
    return path;
  }

  /**
   * Locally there is no S3: the form posts to the local portal's stand-in for S3's POST (LOCAL_UPLOAD_URL), which
   * checks the same conditions and writes the file under the term's inputs.
   */
  async uploadForm(term: string, redirect: string): Promise<UploadForm> {
    const url = process.env.LOCAL_UPLOAD_URL;
    if (!url) throw new Error('LOCAL_UPLOAD_URL is not set: the local portal takes uploads');
    const prefix = `inputs/${term}/`;
    const policy = {
      expiration: new Date(Date.now() + UPLOAD_FORM_SECONDS * 1000).toISOString(),
      conditions: [
        ['starts-with', '$key', prefix],
        ['content-length-range', 1, MAX_UPLOAD_BYTES],
        ['eq', '$success_action_redirect', redirect],
      ],
    };
    return {
      url,
      fields: {
        key: `${prefix}\${filename}`,
        success_action_redirect: redirect,
        Policy: Buffer.from(JSON.stringify(policy)).toString('base64'),
      },
    };
  }

  /** The term's inputs are in `<inputs>/<term>/` if that folder exists, else directly in `<inputs>/`. */
  private async termInputs(term: string): Promise<string> {
    const nested = join(this.inputsDir, term);
    try {
      if ((await stat(nested)).isDirectory()) return nested;
    } catch {
      // no folder for the term: the directory holds the term's files itself
    }
    return this.inputsDir;
  }

  async listInputs(term: string): Promise<string[]> {
    const dir = await this.termInputs(term);
    // Every file, dot-files too (intake lists what it does not recognise), and files linked from elsewhere.
    const entries = await readdir(dir);
    const files = await Promise.all(
      entries.map(async (name) => ((await stat(join(dir, name))).isFile() ? name : undefined)),
    );
    return files.filter((name): name is string => name !== undefined).sort();
  }

  async readInput(term: string, name: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(join(await this.termInputs(term), name)));
  }

  async archiveInput(term: string, run: string, name: string, bytes: Uint8Array): Promise<string> {
    const dir = join(this.archiveDir, term, run);
    await mkdir(dir, { recursive: true });
    const path = join(dir, name);
    await writeFile(path, bytes);
    return path;
  }

  readReport(term: string, name: string): Promise<string> {
    return readFile(join(this.reportsDir, term, name), 'utf-8');
  }

  async writeReport(term: string, name: string, body: string | Uint8Array, contentType: string): Promise<string> {
    const path = join(this.reportsDir, term, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, forReaders(body, contentType));
    return path;
  }

  async writeBatchFile(term: string, run: string, name: string, body: string): Promise<void> {
    const path = join(this.batchesDir, term, run, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, body);
  }

  readBatchFile(term: string, run: string, name: string): Promise<string> {
    return readFile(join(this.batchesDir, term, run, name), 'utf-8');
  }
}

export function termFiles(env: NodeJS.ProcessEnv = process.env): TermFiles {
  if (env.LOCAL_INPUTS_DIR) {
    const missing = ['LOCAL_ARCHIVE_DIR', 'LOCAL_REPORTS_DIR', 'LOCAL_BATCHES_DIR', 'LOCAL_RECORDS_DIR'].filter(
      (k) => !env[k],
    );
    if (missing.length > 0)
      throw new Error(`LOCAL_INPUTS_DIR is set but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not`);
    return new LocalTermFiles(
      env.LOCAL_INPUTS_DIR,
      env.LOCAL_ARCHIVE_DIR!,
      env.LOCAL_REPORTS_DIR!,
      env.LOCAL_BATCHES_DIR!,
      env.LOCAL_RECORDS_DIR!,
    );
  }
  if (!env.TERM_FILES_BUCKET)
    throw new Error('TERM_FILES_BUCKET is not set: this function was not granted the term files bucket');
  return new S3TermFiles(env.TERM_FILES_BUCKET);
}
