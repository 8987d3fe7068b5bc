// Business metrics of a province, derived from its domain events as they are published, so no
// handler has to remember to count and the numbers agree with the event stream. Names and units
// are shared with the CloudWatch dashboard (infra/constructs/observability.ts).
import type { DetailType, EventDetail } from '#events/contracts.ts';

/** CloudWatch namespace; the dimensions are `service` (Powertools') and `Province`. */
export const METRICS_NAMESPACE = 'NoMeetingApproval';
export const METRICS_SERVICE = 'no-meeting-approval';

export const businessMetricNames = {
  submitted: 'CasesSubmitted',
  completed: 'CasesCompleted',
  refused: 'CasesRefused',
  /** 1 for a case completed by its committed deadline, 0 for a late one: the average is the on-time share. */
  onTime: 'CasesOnTime',
  decisions: 'DepartmentDecisions',
  /** Seconds from a work item's opening to its department's decision. */
  decisionLatency: 'DecisionLatency',
  yellowWarnings: 'YellowWarnings',
  redWarnings: 'RedWarnings',
} as const;

export interface BusinessMetric {
  readonly name: (typeof businessMetricNames)[keyof typeof businessMetricNames];
  readonly unit: 'Count' | 'Seconds';
  readonly value: number;
}

const count = (name: BusinessMetric['name']): BusinessMetric => ({ name, unit: 'Count', value: 1 });

/** The metrics one published event stands for (none for most events). */
export const businessMetricsOf = <T extends DetailType>(type: T, detail: EventDetail<T>): BusinessMetric[] => {
  switch (type) {
    case 'CaseSubmitted':
      return [count(businessMetricNames.submitted)];
    case 'CaseCompleted': {
      const { onTime } = detail as EventDetail<'CaseCompleted'>;
      return [
        count(businessMetricNames.completed),
        ...(onTime === undefined ? [] : [{ name: businessMetricNames.onTime, unit: 'Count' as const, value: onTime ? 1 : 0 }]),
      ];
    }
    case 'CaseRefused':
      return [count(businessMetricNames.refused)];
    case 'DepartmentDecided': {
      const { at, openedAt } = detail as EventDetail<'DepartmentDecided'>;
      const seconds = openedAt === undefined ? undefined : (Date.parse(at) - Date.parse(openedAt)) / 1000;
      return [
        count(businessMetricNames.decisions),
        ...(seconds === undefined || seconds < 0 ? [] : [{ name: businessMetricNames.decisionLatency, unit: 'Seconds' as const, value: seconds }]),
      ];
    }
    case 'DeadlineWarning':
      return [count((detail as EventDetail<'DeadlineWarning'>).level === 'red' ? businessMetricNames.redWarnings : businessMetricNames.yellowWarnings)];
    default:
      return [];
  }
};
