// Issue #19: each sample province deploys with its own sign-in, alarms that reach someone, a
// dashboard, business metrics and tracing; a province without sign-in is refused at synth.
// Bundling is skipped (`aws:cdk:bundling-stacks`): these tests read the template, not the code.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { businessMetricNames } from '../../functions/core/business-metrics.ts';
import { buildProvinceApp } from '../../infra/app.ts';
import { functionSpecs, type FunctionSpec } from '../../infra/functions.ts';
import { demoOidcIssuer } from '../../infra/deployment.ts';
import jiangsu from '../../infra/provinces/32/province.json' with { type: 'json' };
import demo from '../../infra/provinces/99/province.json' with { type: 'json' };
import { loadProvince } from '../../infra/provinces/index.ts';
import { cdkJsonContext, flatten, only, type Json, type Resource } from './template.ts';

const synth = (code: string, provinceSource?: unknown): Record<string, Resource> => {
  const app = new App({ context: { ...cdkJsonContext, province: code, 'aws:cdk:bundling-stacks': [] } });
  const stack = buildProvinceApp(app, { checks: false, provinceSource });
  return (Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource> }).Resources;
};

const ofType = (resources: Record<string, Resource>, type: string): [string, Resource][] =>
  Object.entries(resources).filter(([, r]) => r.Type === type);

describe.each(['99', '32', '43'])('province %s', (code) => {
  let resources: Record<string, Resource>;
  beforeAll(() => {
    resources = synth(code);
  }, 120_000);
  const province = loadProvince(code);

  it('verifies tokens of the issuer its config names (the demo: one that never resolves)', () => {
    const authorizer = only(ofType(resources, 'AWS::ApiGatewayV2::Authorizer'), 'one JWT authoriser')[1];
    const jwt = authorizer.Properties.JwtConfiguration as { Issuer: string; Audience: string[] };
    expect(jwt.Issuer).toBe(province.oidc?.issuer ?? demoOidcIssuer(code));
    if (province.oidc) expect(jwt.Audience).toEqual(province.oidc.audience);
  });

  it('notifies the province’s alarm topic from every alarm', () => {
    const topicId = only(ofType(resources, 'AWS::SNS::Topic'), 'one alarm topic')[0];
    const alarms = ofType(resources, 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThanOrEqual(8);
    for (const [id, alarm] of alarms) expect((alarm.Properties.AlarmActions as unknown[] | undefined)?.map(flatten), id).toContain(`<${topicId}>`);
    const subscribed = ofType(resources, 'AWS::SNS::Subscription').map(([, s]) => s.Properties.Endpoint);
    expect(subscribed).toEqual(province.alarms?.email ?? []);
  });

  it('alarms on API 5xx, Lambda throttles, red warnings, dead letters and failed workflows', () => {
    const described = ofType(resources, 'AWS::CloudWatch::Alarm').map(([, a]) => String(a.Properties.AlarmDescription));
    for (const what of [/API answered 5xx/, /Lambda throttled/, /red warning/, /dead-lettered/, /workflow failed/, /could not be handed over/]) {
      expect(described.some((d) => what.test(d)), String(what)).toBe(true);
    }
    const red = ofType(resources, 'AWS::CloudWatch::Alarm').find(([, a]) => /red warning/.test(String(a.Properties.AlarmDescription)))?.[1];
    expect(red?.Properties).toMatchObject({ Namespace: 'NoMeetingApproval', MetricName: businessMetricNames.redWarnings });
    expect(red?.Properties.Dimensions).toEqual(expect.arrayContaining([{ Name: 'Province', Value: code }]));
  });

  it('has one dashboard with the business metrics and every alarm', () => {
    const dashboard = only(ofType(resources, 'AWS::CloudWatch::Dashboard'), 'one dashboard')[1];
    expect(dashboard.Properties.DashboardName).toBe(`no-meeting-approval-${code}`);
    const body = flatten(dashboard.Properties.DashboardBody);
    for (const name of Object.values(businessMetricNames)) expect(body).toContain(`"${name}"`);
    expect(body).toContain('"type":"alarm"');
  });

  it('traces every handler with Powertools Tracer from the layer of its partition', () => {
    const described = new Set<string>(Object.values(functionSpecs).map((spec) => spec.description));
    const handlers = ofType(resources, 'AWS::Lambda::Function').filter(([, f]) => described.has(f.Properties.Description as string));
    expect(handlers).toHaveLength(described.size);
    for (const [id, fn] of handlers) {
      expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      const layers = (fn.Properties.Layers as unknown[]).map(flatten);
      const publisher = province.partition === 'aws' ? '094274105915' : '498634801083';
      expect(layers, id).toEqual([`arn:${province.partition}:lambda:${province.region}:${publisher}:layer:AWSLambdaPowertoolsTypeScriptV2:${province.partition === 'aws' ? 44 : 41}`]);
    }
  });

  it('retries every schedule’s hand-over (deadline sweep, audit checkpoints) and dead-letters what still fails', () => {
    const schedules = ofType(resources, 'AWS::Scheduler::Schedule');
    expect(schedules).toHaveLength((Object.values(functionSpecs) as FunctionSpec[]).filter((spec) => spec.schedule !== undefined).length);
    for (const [id, schedule] of schedules) {
      const target = schedule.Properties.Target as Json;
      expect(target.RetryPolicy, id).toMatchObject({ MaximumRetryAttempts: 3 });
      const dlq = flatten((target.DeadLetterConfig as Json).Arn);
      expect(dlq, id).toMatch(/^<\w+\.Arn>$/);
      expect(resources[dlq.slice(1, -5)]?.Type, id).toBe('AWS::SQS::Queue');
    }
  });
});

describe('a province that is not a demo', () => {
  const { oidc: _oidc, ...withoutSignIn } = jiangsu;
  const { icp: _icp, ...domainWithoutIcp } = jiangsu.domain;

  it('is refused at synth without sign-in, naming what to set and where', () => {
    expect(() => synth('32', withoutSignIn)).toThrow(/province 32 cannot be deployed yet; set in infra\/provinces\/32\/province\.json:\n✖ oidc: /);
  });

  it('is refused without alarm recipients or a domain, all missing fields at once', () => {
    const { alarms: _alarms, domain: _domain, ...bare } = withoutSignIn;
    expect(() => synth('32', bare)).toThrow(/✖ oidc: [^\n]+\n✖ domain: [^\n]+\n✖ alarms: /);
  });

  it('needs the ICP filing number of its domain in the China regions', () => {
    expect(() => synth('32', { ...jiangsu, domain: domainWithoutIcp })).toThrow(/✖ domain\.icp: the ICP filing number/);
  });

  it('may be marked a demo to synthesise with fail-closed sign-in', () => {
    const resources = synth('32', { ...withoutSignIn, demo: true });
    const authorizer = only(ofType(resources, 'AWS::ApiGatewayV2::Authorizer'), 'one JWT authoriser')[1];
    expect((authorizer.Properties.JwtConfiguration as { Issuer: string }).Issuer).toBe(demoOidcIssuer('32'));
  }, 120_000);
});

describe('the public domain (issue #19)', () => {
  const distributionOf = (resources: Record<string, Resource>): Json =>
    only(ofType(resources, 'AWS::CloudFront::Distribution'), 'one distribution')[1].Properties.DistributionConfig as Json;
  const publicBaseUrls = (resources: Record<string, Resource>): string[] => [
    ...new Set(ofType(resources, 'AWS::Lambda::Function').flatMap(([, f]) => {
      const url = ((f.Properties.Environment as { Variables?: Json } | undefined)?.Variables ?? {}).PUBLIC_BASE_URL;
      return url === undefined ? [] : [flatten(url)];
    })),
  ];

  it('serves a China province on its domain with its IAM server certificate, and links receipts there', () => {
    const resources = synth('32');
    const config = distributionOf(resources);
    expect(config.Aliases).toEqual([jiangsu.domain.name]);
    expect(config.ViewerCertificate).toEqual({ IamCertificateId: jiangsu.domain.certificate, SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' });
    expect(ofType(resources, 'AWS::CloudFront::OriginAccessControl')).toHaveLength(0);
    expect(publicBaseUrls(resources)).toEqual([`https://${jiangsu.domain.name}`]);
  }, 120_000);

  it('serves a global province on its domain with its ACM certificate', () => {
    const certificate = 'arn:aws:acm:us-east-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
    const resources = synth('99', { ...demo, demo: false, oidc: { issuer: 'https://sso.demo.example/realms/zwfw', audience: ['nma-99'] }, domain: { name: 'zwfw.demo.example', certificate }, alarms: { email: ['ops@demo.example'] } });
    const config = distributionOf(resources);
    expect(config.Aliases).toEqual(['zwfw.demo.example']);
    expect(config.ViewerCertificate).toMatchObject({ AcmCertificateArn: certificate, MinimumProtocolVersion: 'TLSv1.2_2021' });
    expect(publicBaseUrls(resources)).toEqual(['https://zwfw.demo.example']);
  }, 120_000);
});
