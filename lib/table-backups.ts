/**
 * Backups of the cycle's tables by AWS Backup, beside their point-in-time recovery: a copy each day, kept 35 days,
 * in a vault encrypted with the cycle's key. What is erased from a table (npm run personal-data --erase) is gone from
 * the backups when the last backup that holds it expires, 35 days on (docs/operator.md, Retention).
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledge } from './nag';

/** How long a daily backup is kept. */
export const BACKUP_RETENTION_DAYS = 35;

export class TableBackups extends Construct {
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: { stage: string; tables: readonly ITable[]; encryptionKey: IKey }) {
    super(scope, id);
    const vault = new BackupVault(this, 'Vault', {
      encryptionKey: props.encryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // A plan's name is the account's and region's: named for the stage, so that stages deploy side by side.
    this.plan = new BackupPlan(this, 'Daily', {
      backupPlanName: `school-improvement-cycle-${props.stage}`,
      backupVault: vault,
      backupPlanRules: [BackupPlanRule.daily()],
    });
    const selection = this.plan.addSelection('Tables', {
      resources: props.tables.map((table) => BackupResource.fromDynamoDbTable(table)),
    });
    acknowledge(
      selection,
      [
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      ],
      "AWS Backup's own service role policy, which AWS maintains for the resources Backup supports; the selection limits it to the cycle's tables.",
    );
  }
}
