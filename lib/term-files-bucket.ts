/**
 * The S3 bucket for each term's input files (inputs/<term>/), their archived copies (archive/<term>/<run>/),
 * the reports (reports/<term>/), the records kept longer (records/<term>/: each warning notice as given) and each run's
 * working copies for its batches (batches/<term>/<run>/, gone a week
 * on), each kept as long as the retention schedule says: no public access, TLS only, versioned, encrypted with the
 * cycle's key, with server access logs kept in a bucket of their own.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

import { WORKING_COPY_DAYS } from './config';

export { WORKING_COPY_DAYS };

/** How long each prefix's objects are kept (lib/config.ts retention), and an object's earlier versions. */
export interface TermFilesRetention {
  readonly inputsDays: number;
  readonly archiveDays: number;
  readonly reportsDays: number;
  readonly recordsDays: number;
  readonly noncurrentVersionDays: number;
}

export class TermFilesBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: { encryptionKey: IKey; retention: TermFilesRetention }) {
    super(scope, id);
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(730), noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.KMS,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: true,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'term-files/',
      // A run's working copies are read by the same run minutes later (no wait for the AAGs or the ECB lies
      // between): a week on they expire, and their versions a day after that. The inputs, their archived copies and
      // the reports (which hold heads' and chairs' names and addresses) each expire as the retention schedule says,
      // and an object replaced or erased is gone for good `noncurrentVersionDays` later.
      lifecycleRules: [
        {
          id: 'WorkingCopiesExpire',
          prefix: 'batches/',
          expiration: Duration.days(WORKING_COPY_DAYS),
          noncurrentVersionExpiration: Duration.days(1),
        },
        {
          id: 'InputsExpire',
          prefix: 'inputs/',
          expiration: Duration.days(props.retention.inputsDays),
          noncurrentVersionExpiration: Duration.days(props.retention.noncurrentVersionDays),
        },
        {
          id: 'ArchiveExpires',
          prefix: 'archive/',
          expiration: Duration.days(props.retention.archiveDays),
          noncurrentVersionExpiration: Duration.days(props.retention.noncurrentVersionDays),
        },
        {
          id: 'ReportsExpire',
          prefix: 'reports/',
          expiration: Duration.days(props.retention.reportsDays),
          noncurrentVersionExpiration: Duration.days(props.retention.noncurrentVersionDays),
        },
        {
          id: 'RecordsExpire',
          prefix: 'records/',
          expiration: Duration.days(props.retention.recordsDays),
          noncurrentVersionExpiration: Duration.days(props.retention.noncurrentVersionDays),
        },
        {
          id: 'OldVersionsExpire',
          noncurrentVersionExpiration: Duration.days(props.retention.noncurrentVersionDays),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
