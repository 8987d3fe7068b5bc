// cdk.json entry: `cdk synth -c province=<GB/T 2260 code>` builds that province's stack.
// What a deployment needs (sign-in, domain, alarm recipients) comes from the province config and is
// checked in deployment.ts; context overrides the OIDC issuer, e.g. for a test deployment:
//   -c oidcIssuer=https://…        the province's OIDC issuer for applicants' tokens
//   -c oidcAudience=a,b            accepted token audiences
//   -c allowedOrigins=https://…,…  browser origins of front ends besides the console (default: the province config's)
import { join, resolve } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { AwsSolutionsChecks } from 'cdk-nag';
import { deploymentOf } from './deployment.ts';
import { buildConsoleIfNeeded } from './local/console-build.ts';
import { ProvinceStack } from './province-stack.ts';
import { InvalidProvinceConfig, loadProvince, parseProvince, provinceCodes } from './provinces/index.ts';
import type { Province } from './provinces/schema.ts';

export interface ProvinceAppOptions {
  /**
   * A raw province config to validate instead of the shipped one (tests use it for bad configs).
   * @default the config shipped for the `province` context value
   */
  readonly provinceSource?: unknown;
  /**
   * Register cdk-nag AwsSolutions as a synth-time validation plugin: any unacknowledged finding
   * fails the synth. Tests turn it off and run the same pack themselves, so a finding fails the
   * cdk-nag test alone instead of every test that needs a template.
   * @default true
   */
  readonly checks?: boolean;
  /** The built console to deploy (infra/constructs/console.ts). @default none: only its /config.json */
  readonly consoleDist?: string;
}

/** Adds the stack of the province named by the `province` context to `app`, with cdk-nag. */
export const buildProvinceApp = (app: App, options: ProvinceAppOptions = {}): ProvinceStack => {
  const code = stringContext(app, 'province');
  if (code === undefined) {
    throw new InvalidProvinceConfig(`pass the province as -c province=<code>; known: ${provinceCodes.join(', ')}`);
  }
  const province = options.provinceSource === undefined ? loadProvince(code) : parseProvince(code, options.provinceSource);
  assertRegionInPartition(province);
  const oidcIssuer = stringContext(app, 'oidcIssuer');
  const oidcAudience = listContext(app, 'oidcAudience');
  const deployment = deploymentOf(province, { ...(oidcIssuer ? { oidcIssuer } : {}), ...(oidcAudience ? { oidcAudience } : {}) });

  const stack = new ProvinceStack(app, `NoMeetingApproval-${code}`, {
    description: `不见面审批 (no-meeting approval) platform of ${province.name}`,
    // Region only: the account comes from the deploying credentials, and synth needs none.
    env: { region: province.region },
    tags: { project: 'no-meeting-approval', province: code },
    province,
    deployment,
    applicantIdentity: deployment.signIn,
    allowedOrigins: listContext(app, 'allowedOrigins'),
    ...(options.consoleDist ? { consoleDist: options.consoleDist } : {}),
  });

  if (options.checks ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
};

const assertRegionInPartition = (province: Province): void => {
  const partition = RegionInfo.get(province.region).partition;
  if (partition !== undefined && partition !== province.partition) {
    throw new InvalidProvinceConfig(
      `province ${province.code} config is invalid: region ${province.region} is in partition ${partition}, not ${province.partition}`,
    );
  }
};

const stringContext = (app: App, key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`context ${key} must be a string`);
  return String(value);
};

// `-c key=a,b` arrives as a string; cdk.json or tests may give an array.
const listContext = (app: App, key: string): string[] | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  if (Array.isArray(value)) return value.map(String);
  const text = stringContext(app, key);
  return text?.split(',').map((part) => part.trim()).filter((part) => part !== '');
};

if (import.meta.main) {
  // The console is deployed as built: build it first when its sources changed (as npm start does).
  const root = resolve(import.meta.dirname, '..');
  const built = await buildConsoleIfNeeded({ root, log: (line) => console.error(line) });
  const app = new App();
  buildProvinceApp(app, built ? { consoleDist: join(root, 'console', 'dist') } : {});
  app.synth();
}
