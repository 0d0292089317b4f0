/**
 * The portal on AWS: API Gateway's HTTP API in front of the portal's one function (functions/handlers/portal.ts),
 * throttled and access-logged, and the Cognito user pool people sign in with: no self-registration, MFA required,
 * strong passwords, threat protection, and a group for the school-improvement team (`officer`), the ECB (`ecb`) and
 * each AAG area's members and chair (`aag:<area key>`, `aag-chair:<area key>`, the key a safe form of the district's
 * name). With `portal.identityProvider` in cdk.json, people sign in with the authority's own OpenID Connect provider
 * (Microsoft Entra ID, say) through the pool. The function verifies the pool's ID token at every request and reads the
 * person's roles from its groups.
 */
import { CfnOutput, Duration, RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ProviderAttribute,
  StandardThreatProtectionMode,
  UserPool,
  UserPoolClientIdentityProvider,
  UserPoolIdentityProviderOidc,
} from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { ArnPrincipal, Role } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { aagChairGroup, aagMemberGroup, areaKeyOf, ECB_GROUP, OFFICER_GROUP } from '../functions/core/access/people';
import type { CycleConfig } from './config';
import { acknowledge, REASONS } from './nag';

export interface PortalProps {
  /** The tables an AAG's writes go to, each under the area's own partition key: the decisions and the drafts. */
  readonly areaTables: { readonly aagDecisions: ITable; readonly aagDrafts: ITable };
  readonly config: CycleConfig;
  readonly stage: string;
  /** The portal's function (lib/stages.ts EVENT_FUNCTIONS.portal). */
  readonly handler: LambdaFunction;
  readonly encryptionKey: IKey;
  /** The term files bucket: an officer's upload form posts straight to it. */
  readonly bucket: IBucket;
}

export class Portal extends Construct {
  readonly api: HttpApi;
  readonly userPool: UserPool;
  /** The role the portal writes an AAG area's drafts and decisions as, each session held to that area's items. */
  readonly areaWriter: Role;

  constructor(scope: Construct, id: string, props: PortalProps) {
    super(scope, id);
    const { config } = props;
    const settings = config.portal;
    const stack = Stack.of(this);

    this.userPool = new UserPool(this, 'People', {
      userPoolName: `school-improvement-${props.stage}`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const groups: [string, string][] = [
      [OFFICER_GROUP, 'The school-improvement team'],
      [ECB_GROUP, 'The Education Challenge Board'],
      ...settings.aagAreas.flatMap((district): [string, string][] => [
        [aagMemberGroup(areaKeyOf(district)), `Members of the ${district} AAG`],
        [aagChairGroup(areaKeyOf(district)), `The chair of the ${district} AAG, who submits its decisions`],
      ]),
    ];
    for (const [name, description] of groups)
      new CfnUserPoolGroup(this, `Group${name.replace(/[^A-Za-z0-9]/g, '')}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: name,
        description,
      });

    const domain = this.userPool.addDomain('SignIn', {
      cognitoDomain: {
        domainPrefix: settings.signInDomainPrefix ?? `school-improvement-${config.laCode}-${props.stage}`,
      },
    });
    const providers = [UserPoolClientIdentityProvider.COGNITO];
    let federated: UserPoolIdentityProviderOidc | undefined;
    if (settings.identityProvider) {
      const idp = settings.identityProvider;
      federated = new UserPoolIdentityProviderOidc(this, 'AuthorityIdentityProvider', {
        userPool: this.userPool,
        name: idp.name,
        issuerUrl: idp.issuerUrl,
        clientId: idp.clientId,
        // Resolved by CloudFormation from Secrets Manager at deployment: never in the template.
        clientSecret: SecretValue.secretsManager(idp.clientSecretName).unsafeUnwrap(),
        scopes: ['openid', 'email', 'profile'],
        attributeMapping: {
          email: ProviderAttribute.other('email'),
          fullname: ProviderAttribute.other('name'),
        },
      });
      providers.push(UserPoolClientIdentityProvider.custom(idp.name));
    }

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
      encryptionKey: props.encryptionKey,
    });
    this.api = new HttpApi(this, 'Api', {
      description: 'The school-improvement portal',
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration('Pages', props.handler),
    });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: settings.rateLimit, burstLimit: settings.burstLimit },
      // No address, no agent and no person in the access log: what was asked, how it went, how long it took.
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            method: '$context.httpMethod',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            latencyMs: '$context.integrationLatency',
          }),
        ),
      },
    });

    const client = this.userPool.addClient('PortalClient', {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${this.api.apiEndpoint}/sign-in/callback`],
        logoutUrls: [`${this.api.apiEndpoint}/signed-out`],
      },
      supportedIdentityProviders: providers,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
    });
    if (federated) client.node.addDependency(federated);

    props.handler.addEnvironment(
      'PORTAL_ISSUER',
      `https://cognito-idp.${stack.region}.amazonaws.com/${this.userPool.userPoolId}`,
    );
    props.handler.addEnvironment('PORTAL_CLIENT_ID', client.userPoolClientId);
    props.handler.addEnvironment('PORTAL_SIGN_OUT_URL', `${domain.baseUrl()}/logout`);
    props.handler.addEnvironment('MODERATION_DEADLINE_HOURS', String(config.moderationDeadlineHours));
    props.handler.addEnvironment('ECB_CONFIRMATION_HOURS', String(config.ecbConfirmationHours));
    props.handler.addEnvironment('MAX_REJECTED_SHARE', String(config.maxRejectedShare));
    props.handler.addEnvironment('PORTAL_UPLOAD_ORIGIN', `https://${props.bucket.bucketRegionalDomainName}`);

    // An AAG's drafts and decisions are written as this role, assumed by the portal's function for the area alone: the
    // session policy (core/access/people.ts areaWritePolicy) holds each session to that area's partition keys, so IAM
    // keeps one area's writes off another's items; the function's own role cannot write either table.
    this.areaWriter = new Role(this, 'AreaWriter', {
      assumedBy: new ArnPrincipal(props.handler.role!.roleArn),
      description: "The portal's writes for one AAG area at a time: its drafts and decisions only",
      maxSessionDuration: Duration.hours(1),
    });
    for (const table of [props.areaTables.aagDecisions, props.areaTables.aagDrafts]) {
      table.grant(this.areaWriter, 'dynamodb:PutItem');
      table.encryptionKey?.grantEncryptDecrypt(this.areaWriter);
    }
    this.areaWriter.grantAssumeRole(props.handler.role!);
    props.handler.addEnvironment('PORTAL_AREA_WRITER_ROLE_ARN', this.areaWriter.roleArn);
    acknowledge(
      this.areaWriter,
      ['AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]'],
      REASONS.kms,
    );

    acknowledge(
      this.api,
      ['AwsSolutions-APIG4', 'AwsSolutions-COG4'],
      "The portal's pages are reached by a browser with a session cookie, which API Gateway's authorizers do not read (a JWT authorizer reads the Authorization header only). The function verifies the Cognito ID token in the cookie at every request (aws-jwt-verify) and refuses whatever the person's groups do not allow; the sign-in pages themselves must be reachable signed out.",
    );
    new CfnOutput(stack, 'PortalUrl', {
      value: this.api.apiEndpoint,
      description: 'The portal: AAG members and chairs sign in here',
    });
    new CfnOutput(stack, 'PortalUserPoolId', {
      value: this.userPool.userPoolId,
      description:
        "The portal's Cognito user pool: add people and put them in their groups (docs/operator.md, The portal)",
    });
  }
}
