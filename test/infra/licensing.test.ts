// E-licences in the province stack (issue #8): the seal key's spec per partition, who may sign and
// who may only read the public key, the licence PDFs' prefix, and the font in the issuing bundle
// only. (The generic checks of province-stack.test.ts cover these functions too: one function per
// spec, least privilege per `access`, cdk-nag.)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { LICENCE_FONT } from '../../functions/adapters/licence-font.ts';
import { buildProvinceApp } from '../../infra/app.ts';
import { Licensing } from '../../infra/constructs/licensing.ts';
import { functionSpecs, type FunctionName } from '../../infra/functions.ts';
import { cdkJsonContext, flatten, only, over, type Json, type Resource } from './template.ts';

const names = Object.keys(functionSpecs) as FunctionName[];

let app: App;
let resources: Record<string, Resource>;
const { ofType, functionId } = over(() => resources);
beforeAll(() => {
  app = new App({ context: { ...cdkJsonContext, province: '99', oidcIssuer: 'https://issuer.test/realms/province-99' } });
  const stack = buildProvinceApp(app, { checks: false });
  resources = (Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource> }).Resources;
}, 180_000);

const roleOf = (name: FunctionName): string => flatten((resources[functionId(name)] as Resource).Properties.Role).replace(/^<|\.Arn>$/g, '');
const statementsOf = (name: FunctionName): { actions: string[]; resources: string[] }[] =>
  ofType('AWS::IAM::Policy')
    .filter(([, r]) => (r.Properties.Roles as unknown[]).some((role) => flatten(role) === `<${roleOf(name)}>`))
    .flatMap(([, r]) => (r.Properties.PolicyDocument as { Statement: Json[] }).Statement)
    .map((s) => ({ actions: [s.Action].flat().map(String), resources: [s.Resource].flat().map(flatten) }));
const environmentOf = (name: FunctionName): Json => ((resources[functionId(name)] as Resource).Properties.Environment as { Variables: Json }).Variables;

// The audit checkpoints have a signing key of their own (test/infra/audit-archive.test.ts).
const sealKey = (): [string, Resource] =>
  only(ofType('AWS::KMS::Key').filter(([, r]) => r.Properties.KeyUsage === 'SIGN_VERIFY' && String(r.Properties.Description).startsWith('E-licence seal')), 'one seal key');

describe('the e-seal key', () => {
  it('is an ECC_NIST_P256 signing key in the aws partition, kept when the stack goes', () => {
    const [, key] = sealKey();
    expect(key.Properties).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    expect(key.DeletionPolicy).toBe('Retain');
  });

  it('is an SM2 key in the aws-cn partition', () => {
    const stack = new Stack(new App(), 'Cn', { env: { region: 'cn-north-1' } });
    const documents = { bucket: new Bucket(stack, 'Bucket'), key: new Key(stack, 'Key', { enableKeyRotation: true }) };
    const licensing = new Licensing(stack, 'Licensing', { provinceCode: '32', partition: 'aws-cn', documents });
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' });
    expect(licensing.algorithm).toBe('SM2');
  });

  it('may be used to sign by issueLicence alone; verifiers may only read its public key', () => {
    const [keyId] = sealKey();
    for (const name of names) {
      const onKey = statementsOf(name).filter((s) => s.resources.includes(`<${keyId}.Arn>`));
      const actions = onKey.flatMap((s) => s.actions).sort();
      const signer = functionSpecs[name].access as { signer?: 'sign' | 'verify' };
      expect(actions, name).toEqual(signer.signer === 'sign' ? ['kms:Sign'] : signer.signer === 'verify' ? ['kms:GetPublicKey'] : []);
      expect(environmentOf(name).LICENCE_SIGNER === undefined, name).toBe(signer.signer === undefined);
    }
    expect(names.filter((n) => (functionSpecs[n].access as { signer?: string }).signer === 'sign')).toEqual(['issueLicence']);
    expect(environmentOf('issueLicence')).toMatchObject({ LICENCE_SIGNING_ALGORITHM: 'ES256' });
    expect(String(flatten(environmentOf('issueLicence').LICENCE_SIGNER))).toBe(`kms:<${keyId}.Arn>`);
  });
});

describe('licence PDFs', () => {
  it('are written by issueLicence only, under licences/ only', () => {
    for (const name of names) {
      const onLicences = statementsOf(name).filter((s) => s.resources.some((r) => r.endsWith('/licences/*')));
      const access = (functionSpecs[name].access as { licences?: 'read' | 'write' }).licences;
      const actions = onLicences.flatMap((s) => s.actions).sort();
      expect(actions, name).toEqual(access === 'write' ? ['s3:GetObject', 's3:PutObject'] : access === 'read' ? ['s3:GetObject'] : []);
    }
    // Its audit archive grants (under audit/, in another bucket) are test/infra/audit-archive.test.ts's.
    const objects = statementsOf('issueLicence').filter((s) => s.actions.some((a) => a.startsWith('s3:') && a !== 's3:ListBucket') && !s.resources.some((r) => r.endsWith('/audit/*')));
    expect(objects.flatMap((s) => s.resources).every((r) => r.endsWith('/licences/*'))).toBe(true);
  });

  it('may be listed under licences/ only, so a missing PDF is a 404 and not a 403', () => {
    for (const name of names) {
      const listing = ofType('AWS::IAM::Policy')
        .filter(([, r]) => (r.Properties.Roles as unknown[]).some((role) => flatten(role) === `<${roleOf(name)}>`))
        .flatMap(([, r]) => (r.Properties.PolicyDocument as { Statement: Json[] }).Statement)
        .filter((statement) => [statement.Action].flat().includes('s3:ListBucket') && !JSON.stringify(statement.Condition).includes('audit/'));
      const access = (functionSpecs[name].access as { licences?: string }).licences;
      expect(listing.map((statement) => statement.Condition), name).toEqual(access ? [{ StringLike: { 's3:prefix': ['licences/*'] } }] : []);
    }
  });

  it('are printed with the CJK font, which only the issuing bundle carries', () => {
    expect(functionSpecs.issueLicence.files).toEqual({ [LICENCE_FONT.bundledAs]: `node_modules/${LICENCE_FONT.module}` });
    const outdir = app.synth().directory;
    // The function's code asset: S3Key `<hash>.zip`, staged as `asset.<hash>` in the assembly.
    const assetOf = (name: FunctionName): string =>
      join(outdir, `asset.${flatten(((resources[functionId(name)] as Resource).Properties.Code as Json).S3Key).replace(/\.zip$/, '')}`);
    expect(existsSync(join(assetOf('issueLicence'), LICENCE_FONT.bundledAs))).toBe(true);
    const withFont = names.filter((name) => readdirSync(assetOf(name)).includes(LICENCE_FONT.bundledAs));
    expect(withFont).toEqual(['issueLicence']);
    // pdf-lib (and its font engine) are bundled where they are used, not into every cold start.
    const hasPdfLib = (name: FunctionName) => readFileSync(join(assetOf(name), 'index.mjs'), 'utf8').includes('PDFDocument');
    expect(hasPdfLib('issueLicence')).toBe(true);
    expect(names.filter(hasPdfLib)).toEqual(['issueLicence']);
  });
});
