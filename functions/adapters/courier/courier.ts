// What the platform needs of a courier: create an order, get its label, query its tracking. One
// implementation talks China Post's open platform (ems-client.ts); the local stack runs the same
// client against its courier simulator (infra/local/courier-simulator.ts), which speaks the same
// protocol, so what runs locally is the code that runs in AWS.
import type { CourierOrder } from '#core/courier-order.ts';
import type { TrackingEvent } from '#core/ems-envelope.ts';

export interface Courier {
  /** Creates the order, or finds the one already created under its order number: one parcel per order. */
  createOrder(order: CourierOrder): Promise<{ readonly waybillNo: string }>;
  /** The waybill label (面单) to print: a URL, or the PDF itself. */
  label(waybillNo: string): Promise<{ readonly url?: string; readonly pdfBase64?: string }>;
  /** Every tracking event so far, oldest first (the pushes' fallback). */
  track(waybillNo: string): Promise<readonly TrackingEvent[]>;
}

/** The courier answered, and said no (retCode other than 00000): not retried, the request is wrong. */
export class CourierRejected extends Error {
  override name = 'CourierRejected';
  readonly retCode: string;
  readonly apiCode: string;
  constructor(apiCode: string, retCode: string, retMsg: string) {
    super(`EMS ${apiCode} answered ${retCode}: ${retMsg}`);
    this.apiCode = apiCode;
    this.retCode = retCode;
  }
}
