import { describe, expect, it } from 'vitest';
import { businessMetricNames, businessMetricsOf } from '../../../functions/core/business-metrics.ts';

const base = { caseNo: '99-20261204-ABCDEFGHJK', province: '99', at: '2026-12-04T10:00:00.000Z' };

describe('business metrics from domain events', () => {
  it('counts a submitted case', () => {
    expect(businessMetricsOf('CaseSubmitted', { ...base, itemCode: 'DEMO-001', applicationId: 'a' })).toEqual([
      { name: businessMetricNames.submitted, unit: 'Count', value: 1 },
    ]);
  });

  it('counts a completed case and whether it met its committed deadline', () => {
    expect(businessMetricsOf('CaseCompleted', { ...base, licenceId: 'L', onTime: false })).toEqual([
      { name: businessMetricNames.completed, unit: 'Count', value: 1 },
      { name: businessMetricNames.onTime, unit: 'Count', value: 0 },
    ]);
    expect(businessMetricsOf('CaseCompleted', { ...base, licenceId: 'L' }).map((m) => m.name)).toEqual([businessMetricNames.completed]);
  });

  it('measures a decision from its work item’s opening, in seconds', () => {
    const decided = { ...base, workItemId: 'w', department: 'SCJGJ', decision: 'approve' as const, openedAt: '2026-12-04T09:58:30.000Z' };
    expect(businessMetricsOf('DepartmentDecided', decided)).toContainEqual({ name: businessMetricNames.decisionLatency, unit: 'Seconds', value: 90 });
  });

  it('tells red warnings from yellow ones', () => {
    const warning = { ...base, subject: 'case' as const, department: 'SCJGJ', itemCode: 'DEMO-001', due: base.at, dueLastDay: '2026-12-04', remainingDays: -1 };
    expect(businessMetricsOf('DeadlineWarning', { ...warning, level: 'red' })[0]?.name).toBe(businessMetricNames.redWarnings);
    expect(businessMetricsOf('DeadlineWarning', { ...warning, level: 'yellow', remainingDays: 1 })[0]?.name).toBe(businessMetricNames.yellowWarnings);
  });

  it('counts nothing for events that are not business measures', () => {
    expect(businessMetricsOf('WorkItemOpened', { ...base, workItemId: 'w', department: 'SCJGJ' })).toEqual([]);
  });
});
