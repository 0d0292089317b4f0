/**
 * The S3 bucket for each term's input files (inputs/<term>/), their archived copies (archive/<term>/<run>/),
 * the reports (reports/<term>/) and each run's working copies for its batches (batches/<term>/<run>/, gone a week
 * on): no public access, TLS only, versioned, encrypted with the cycle's key, with server access logs kept in a
 * bucket of their own.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** How long a run's working copies in batches/ are kept (the DynamoDB working copies' time to live is the same week). */
export const WORKING_COPY_DAYS = 7;

export class TermFilesBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: { encryptionKey: IKey }) {
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
      // between): a week on they expire, and their versions a day after that. Inputs, archive and reports stay.
      lifecycleRules: [{ id: 'WorkingCopiesExpire', prefix: 'batches/', expiration: Duration.days(WORKING_COPY_DAYS), noncurrentVersionExpiration: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
