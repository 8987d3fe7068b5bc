// Shared helpers over a synthesised province template, for the infra tests.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { functionSpecs, type FunctionName } from '../../infra/functions.ts';

export type Json = Record<string, unknown>;
export interface Resource {
  readonly Type: string;
  readonly Properties: Json;
  readonly DeletionPolicy?: string;
}

/** The feature flags of cdk.json: the tests synthesise what `cdk synth` ships. */
export const cdkJsonContext = (JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Json }).context;

export const only = <T>(items: readonly T[], what: string): T => {
  expect(items, what).toHaveLength(1);
  return items[0] as T;
};

/** A CloudFormation value as text: references become `<Id>` / `<Id.Attr>`, joins are joined. */
export const flatten = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(flatten).join(',');
  const v = value as Json;
  if ('Ref' in v) return `<${String(v.Ref)}>`;
  if ('Fn::GetAtt' in v) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  if ('Fn::Join' in v) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(separator);
  }
  if ('Fn::Sub' in v) return flatten(Array.isArray(v['Fn::Sub']) ? (v['Fn::Sub'] as unknown[])[0] : v['Fn::Sub']);
  throw new Error(`cannot flatten ${JSON.stringify(value)}`);
};

/** Lookups over the resources a file synthesised in its beforeAll. */
export const over = (resources: () => Record<string, Resource>) => {
  const ofType = (type: string): [string, Resource][] => Object.entries(resources()).filter(([, r]) => r.Type === type);
  /** Logical id of the handler function built for `name` (found by its description, from the function table). */
  const functionId = (name: FunctionName): string =>
    only(
      ofType('AWS::Lambda::Function').filter(([, r]) => r.Properties.Description === functionSpecs[name].description),
      `one function described as ${name}'s spec`,
    )[0];
  return { ofType, functionId };
};
