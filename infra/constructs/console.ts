// The reference console (issue #16) per province: its files in a private S3 bucket behind CloudFront
// (Origin Access Control), and the API on the same origin: one behaviour per top-level path of
// infra/routes.ts sends those requests to the HTTP API, uncached, with every method, the
// Authorization header and the query string. The console's runtime config (/config.json) is written
// at deployment from the province config, so one build serves every province.
import { Annotations, CfnOutput, DefaultStackSynthesizer, Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type CfnBucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import type { ConsoleConfig } from '../local/console-serving.ts';
import { routes as routeTable, type Route } from '../routes.ts';

export interface ConsoleProps {
  /** The province's HTTP API, served under the console's origin. */
  readonly httpApi: IHttpApi;
  /** /config.json without `publicBaseUrl`, which is this distribution's URL. */
  readonly config: Omit<ConsoleConfig, 'publicBaseUrl'>;
  /**
   * The built console (console/dist). Without it only /config.json is deployed, with a synth
   * warning: tests synthesise without building.
   * @default none
   */
  readonly distDir?: string;
  /**
   * The console's own domain and its certificate: viewers then need TLS 1.2 at least.
   * @default the distribution's *.cloudfront.net name
   */
  readonly domain?: { readonly name: string; readonly certificateArn: string };
  /** Receives the S3 server access logs of the console's buckets. */
  readonly accessLogsBucket: IBucket;
  /** @default routes of infra/routes.ts */
  readonly routes?: readonly Route[];
  /**
   * 《网络安全法》第二十一条: network logs are kept for no less than six months.
   * @default Duration.days(365)
   */
  readonly logRetention?: Duration;
  /** What happens to the buckets when the stack is deleted. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** `/applications/{id}` and `/applications` → `/applications*`: one CloudFront path pattern per top-level segment of the routes. */
export const apiPathPatterns = (table: readonly Route[]): string[] => [...new Set(table.map((r) => `/${r.path.split('/')[1] ?? ''}*`))].sort();

export class Console extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** `https://<distribution>.cloudfront.net`: the console, the API under it, and receipts' tracking links. */
  readonly url: string;
  /** What /config.json holds. */
  readonly config: ConsoleConfig;

  constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.bucket = new Bucket(this, 'Files', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'console/',
      removalPolicy,
    });
    // CloudFront standard logs are delivered with object ACLs, so this bucket keeps ACLs on (object writer).
    const requestLogs = new Bucket(this, 'RequestLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'console-request-logs/',
      lifecycleRules: [{ id: 'expire-request-logs', expiration: props.logRetention ?? Duration.days(365) }],
      removalPolicy,
    });

    const security = {
      strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
    };
    // index.html and config.json are revalidated on every load; Vite's assets are content-hashed.
    const headers = (name: string, cacheControl: string) =>
      new ResponseHeadersPolicy(this, name, {
        comment: `不见面审批 console: security headers, cache-control ${cacheControl}`,
        securityHeadersBehavior: security,
        customHeadersBehavior: { customHeaders: [{ header: 'cache-control', value: cacheControl, override: true }] },
      });
    const files = S3BucketOrigin.withOriginAccessControl(this.bucket);
    const api = new HttpOrigin(Fn.select(2, Fn.split('/', props.httpApi.apiEndpoint)), {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });
    // Uncached, so the origin request policy may forward Authorization along with every other
    // viewer header but Host (API Gateway routes by its own host name) and the query string.
    const apiBehaviour: BehaviorOptions = {
      origin: api,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `不见面审批 console and API (${Stack.of(this).stackName})`,
      ...(props.domain
        ? {
            domainNames: [props.domain.name],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: files,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers('RevalidatedHeaders', 'no-cache'),
      },
      additionalBehaviors: {
        '/assets/*': {
          origin: files,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: headers('ImmutableHeaders', 'public, max-age=31536000, immutable'),
        },
        ...Object.fromEntries(apiPathPatterns(props.routes ?? routeTable).map((pattern) => [pattern, apiBehaviour])),
      },
      enableLogging: true,
      logBucket: requestLogs,
      logFilePrefix: 'cloudfront/',
    });
    this.url = `https://${props.domain?.name ?? this.distribution.distributionDomainName}`;
    this.config = { ...props.config, publicBaseUrl: this.url };

    if (props.distDir === undefined) {
      Annotations.of(this).addWarningV2('nma:console-not-built', 'console/dist is missing: only /config.json is deployed (npm run console:build, or cdk synth through infra/app.ts, builds it)');
    }
    new BucketDeployment(this, 'Deploy', {
      sources: [...(props.distDir ? [Source.asset(props.distDir)] : []), Source.jsonData('config.json', this.config)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/', '/index.html', '/config.json'],
      memoryLimit: 512,
    });

    acknowledge(this.distribution, {
      ...(props.domain
        ? {}
        : {
            'AwsSolutions-CFR4':
              'The default *.cloudfront.net certificate cannot pin the viewer TLS minimum; a province serving the console on its own domain (consoleDomain) gets TLSv1.2_2021.',
          }),
      'AwsSolutions-CFR1':
        'No geo restriction on purpose: applicants abroad (students, workers, companies with foreign offices) must be able to apply online; the API authorises every call.',
      'AwsSolutions-CFR2':
        'No WAF here: a CloudFront web ACL must live in us-east-1 (and is a separate product in aws-cn), which a regional province stack cannot create; the API stage throttles, and an operator may attach a web ACL.',
    });
    acknowledgeDeploymentHandler(Stack.of(this), this.bucket);

    new CfnOutput(this, 'Url', { value: this.url, description: 'The console (and the API under the same origin)' });
  }
}

const acknowledge = (scope: Construct, reasons: Readonly<Record<string, string>>): void => {
  for (const [id, reason] of Object.entries(reasons)) Validations.of(scope).acknowledge({ id, reason });
};

// BucketDeployment copies the files through a stack-wide singleton Lambda that CDK shapes and that
// runs at deployment only; its findings, each by name, are acknowledged on that singleton alone.
const acknowledgeDeploymentHandler = (stack: Stack, filesBucket: Bucket): void => {
  const handler = stack.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (handler === undefined) throw new Error('CDK created no Custom::CDKBucketDeployment; revisit the acknowledgement in console.ts');
  const partition = RegionInfo.get(stack.region).partition ?? 'aws';
  const assets = `arn:${partition}:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-${stack.region}/*`;
  const files = `<${stack.getLogicalId(filesBucket.node.defaultChild as CfnBucket)}.Arn>/*`;
  const wildcards = 'CDK\'s BucketDeployment singleton (deploy time only) reads its asset objects and writes and prunes the console bucket\'s objects, whose keys are the build\'s file names; CDK grants these action families.';
  acknowledge(handler, {
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
      "CDK's BucketDeployment singleton (deploy time only) writes its own logs with the managed policy CDK attaches; CDK offers no hook to replace it.",
    ...Object.fromEntries(['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map((action) => [`AwsSolutions-IAM5[Action::${action}]`, wildcards])),
    [`AwsSolutions-IAM5[Resource::${assets}]`]: wildcards,
    [`AwsSolutions-IAM5[Resource::${files}]`]: wildcards,
    'AwsSolutions-IAM5[Resource::*]': 'cloudfront:CreateInvalidation takes no resource narrower than *; the BucketDeployment singleton invalidates index.html and config.json after each deployment.',
    'AwsSolutions-L1': "CDK pins the BucketDeployment singleton's runtime to the one its bundled AWS CLI layer supports; it runs at deployment only.",
  });
};
