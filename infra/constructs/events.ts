// The province's EventBridge bus: every domain event (events/contracts.ts) is published here, so
// a province can route case events to its own systems without touching the platform.
import { Duration, Stack } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

export interface CaseEventsProps {
  /** GB/T 2260 code of the province; names the bus. */
  readonly provinceCode: string;
  /**
   * How long published events stay replayable. An archive costs storage only, and lets a new
   * subscriber or a repaired one catch up by replay.
   * @default Duration.days(365)
   */
  readonly archiveRetention?: Duration;
}

export class CaseEvents extends Construct {
  readonly bus: EventBus;

  constructor(scope: Construct, id: string, props: CaseEventsProps) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: `no-meeting-approval-${props.provinceCode}-cases`,
      description: `不见面审批 case events of province ${props.provinceCode}`,
    });
    this.bus.archive('Archive', {
      description: `Every case event of province ${props.provinceCode}, for replay`,
      // Every event put on this bus comes from this account: the pattern matches them all.
      eventPattern: { account: [Stack.of(this).account] },
      retention: props.archiveRetention ?? Duration.days(365),
    });
  }
}
