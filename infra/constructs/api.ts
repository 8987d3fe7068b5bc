// The HTTP API: one route per row of infra/routes.ts (the local gateway serves the same table),
// each integrated with the handler it names and authorised as the row says.
import { CfnOutput, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  type IHttpRouteAuthorizer,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionName } from '../functions.ts';
import { routeKey, routes as routeTable, type Route, type RouteAuth } from '../routes.ts';

export interface ApplicantIdentityProvider {
  /** The province's OIDC issuer URL (the `iss` of applicants' tokens). */
  readonly issuer: string;
  /** Accepted `aud` values. */
  readonly audience: readonly string[];
}

export interface ApiProps {
  readonly functions: Readonly<Record<FunctionName, IFunction>>;
  /** Verifies applicants' JWTs at the gateway. */
  readonly applicantIdentity: ApplicantIdentityProvider;
  /**
   * The route table.
   * @default routes of infra/routes.ts
   */
  readonly routes?: readonly Route[];
  /**
   * Browser origins of other front ends allowed by CORS. The province's console needs none: it
   * reaches the API on its own origin (infra/constructs/console.ts). Never `*`.
   * @default none: no CORS, same-origin callers only
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * Stage-wide throttle: a ceiling that protects the table and the downstream departments'
   * webhooks from a runaway client long before the account quota would.
   * @default { rateLimit: 100, burstLimit: 200 }
   */
  readonly throttle?: ThrottleSettings;
  /**
   * 《网络安全法》第二十一条: network logs are kept for no less than six months.
   * @default RetentionDays.SIX_MONTHS
   */
  readonly logRetention?: RetentionDays;
}

// Who may call: the why of each route class, also the reason given to cdk-nag where it applies.
const unauthorisedAtGatewayBecause: Readonly<Partial<Record<RouteAuth, string>>> = {
  department:
    "Department routes carry an HMAC-SHA256 signature over method, path, timestamp, nonce and body, verified in the handler (functions/middleware/department-auth.ts); an HTTP API authoriser cannot see the body, so the gateway has none.",
  public: 'Public by design (e.g. anyone may verify a licence); the handler serves no personal data.',
};

export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly routes: ReadonlyMap<string, HttpRoute>;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: '不见面审批 public API',
      // The default stage is created below, with access logs and throttling it cannot take here.
      createDefaultStage: false,
      ...(props.allowedOrigins?.length
        ? {
            corsPreflight: {
              allowOrigins: [...props.allowedOrigins],
              allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.PATCH, CorsHttpMethod.DELETE],
              allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
            },
          }
        : {}),
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention ?? RetentionDays.SIX_MONTHS });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // No JWT claims: an applicant's subject may be an identity number.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            sourceIp: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
          }),
        ),
      },
    });

    const applicant = new HttpJwtAuthorizer('Applicant', props.applicantIdentity.issuer, {
      authorizerName: 'applicant',
      jwtAudience: [...props.applicantIdentity.audience],
    });
    // Officers hold tokens of the same issuer; the handler checks role and department (core/officer.ts).
    const authorizers: Readonly<Record<RouteAuth, IHttpRouteAuthorizer | undefined>> = {
      applicant,
      officer: applicant,
      department: undefined,
      public: undefined,
    };

    // One integration per function, shared by its routes: one invoke permission per route.
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integrationFor = (name: FunctionName): HttpLambdaIntegration => {
      const existing = integrations.get(name);
      if (existing) return existing;
      const created = new HttpLambdaIntegration(`${name}Integration`, props.functions[name]);
      integrations.set(name, created);
      return created;
    };

    const routes = new Map<string, HttpRoute>();
    for (const route of props.routes ?? routeTable) {
      const httpRoute = new HttpRoute(this, routeId(route), {
        httpApi: this.httpApi,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: integrationFor(route.fn),
        authorizer: authorizers[route.auth],
      });
      const reason = unauthorisedAtGatewayBecause[route.auth];
      if (reason !== undefined) Validations.of(httpRoute).acknowledge({ id: 'AwsSolutions-APIG4', reason });
      routes.set(routeKey(route), httpRoute);
    }
    this.routes = routes;

    new CfnOutput(this, 'Url', { value: this.stage.url, description: 'Base URL of the API' });
  }
}

/** `POST /applications/{id}/uploads` → `PostApplicationsIdUploads`. */
const routeId = (route: Route): string =>
  [route.method.toLowerCase(), ...route.path.split(/[^A-Za-z0-9]+/)]
    .filter((part) => part !== '')
    .map((part) => `${part.charAt(0).toUpperCase()}${part.slice(1)}`)
    .join('');
