// 行政许可法 Art. 44: a licence granted is issued and served (颁发、送达) within ten days of the
// decision; Art. 82 counts the Act's limits in working days. A result sent by EMS is served when
// the applicant signs for it: the platform records that date and warns when it falls after the limit.
import { shanghaiDate, type Calendar } from './calendar.ts';
import { addWorkingDays } from './working-days.ts';

export const DELIVERY_LIMIT_WORKING_DAYS = 10;

export interface DeliveryDeadline {
  readonly decidedAt: string;
  /** Exclusive instant: 24:00 Beijing time of the last working day. */
  readonly due: string;
  readonly lastDay: string;
}

export const deliveryDeadlineOf = (decidedAt: Date, calendar: Calendar): DeliveryDeadline => {
  const { due, lastDay } = addWorkingDays(decidedAt, DELIVERY_LIMIT_WORKING_DAYS, calendar);
  return { decidedAt: decidedAt.toISOString(), due: due.toISOString(), lastDay };
};

/** Served on time when signed for before `due`. */
export const servedLate = (deadline: Pick<DeliveryDeadline, 'due'>, signedAt: Date): boolean => signedAt.getTime() >= Date.parse(deadline.due);

export const lateDeliverySummary = (deadline: Pick<DeliveryDeadline, 'lastDay'>, signedAt: Date): string =>
  `办理结果于 ${shanghaiDate(signedAt)} 签收，超过《行政许可法》第四十四条规定的送达期限（${deadline.lastDay} 前，自决定之日起 ${DELIVERY_LIMIT_WORKING_DAYS} 个工作日）`;
