// 电子监察 in the province stack (issue #7): the sweep's schedule and its role, its failure alarm,
// the supervisor notification's trigger, and no deployed function with a movable clock.
// (The generic checks of test/infra/province-stack.test.ts cover these functions too: one function
// per spec, least privilege per `access`, dead-letter queues of triggered handlers, routes, cdk-nag.)
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProvinceApp } from '../../infra/app.ts';
import { functionSpecs, type FunctionName } from '../../infra/functions.ts';

type Json = Record<string, unknown>;
interface Resource {
  readonly Type: string;
  readonly Properties: Json;
}

const cdkJsonContext = (JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Json }).context;

let resources: Record<string, Resource>;
beforeAll(() => {
  const app = new App({ context: { ...cdkJsonContext, province: '99', oidcIssuer: 'https://issuer.test/realms/province-99' } });
  const stack = buildProvinceApp(app, { checks: false });
  resources = (Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource> }).Resources;
}, 120_000);

const ofType = (type: string): [string, Resource][] => Object.entries(resources).filter(([, r]) => r.Type === type);

const only = <T>(items: readonly T[], what: string): T => {
  expect(items, what).toHaveLength(1);
  return items[0] as T;
};

/** A CloudFormation value as text: references become `<Id>` / `<Id.Attr>`, joins are joined. */
const flatten = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(flatten).join(',');
  const v = value as Json;
  if ('Ref' in v) return `<${String(v.Ref)}>`;
  if ('Fn::GetAtt' in v) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  if ('Fn::Join' in v) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(separator);
  }
  throw new Error(`cannot flatten ${JSON.stringify(value)}`);
};

const functionId = (name: FunctionName): string =>
  only(
    ofType('AWS::Lambda::Function').filter(([, r]) => r.Properties.Description === functionSpecs[name].description),
    `one function for ${name}`,
  )[0];

describe('the supervision sweep on a schedule', () => {
  const schedule = (): Resource => only(ofType('AWS::Scheduler::Schedule'), 'one schedule')[1];

  it('invokes superviseDeadlines every 15 minutes through EventBridge Scheduler, without retries', () => {
    const { Properties } = schedule();
    expect(functionSpecs.superviseDeadlines.schedule).toEqual({ everyMinutes: 15 });
    expect(Properties.ScheduleExpression).toBe('rate(15 minutes)');
    expect(Properties.State ?? 'ENABLED').toBe('ENABLED');
    expect(Properties.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    const target = Properties.Target as Json;
    expect(flatten(target.Arn)).toBe(`<${functionId('superviseDeadlines')}.Arn>`);
    expect(target.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 0 });
  });

  it('uses a role only Scheduler of this account can assume, which may invoke the sweep and nothing else', () => {
    const roleId = flatten((schedule().Properties.Target as Json).RoleArn).replace(/^<|\.Arn>$/g, '');
    const role = (resources[roleId] as Resource).Properties;
    const trust = only((role.AssumeRolePolicyDocument as { Statement: Json[] }).Statement, 'one trust statement');
    expect(trust).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'scheduler.amazonaws.com' } });
    expect(flatten(((trust.Condition as Json).StringEquals as Json)['aws:SourceAccount'])).toBe('<AWS::AccountId>');
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, r]) => (r.Properties.Roles as unknown[]).some((ref) => flatten(ref) === `<${roleId}>`))
      .flatMap(([, r]) => (r.Properties.PolicyDocument as { Statement: Json[] }).Statement);
    expect([...new Set(statements.flatMap((s) => [s.Action].flat()))]).toEqual(['lambda:InvokeFunction']);
    const fn = functionId('superviseDeadlines');
    expect(statements.flatMap((s) => [s.Resource].flat().map(flatten)).sort()).toEqual([`<${fn}.Arn>`, `<${fn}.Arn>:*`]);
  });

  it('is not re-run by Lambda when a run fails, and a failed run raises an alarm', () => {
    const fn = functionId('superviseDeadlines');
    const invokeConfig = only(
      ofType('AWS::Lambda::EventInvokeConfig').filter(([, r]) => flatten(r.Properties.FunctionName) === `<${fn}>`),
      'one async invoke config',
    )[1];
    expect(invokeConfig.Properties.MaximumRetryAttempts).toBe(0);
    const alarm = only(
      ofType('AWS::CloudWatch::Alarm').filter(([, r]) => r.Properties.MetricName === 'Errors' && JSON.stringify(r.Properties.Dimensions).includes(fn)),
      'one errors alarm on the sweep',
    )[1];
    expect(alarm.Properties).toMatchObject({ Namespace: 'AWS/Lambda', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
  });
});

describe('supervisor notifications', () => {
  it('are sent by notifySupervisor on every DeadlineWarning of the province bus', () => {
    const fn = functionId('notifySupervisor');
    const rule = only(
      ofType('AWS::Events::Rule').filter(([, r]) => (r.Properties.Targets as Json[]).some((t) => flatten(t.Arn) === `<${fn}.Arn>`)),
      'one rule targeting notifySupervisor',
    )[1];
    expect(rule.Properties.EventPattern).toEqual({ source: ['no-meeting-approval.99'], 'detail-type': ['DeadlineWarning'] });
  });
});

describe('time in the deployed stack', () => {
  it('is real time for every function: none has CLOCK_OFFSET_MS', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThanOrEqual(Object.keys(functionSpecs).length);
    for (const [id, fn] of functions) {
      const variables = (fn.Properties.Environment as { Variables?: Json } | undefined)?.Variables ?? {};
      expect(Object.keys(variables), id).not.toContain('CLOCK_OFFSET_MS');
    }
  });
});
