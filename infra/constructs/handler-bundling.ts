// How every handler is bundled (esbuild through NodejsFunction): one object, used by
// handler-function.ts and by the benchmark's bundle-size and cold-start measurements
// (test/bench/bundles.ts), so what is measured is what CDK builds.
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { layerProvidedModules } from './powertools-layer.ts';

// ESM output cannot `require`, yet some bundled CommonJS dependencies do; esbuild's documented
// fix is a module-scoped `require` made from import.meta.url.
const requireShim =
  "import { createRequire as topLevelCreateRequire } from 'node:module'; const require = topLevelCreateRequire(import.meta.url);";

export const handlerBundling: BundlingOptions = {
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  banner: requireShim,
  target: 'node24',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  // The exact SDK versions of package-lock.json, not whatever the runtime ships: the local
  // stack and Lambda then run the same code.
  bundleAwsSDK: true,
  // …except what the Powertools layer provides (powertools-layer.ts).
  externalModules: layerProvidedModules,
  // esbuild is a devDependency, so bundling never needs Docker.
  forceDockerBundling: false,
  // Lambda hands the function its credentials in environment variables: the SDK's default provider
  // chain is swapped for the environment provider alone (functions/adapters/lambda-credentials.ts),
  // which leaves SSO, STS and the other providers out of every bundle. The path resolves from the
  // project root, where NodejsFunction runs esbuild.
  esbuildArgs: { '--alias': '@aws-sdk/credential-provider-node=./functions/adapters/lambda-credentials.ts' },
};
