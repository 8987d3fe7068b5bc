// 电子监察 in the province stack (issue #7): the sweep's schedule and its role, its failure alarm,
// the supervisor notification's trigger, and no deployed function with a movable clock.
// (The generic checks of test/infra/province-stack.test.ts cover these functions too: one function
// per spec, least privilege per `access`, dead-letter queues of triggered handlers, routes, cdk-nag.)
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProvinceApp } from '../../infra/app.ts';
import { functionSpecs } from '../../infra/functions.ts';
import { cdkJsonContext, flatten, only, over, type Json, type Resource } from './template.ts';


let resources: Record<string, Resource>;
const { ofType, functionId } = over(() => resources);
beforeAll(() => {
  const app = new App({ context: { ...cdkJsonContext, province: '99', oidcIssuer: 'https://issuer.test/realms/province-99' } });
  const stack = buildProvinceApp(app, { checks: false });
  resources = (Template.fromStack(stack).toJSON() as { Resources: Record<string, Resource> }).Resources;
}, 120_000);



describe('the supervision sweep on a schedule', () => {
  // The sweep's own schedule, picked by its target: other handlers have schedules too (checkpointOpenCases).
  const schedule = (): Resource =>
    only(
      ofType('AWS::Scheduler::Schedule').filter(([, r]) => flatten((r.Properties.Target as Json).Arn) === `<${functionId('superviseDeadlines')}.Arn>`),
      'one sweep schedule',
    )[1];

  it('invokes superviseDeadlines every 15 minutes through EventBridge Scheduler, retrying the hand-over (issue #19)', () => {
    const { Properties } = schedule();
    expect(functionSpecs.superviseDeadlines.schedule).toEqual({ everyMinutes: 15 });
    expect(Properties.ScheduleExpression).toBe('rate(15 minutes)');
    expect(Properties.State ?? 'ENABLED').toBe('ENABLED');
    expect(Properties.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    const target = Properties.Target as Json;
    expect(flatten(target.Arn)).toBe(`<${functionId('superviseDeadlines')}.Arn>`);
    expect(target.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 3 });
    expect(flatten((target.DeadLetterConfig as Json).Arn)).toMatch(/^<HandlersSuperviseDeadlinesScheduleDeadLetters\w+\.Arn>$/);
  });

  it('uses a role only Scheduler of this account can assume, which may invoke the sweep and dead-letter to its queue, nothing else', () => {
    const roleId = flatten((schedule().Properties.Target as Json).RoleArn).replace(/^<|\.Arn>$/g, '');
    const role = (resources[roleId] as Resource).Properties;
    const trust = only((role.AssumeRolePolicyDocument as { Statement: Json[] }).Statement, 'one trust statement');
    expect(trust).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'scheduler.amazonaws.com' } });
    expect(flatten(((trust.Condition as Json).StringEquals as Json)['aws:SourceAccount'])).toBe('<AWS::AccountId>');
    const statements = ofType('AWS::IAM::Policy')
      .filter(([, r]) => (r.Properties.Roles as unknown[]).some((ref) => flatten(ref) === `<${roleId}>`))
      .flatMap(([, r]) => (r.Properties.PolicyDocument as { Statement: Json[] }).Statement);
    expect([...new Set(statements.flatMap((s) => [s.Action].flat()))].sort()).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
    const fn = functionId('superviseDeadlines');
    const dlq = flatten(((schedule().Properties.Target as Json).DeadLetterConfig as Json).Arn);
    expect(statements.flatMap((s) => [s.Resource].flat().map(flatten)).sort()).toEqual([`<${fn}.Arn>`, `<${fn}.Arn>:*`, dlq].sort());
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
