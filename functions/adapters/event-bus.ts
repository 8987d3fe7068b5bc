// Publishes domain events on the province's EventBridge bus (locally the stack's bus endpoint), and
// counts the business metrics each stands for once the bus has it.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { eventContracts, eventSource, type DetailType, type EventDetail } from '#events/contracts.ts';
import { businessMetricsOf } from '#core/business-metrics.ts';
import { TransientError } from '#core/errors.ts';
import { config } from './config.ts';
import { recordMetrics } from './metrics.ts';
import { traced } from './tracer.ts';

const client = traced(new EventBridgeClient({}));

/** Validates the detail against its contract, then publishes; a rejected entry throws (retried by the caller). */
export const publish = async <T extends DetailType>(detailType: T, detail: EventDetail<T>): Promise<void> => {
  const valid = eventContracts[detailType].parse(detail);
  const { FailedEntryCount = 0, Entries = [] } = await client.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: config().EVENT_BUS_NAME,
          Source: eventSource(config().PROVINCE),
          DetailType: detailType,
          Detail: JSON.stringify(valid),
          Resources: [],
        },
      ],
    }),
  );
  if (FailedEntryCount > 0) {
    throw new TransientError(`event ${detailType} was not accepted: ${Entries[0]?.ErrorCode ?? 'unknown'} ${Entries[0]?.ErrorMessage ?? ''}`);
  }
  recordMetrics(businessMetricsOf(detailType, valid as EventDetail<T>));
};
