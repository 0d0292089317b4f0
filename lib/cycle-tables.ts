/**
 * The cycle's DynamoDB tables: encrypted with the cycle's key, point-in-time recovery on, on-demand billing,
 * kept if the stack is deleted. Keys are described in functions/adapters/cycle-store.ts.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE_INDEXES, type TableName } from '../functions/adapters/config';

const KEYS: Record<
  TableName,
  {
    partition: string;
    sort?: string;
    description: string;
    indexes?: { name: string; partition: string; sort?: string }[];
    stream?: StreamViewType;
    expiresAttribute?: string;
  }
> = {
  schools: {
    partition: 'term',
    sort: 'urn',
    description: 'The register as at each term, with contacts, kept contactRetentionDays after the run that stored it',
    expiresAttribute: 'expiresAt',
  },
  // byKind: the kinds a stage reads on their own (not the performance figures, most of a term's evidence), by term and
  // kind.
  evidence: {
    partition: 'term',
    sort: 'evidenceId',
    description: 'Inspections, intelligence and task-group reports by term',
    indexes: [{ name: TABLE_INDEXES.evidenceByKind, partition: 'kindKey', sort: 'evidenceId' }],
  },
  systemLeaders: { partition: 'term', sort: 'leaderId', description: 'System leaders and their capacity by term' },
  assessments: { partition: 'term', sort: 'urn', description: "Each school's category and reasons by term" },
  categoryHistory: {
    partition: 'urn',
    sort: 'termKey',
    description: "Each school's category over time, including the baseline",
  },
  support: { partition: 'term', sort: 'urn', description: 'Support brokered by the AAGs by term' },
  taskGroups: { partition: 'term', sort: 'urn', description: 'Task groups by term' },
  sentEmails: {
    partition: 'letterKey',
    description:
      'Every letter claimed and sent, once per term, school, change and recipient, with what SES said became of it',
    indexes: [
      { name: TABLE_INDEXES.sentEmailsByMessageId, partition: 'messageId' },
      { name: TABLE_INDEXES.sentEmailsByTerm, partition: 'term', sort: 'letterKey' },
    ],
  },
  cycleRuns: { partition: 'term', sort: 'startedAt', description: 'Each run of the cycle, succeeded or failed' },
  moderation: {
    partition: 'term',
    sort: 'district',
    description: "Each district AAG's moderation request: its task token and proposals",
  },
  // Keyed by district first, so that an AAG's IAM access can be held to its own district's items
  // (dynamodb:LeadingKeys); each item put in is passed to the cycle through the table's stream.
  aagDecisions: {
    partition: 'district',
    sort: 'term',
    description: "Each district AAG's decisions for a term, as it put them in",
    stream: StreamViewType.NEW_IMAGE,
  },
  // An AAG member's decision on a school saved in the portal before the chair submits the area's decisions, keyed by
  // the area's key (aag:<key> is its group) and `<term>#<URN>`.
  aagDrafts: {
    partition: 'area',
    sort: 'draftKey',
    description: "AAG members' draft decisions in the portal, by area and term, until the chair submits them",
  },
  // Append-only: the stage functions may put an entry, never change or delete one (lib/stage-functions.ts). Each
  // entry expires (DynamoDB's time to live) after the retention period the authority configures.
  warningNotices: {
    partition: 'term',
    sort: 'urn',
    description:
      "Each school's formal warning notice (or an academy's referral to the DfE) as it stands each term, with its history",
  },
  // Small: an item for the authority and each AAG area a term, so that later terms' trends need not read the term
  // again.
  termFigures: {
    partition: 'term',
    sort: 'scope',
    description:
      "Each term's figures as its report counted them (categories, schools good or better, the ECB's measures), for the authority and each AAG area",
  },
  // Each school's lines in its AAG area's report, keyed by area then URN, so that a batch of areas reads a range of
  // keys.
  // These two are working copies, read by the same run minutes after they are written: each item expires a week on.
  areaLines: {
    partition: 'term',
    sort: 'line',
    description:
      "Each school's lines in its AAG area's report by term, written with its page, read by its area's report",
    expiresAttribute: 'expiresAt',
  },
  // Each batch of schools' sums towards the term's figures, an item for the authority and each AAG area it has
  // schools in, added up by "Count the term's figures" so that it never reads the term.
  batchSums: {
    partition: 'term',
    sort: 'part',
    description:
      "Each batch of schools' sums towards the term's figures (categories, schools good or better, each measure's counts), for the authority and each AAG area, by term",
    expiresAttribute: 'expiresAt',
  },
  // A school's responses to its category or a visit note, made in the portal, with the AAG's answer: by URN, then
  // `<term>#<time>#<id>`.
  schoolResponses: {
    partition: 'urn',
    sort: 'responseId',
    description: "Each school's responses to its category and visit notes, made in the portal, with the AAG's answers",
  },
  // Visit notes and task-group reports written in the portal, drafts and published: by URN, then `visit#<id>` or
  // `report#<term>`. The next term's intake reads the published ones.
  visitRecords: {
    partition: 'urn',
    sort: 'recordId',
    description: 'Visit notes and task-group reports written in the portal by visiting advisers and task-group chairs',
  },
  // byTermShard: a school's entries by term and one of sixteen shards of the URN (functions/adapters/audit-trail.ts),
  // so that a batch's school pages read their audit trails in a few range queries, and no term's entries all go to
  // one partition of the index as a term's batches write them.
  auditTrail: {
    partition: 'subject',
    sort: 'entryId',
    description: 'Who decided what, when and on what evidence: every proposal, decision, brokering and letter',
    expiresAttribute: 'expiresAt',
    indexes: [{ name: TABLE_INDEXES.auditTrailByTermShard, partition: 'termShard', sort: 'subject' }],
  },
};

/** The tables with a global secondary index: a function granted one may query its indexes (<table ARN>/index/*). */
export const TABLES_WITH_INDEXES = (Object.keys(KEYS) as TableName[]).filter(
  (name) => (KEYS[name].indexes ?? []).length > 0,
);

export class CycleTables extends Construct {
  readonly tables: Record<TableName, Table>;

  constructor(scope: Construct, id: string, props: { encryptionKey: IKey }) {
    super(scope, id);
    const tables = {} as Record<TableName, Table>;
    for (const [name, keys] of Object.entries(KEYS) as [TableName, (typeof KEYS)[TableName]][]) {
      const constructId = name.charAt(0).toUpperCase() + name.slice(1);
      tables[name] = new Table(this, constructId, {
        partitionKey: { name: keys.partition, type: AttributeType.STRING },
        sortKey: keys.sort ? { name: keys.sort, type: AttributeType.STRING } : undefined,
        billingMode: BillingMode.PAY_PER_REQUEST,
        encryption: TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: props.encryptionKey,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
        stream: keys.stream,
        timeToLiveAttribute: keys.expiresAttribute,
      });
      for (const index of keys.indexes ?? []) {
        tables[name].addGlobalSecondaryIndex({
          indexName: index.name,
          partitionKey: { name: index.partition, type: AttributeType.STRING },
          sortKey: index.sort ? { name: index.sort, type: AttributeType.STRING } : undefined,
        });
      }
    }
    this.tables = tables;
  }
}
