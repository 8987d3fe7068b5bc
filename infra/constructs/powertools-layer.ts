// The Powertools for AWS Lambda (TypeScript) layer, published by AWS in every commercial region and
// in the China regions (from different accounts). Only the Tracer is taken from it: bundled, its
// X-Ray SDK would add ~130 KB to every function, while the Logger and Metrics (~34 KB together)
// are bundled at the exact versions of package-lock.json. Versions:
// https://docs.aws.amazon.com/powertools/typescript/latest/getting-started/lambda-layers/
import { Stack } from 'aws-cdk-lib';
import { LayerVersion, type ILayerVersion } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

/** What the bundles leave out because the layer brings it (handler-bundling.ts). */
export const layerProvidedModules = ['@aws-lambda-powertools/tracer', 'aws-xray-sdk-core'];

const publishers = {
  aws: { account: '094274105915', version: 44 },
  'aws-cn': { account: '498634801083', version: 41 },
} as const;

/**
 * The layer for the stack's region. `-c powertoolsLayerVersion=<n>` pins another published version.
 */
export const powertoolsLayer = (scope: Construct, partition: keyof typeof publishers): ILayerVersion => {
  const stack = Stack.of(scope);
  const pinned: unknown = scope.node.tryGetContext('powertoolsLayerVersion');
  const { account, version } = publishers[partition];
  const layerVersion = pinned === undefined ? version : typeof pinned === 'number' || typeof pinned === 'string' ? String(pinned) : '';
  if (!/^\d+$/.test(String(layerVersion))) throw new Error('context powertoolsLayerVersion must be a layer version number');
  const arn = `arn:${partition}:lambda:${stack.region}:${account}:layer:AWSLambdaPowertoolsTypeScriptV2:${layerVersion}`;
  return LayerVersion.fromLayerVersionArn(scope, 'PowertoolsLayer', arn);
};
