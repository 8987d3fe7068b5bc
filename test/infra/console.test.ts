// The console per province (issue #16): a private bucket behind CloudFront with OAC, the API under
// the same origin (one behaviour per top-level route prefix), /config.json from the province, the
// console's URL as PUBLIC_BASE_URL, and CORS only for the origins the province names. The synth
// uses a stand-in build (a temp dir), so this test needs no built console.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProvinceApp } from '../../infra/app.ts';
import { apiPathPatterns } from '../../infra/constructs/console.ts';
import { functionSpecs, type FunctionName, type FunctionSpec } from '../../infra/functions.ts';
import demo from '../../infra/provinces/99/province.json' with { type: 'json' };
import type { ProvinceStack } from '../../infra/province-stack.ts';
import { routes } from '../../infra/routes.ts';
import { cdkJsonContext, flatten, only, over, type Json, type Resource } from './template.ts';

const issuer = 'https://issuer.test/realms/province-99';
const portal = 'https://portal.example.gov.cn';
const consoleDomain = { name: 'zwfw.example.gov.cn', certificate: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789' };
// AWS managed policies (ids are fixed by AWS).
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

let dist: string;
let stack: ProvinceStack;
let resources: Record<string, Resource>;
const { ofType, functionId } = over(() => resources);

beforeAll(async () => {
  dist = await mkdtemp(join(tmpdir(), 'nma-console-dist-'));
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>console</title>');
  const app = new App({ context: { ...cdkJsonContext, province: '99', oidcIssuer: issuer } });
  stack = buildProvinceApp(app, { checks: false, consoleDist: dist, provinceSource: { ...demo, allowedOrigins: [portal], domain: consoleDomain } });
  resources = (Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource> }).Resources;
}, 120_000);
afterAll(() => rm(dist, { recursive: true, force: true }));

const distribution = () => only(ofType('AWS::CloudFront::Distribution'), 'one distribution')[1].Properties.DistributionConfig as Json;
const filesBucketId = () => stack.getLogicalId(stack.console.bucket.node.defaultChild as never);
const originOf = (id: string) => (distribution().Origins as Json[]).find((o) => o.Id === id) as Json;

describe('console files', () => {
  it('sit in a private, encrypted bucket that refuses plain HTTP', () => {
    const bucket = (resources[filesBucketId()] as Resource).Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(JSON.stringify(bucket.BucketEncryption)).toContain('AES256');
    const policy = only(ofType('AWS::S3::BucketPolicy').filter(([, r]) => flatten(r.Properties.Bucket) === `<${filesBucketId()}>`), 'the files bucket policy')[1];
    const statements = (policy.Properties.PolicyDocument as { Statement: Json[] }).Statement;
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    // Only CloudFront, for this distribution (OAC), may read them.
    const read = only(statements.filter((s) => s.Effect === 'Allow'), 'one allow statement');
    expect(read).toMatchObject({ Action: 's3:GetObject', Principal: { Service: 'cloudfront.amazonaws.com' } });
    expect(JSON.stringify(read.Condition)).toContain('AWS:SourceArn');
  });

  it('are served through Origin Access Control, HTTPS only, index.html at the root', () => {
    const oac = only(ofType('AWS::CloudFront::OriginAccessControl'), 'one OAC')[1].Properties.OriginAccessControlConfig as Json;
    expect(oac).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    const config = distribution();
    expect(config.DefaultRootObject).toBe('index.html');
    const defaults = config.DefaultCacheBehavior as Json;
    expect(defaults.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(flatten(originOf(defaults.TargetOriginId as string).DomainName)).toBe(`<${filesBucketId()}.RegionalDomainName>`);
    expect((config.Logging as Json).Bucket).toBeDefined();
  });

  it("answer on the province's own domain, TLS 1.2 at least", () => {
    const config = distribution();
    expect(config.Aliases).toEqual([consoleDomain.name]);
    expect(config.ViewerCertificate).toMatchObject({ AcmCertificateArn: consoleDomain.certificate, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
  });

  it('are deployed with /config.json from the province, naming its domain as the public base URL', () => {
    const deployment = only(ofType('Custom::CDKBucketDeployment'), 'one deployment')[1].Properties;
    expect(deployment.SourceObjectKeys).toHaveLength(2); // the build and config.json
    expect(flatten(deployment.DestinationBucketName)).toBe(`<${filesBucketId()}>`);
    expect(stack.resolve(stack.console.config)).toEqual({
      province: { code: '99', name: demo.name },
      signIn: { kind: 'oidc', issuer, clientId: 'no-meeting-approval-99', scopes: ['openid'] },
      publicBaseUrl: `https://${consoleDomain.name}`,
    });
  });
});

describe('the API under the console origin', () => {
  const apiBehaviours = () => (distribution().CacheBehaviors as Json[]).filter((b) => b.PathPattern !== '/assets/*');

  it('has one behaviour per top-level route prefix, and every route falls under one', () => {
    expect(apiBehaviours().map((b) => b.PathPattern).sort()).toEqual(apiPathPatterns(routes));
    for (const route of routes) {
      expect(apiPathPatterns(routes).filter((p) => route.path.startsWith(p.slice(0, -1))), route.path).toHaveLength(1);
    }
  });

  it('forwards every method, Authorization and the query string to the HTTP API, uncached', () => {
    for (const behaviour of apiBehaviours()) {
      expect(behaviour).toMatchObject({ CachePolicyId: CACHING_DISABLED, OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER, ViewerProtocolPolicy: 'https-only' });
      expect((behaviour.AllowedMethods as string[]).sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
      const origin = originOf(behaviour.TargetOriginId as string);
      expect(JSON.stringify(origin.DomainName)).toContain('ApiEndpoint');
      expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    }
  });

  it('caches hashed assets for good and revalidates the rest', () => {
    const policies = Object.fromEntries(ofType('AWS::CloudFront::ResponseHeadersPolicy').map(([id, r]) => [id, r.Properties.ResponseHeadersPolicyConfig as Json]));
    const cacheControlOf = (behaviour: Json) =>
      ((policies[flatten(behaviour.ResponseHeadersPolicyId).replace(/^<|>$/g, '')]?.CustomHeadersConfig as { Items: Json[] }).Items).find((h) => h.Header === 'cache-control')?.Value;
    const assets = (distribution().CacheBehaviors as Json[]).find((b) => b.PathPattern === '/assets/*') as Json;
    expect(cacheControlOf(assets)).toBe('public, max-age=31536000, immutable');
    expect(cacheControlOf(distribution().DefaultCacheBehavior as Json)).toBe('no-cache');
  });
});

describe('the console as the province origin', () => {
  const consoleUrl = () => flatten(stack.resolve(stack.console.url));

  it('is the public base URL of exactly the functions that link to it', () => {
    for (const name of Object.keys(functionSpecs) as FunctionName[]) {
      const variables = ((resources[functionId(name)] as Resource).Properties.Environment as { Variables: Json }).Variables;
      expect(variables.PUBLIC_BASE_URL === undefined ? undefined : flatten(variables.PUBLIC_BASE_URL), name).toBe(
        (functionSpecs[name] as FunctionSpec).publicBaseUrl ? consoleUrl() : undefined,
      );
    }
    expect(functionSpecs.submitApplication.publicBaseUrl).toBe(true);
  });

  it("admits the province's other front ends by CORS, never *", () => {
    const api = only(ofType('AWS::ApiGatewayV2::Api'), 'one HTTP API')[1].Properties;
    expect((api.CorsConfiguration as Json).AllowOrigins).toEqual([portal]);
    const uploads = ofType('AWS::S3::Bucket').find(([, r]) => JSON.stringify(r.Properties.BucketEncryption).includes('aws:kms'))?.[1];
    const rule = only((uploads?.Properties.CorsConfiguration as { CorsRules: Json[] }).CorsRules, 'one CORS rule');
    expect((rule.AllowedOrigins as unknown[]).map(flatten)).toEqual([consoleUrl(), portal]);
  });

  it('refuses * or a path as an allowed origin', () => {
    const build = (allowedOrigins: string[]) => () =>
      buildProvinceApp(new App({ context: { ...cdkJsonContext, province: '99' } }), { checks: false, provinceSource: { ...demo, allowedOrigins } });
    expect(build(['*'])).toThrow(/allowedOrigins/);
    expect(build(['https://portal.example.gov.cn/app'])).toThrow(/allowedOrigins/);
    expect(() => buildProvinceApp(new App({ context: { ...cdkJsonContext, province: '99', allowedOrigins: '*' } }), { checks: false })).toThrow(/never \*/);
  });
});

it('derives one path pattern per top-level segment', () => {
  const table = [
    { method: 'GET', path: '/a', fn: 'getCase', auth: 'public' },
    { method: 'GET', path: '/a/{id}', fn: 'getCase', auth: 'public' },
    { method: 'GET', path: '/.well-known/keys', fn: 'getCase', auth: 'public' },
  ] as const;
  expect(apiPathPatterns(table)).toEqual(['/.well-known*', '/a*']);
});
