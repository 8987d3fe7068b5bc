// China Post's open platform (中国邮政 API 开放平台) as a Courier: one form POST per call, the payload
// sealed with the contract's sign key (core/ems-envelope.ts), the reply's retCode checked.
// Failures are named for the workflow's Retry and Catch: TransientError (network, timeout, 5xx,
// an unreadable answer) is retried; CourierRejected (a retCode other than 00000) is not.
import { CourierRejected, type Courier } from './courier.ts';
import type { CourierOrder, PostalAddress } from '#core/courier-order.ts';
import { EMS_OK, emsApi, emsTimestamp, replyBody, replySchema, requestForm, trackingEventSchema, type EmsCredentials, type TrackingEvent } from '#core/ems-envelope.ts';
import { TransientError } from '#core/errors.ts';
import * as z from 'zod';

export interface EmsClientOptions {
  readonly endpoint: string;
  readonly credentials: EmsCredentials;
  /** Per call. @default 5000 */
  readonly timeoutMs?: number;
  /** @default the system clock */
  readonly now?: () => Date;
}

const createdSchema = z.object({ waybillNo: z.string().min(1) });
const labelSchema = z.object({ url: z.string().optional(), pdfBase64: z.string().optional() }).refine((l) => l.url !== undefined || l.pdfBase64 !== undefined, 'a label URL or PDF');
const tracesSchema = z.union([z.object({ responseItems: z.array(trackingEventSchema) }), z.array(trackingEventSchema)]);

const party = (a: PostalAddress) => ({ name: a.name, mobile: a.mobile, prov: a.prov, city: a.city, county: a.county, address: a.address });

export const emsClient = (options: EmsClientOptions): Courier => {
  const now = options.now ?? (() => new Date());
  const call = async (apiCode: string, payload: unknown): Promise<unknown> => {
    const body = requestForm({ apiCode, payload, credentials: options.credentials, at: now() });
    let res: Response;
    try {
      res = await fetch(options.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
    } catch (error) {
      throw new TransientError(`EMS ${apiCode} unreachable: ${error instanceof Error ? error.message : String(error)}`);
    }
    const text = await res.text();
    if (res.status >= 500 || res.status === 429 || res.status === 408) throw new TransientError(`EMS ${apiCode} answered HTTP ${res.status}`);
    let reply;
    try {
      reply = replySchema.parse(JSON.parse(text));
    } catch {
      throw new TransientError(`EMS ${apiCode} answered HTTP ${res.status} without a readable reply`);
    }
    if (reply.retCode !== EMS_OK) throw new CourierRejected(apiCode, reply.retCode, reply.retMsg ?? '');
    return replyBody(reply);
  };
  const parse = <S extends z.ZodType>(apiCode: string, schema: S, value: unknown): z.infer<S> => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new CourierRejected(apiCode, 'unreadable-retBody', z.prettifyError(parsed.error));
    return parsed.data;
  };

  return {
    createOrder: async (order: CourierOrder) => {
      const body = await call(emsApi.createOrder, {
        logisticsOrderNo: order.orderNo,
        createdTime: emsTimestamp(now()),
        senderNo: options.credentials.senderNo,
        sender: party(order.sender),
        receiver: party(order.receiver),
        cargos: [{ cargoName: order.cargo.name, cargoQuantity: order.cargo.quantity }],
      });
      return { waybillNo: parse(emsApi.createOrder, createdSchema, body).waybillNo };
    },
    label: async (waybillNo) => {
      const label = parse(emsApi.label, labelSchema, await call(emsApi.label, { waybillNo, type: '129', getURL: '1' }));
      return { ...(label.url ? { url: label.url } : {}), ...(label.pdfBase64 ? { pdfBase64: label.pdfBase64 } : {}) };
    },
    track: async (waybillNo): Promise<readonly TrackingEvent[]> => {
      const traces = parse(emsApi.trackingQuery, tracesSchema, await call(emsApi.trackingQuery, { waybillNo }));
      return Array.isArray(traces) ? traces : traces.responseItems;
    },
  };
};
