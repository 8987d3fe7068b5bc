// What a province needs before it can be deployed, checked at synth: a platform that answers 401 to
// every applicant (no sign-in), serves under nobody's domain, or raises alarms nobody hears is not
// a deployment. A demo province (`"demo": true`) is let through with fail-closed placeholders.
import { InvalidProvinceConfig } from './provinces/index.ts';
import type { Province } from './provinces/schema.ts';

/** Context overrides (`-c oidcIssuer=… -c oidcAudience=a,b`), e.g. for a test deployment. */
export interface DeploymentOverrides {
  readonly oidcIssuer?: string;
  readonly oidcAudience?: readonly string[];
}

export interface Deployment {
  readonly demo: boolean;
  /** The issuer the JWT authoriser trusts, and the audiences it accepts. */
  readonly signIn: { readonly issuer: string; readonly audience: readonly string[] };
  readonly domain?: NonNullable<Province['domain']>;
  readonly alarms: { readonly email: readonly string[]; readonly topicArn?: string };
}

/**
 * Demo issuer: `.invalid` never resolves, so a demo deployment refuses every token (fail closed)
 * rather than trusting some placeholder identity provider.
 */
export const demoOidcIssuer = (code: string): string => `https://oidc.example.invalid/province-${code}`;
/** Demo audience: the client id a province would register for the platform. */
export const demoOidcAudience = (code: string): string => `no-meeting-approval-${code}`;

export const deploymentOf = (province: Province, overrides: DeploymentOverrides = {}): Deployment => {
  const issuer = overrides.oidcIssuer ?? province.oidc?.issuer;
  const audience = overrides.oidcAudience ?? province.oidc?.audience;
  const missing: string[] = [];
  if (!province.demo) {
    if (issuer === undefined || audience === undefined) {
      missing.push('oidc: the OIDC issuer and audience applicants, officers and supervisors sign in with ({"issuer": "https://…", "audience": ["<client id>"]})');
    }
    if (province.domain === undefined) {
      missing.push('domain: the public domain and its certificate ({"name": "zwfw.example.gov.cn", "certificate": "<ACM ARN in us-east-1, or IAM server certificate id in China>"})');
    }
    if (province.alarms === undefined) missing.push('alarms: who hears an alarm ({"email": ["ops@…"]} or {"topicArn": "arn:…:sns:…"})');
  }
  if (province.partition === 'aws-cn' && province.domain !== undefined && province.domain.icp === undefined) {
    missing.push('domain.icp: the ICP filing number (ICP备案号) of the domain, required to serve a site from the China regions');
  }
  if (missing.length > 0) {
    throw new InvalidProvinceConfig(
      `province ${province.code} cannot be deployed yet; set in infra/provinces/${province.code}/province.json:\n` +
        missing.map((line) => `✖ ${line}`).join('\n') +
        '\n(or mark it "demo": true to synthesise it with fail-closed sign-in and no alarm recipients)',
    );
  }
  return {
    demo: province.demo,
    signIn: { issuer: issuer ?? demoOidcIssuer(province.code), audience: audience ?? [demoOidcAudience(province.code)] },
    ...(province.domain ? { domain: province.domain } : {}),
    alarms: { email: province.alarms?.email ?? [], ...(province.alarms?.topicArn ? { topicArn: province.alarms.topicArn } : {}) },
  };
};
