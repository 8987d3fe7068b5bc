// Checks a published event against the contracts: the test suites run every event the shared
// stack published through this and fail on an unknown detail type or an invalid detail.
import { eventContracts, type DetailType } from './contracts.ts';

export interface PublishedEventLike {
  readonly 'detail-type': string;
  readonly source: string;
  readonly detail: unknown;
}

const isDetailType = (type: string): type is DetailType => Object.hasOwn(eventContracts, type);

/** Why `event` breaks the contracts, or undefined when it keeps them. */
export const contractViolation = (event: PublishedEventLike): string | undefined => {
  const type = event['detail-type'];
  if (!isDetailType(type)) return `unknown detail type ${type} (from ${event.source})`;
  const result = eventContracts[type].safeParse(event.detail);
  return result.success ? undefined : `${type}: ${result.error.issues.map((i) => `${i.path.join('.') || '(detail)'} ${i.message}`).join('; ')}`;
};
