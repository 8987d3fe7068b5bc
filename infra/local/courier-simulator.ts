// The local stack's simulated courier (issue #9): a China Post open platform on loopback. It speaks
// the protocol the EMS client speaks (core/ems-envelope.ts: sealed form POSTs, retCode replies),
// accepts orders (020003), serves labels (010004) and tracking queries (040001), and moves every
// parcel through the tracking states on the stack's clock (CLOCK_OFFSET_MS: moving the clock with
// POST /_clock moves parcels too), pushing each event to the platform's tracking webhook exactly as
// EMS pushes 040002: sealed with the contract's key, retried until answered 00000.
//
// Controls (served on the department simulator's port with the other controls, loopback only):
//   GET  /_courier/orders?caseNo=&waybillNo=   orders, their plan and every push with its answer
//   POST /_courier/fail { outcome, orderNo? | waybillNo? | caseNo? | applicationId? | next?, kind? }
//        the parcel ends in `outcome` (returned, refused, lost, address-problem) instead of being
//        signed for: an order already placed changes course from its next event; otherwise the rule
//        waits for the next matching order. applicationId lets a test script a case before submitting.
//   POST /_courier/advance { waybillNo? | orderNo? | caseNo?, all? }
//        pushes the next event of the matching orders now (all: every remaining one).
// Never deployed: the stack in AWS talks to China Post.
import { randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import * as z from 'zod';
import { parseOrderNo } from '../../functions/core/courier-order.ts';
import { failureStates, opCodeOf, type CourierKind, type TrackingState } from '../../functions/core/courier-tracking.ts';
import {
  EMS_OK,
  emsApi,
  emsTimestamp,
  requestFormSchema,
  sealJson,
  unsealJson,
  type EmsCredentials,
} from '../../functions/core/ems-envelope.ts';
import type { ControlHandler } from './department-simulator.ts';
import { listenOn, readBody, send } from './simulator-http.ts';

export interface CourierSimulatorOptions {
  /** @default 0 (any free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** The contract the platform holds: requests must carry it, pushes are sealed with its key. */
  readonly contract: EmsCredentials;
  /** The platform's tracking webhook; undefined until the gateway runs (pushes wait meanwhile). */
  readonly webhookUrl: () => string | undefined;
  /**
   * Time between a parcel's events, on the stack's clock; 0: parcels move only by /_courier/advance.
   * @default 25 (fast: tests never wait long for a parcel)
   */
  readonly stepMs?: number;
  /** The stack's clock. @default the system clock */
  readonly now?: () => Date;
  /** Finds the application a case was submitted from (fail rules by applicationId). */
  readonly applicationOf?: (caseNo: string) => Promise<string | undefined>;
  readonly log?: (line: string) => void;
}

export interface SimulatedPush {
  readonly state: TrackingState;
  readonly opCode: string;
  readonly opTime: string;
  readonly tries: number;
  /** The platform's answer code (00000 = recorded), or the HTTP failure. */
  readonly answered: string;
}

export interface SimulatedOrder {
  readonly orderNo: string;
  readonly waybillNo: string;
  readonly caseNo?: string;
  readonly kind?: CourierKind;
  readonly createdAt: string;
  readonly sender: Record<string, string>;
  readonly receiver: Record<string, string>;
  /** The states the parcel goes through, in order. */
  plan: TrackingState[];
  /** How many of them were pushed and recorded. */
  sent: number;
  readonly pushes: SimulatedPush[];
}

export interface CourierSimulator {
  readonly url: string;
  /** The open platform's URL, as the contract's `endpoint`. */
  readonly endpoint: string;
  readonly controls: Readonly<Record<string, ControlHandler>>;
  readonly orders: readonly SimulatedOrder[];
  stop(): Promise<void>;
}

const API_PATH = '/amp-prod-api/f/amp/api/open';
const MAX_BODY = 256 * 1024;
const MAX_TRIES = 40;

const normalPlan: TrackingState[] = ['picked-up', 'in-transit', 'out-for-delivery', 'signed'];
const failurePlan = (outcome: FailureOutcome): TrackingState[] =>
  outcome === 'lost' || outcome === 'address-problem' ? ['picked-up', 'in-transit', outcome] : ['picked-up', 'in-transit', 'out-for-delivery', outcome];

type FailureOutcome = (typeof failureStates)[number];

const opDescOf = (state: TrackingState, kind: CourierKind | undefined): string =>
  ({
    'picked-up': '揽投员已收寄',
    'in-transit': '邮件到达【示范市邮件处理中心】',
    'out-for-delivery': '投递员正在派送',
    signed: kind === 'pickup' ? '政务服务中心收件人签收' : '本人签收',
    refused: '收件人拒收',
    returned: '邮件退回寄件人',
    lost: '邮件丢失，已启动查询',
    'address-problem': '收件地址不详，无法投递',
  })[state];

const selector = {
  orderNo: z.string().min(1).max(64).optional(),
  waybillNo: z.string().min(1).max(20).optional(),
  caseNo: z.string().min(1).max(64).optional(),
};

const failBody = z
  .strictObject({
    outcome: z.enum(failureStates),
    ...selector,
    applicationId: z.string().min(1).max(64).optional(),
    kind: z.enum(['pickup', 'delivery']).optional(),
    next: z.literal(true).optional(),
  })
  .refine((b) => [b.orderNo, b.waybillNo, b.caseNo, b.applicationId, b.next].some((v) => v !== undefined), 'name the order: orderNo, waybillNo, caseNo, applicationId or next');

const advanceBody = z.strictObject({ ...selector, all: z.boolean().default(false) }).default({ all: false });

type FailRule = z.infer<typeof failBody>;


const partySchema = z.object({
  name: z.string().min(1),
  mobile: z.string().min(1),
  prov: z.string().min(1),
  city: z.string().min(1),
  county: z.string().min(1),
  address: z.string().min(1),
});

const createOrderSchema = z.object({
  logisticsOrderNo: z.string().min(1).max(64),
  sender: partySchema,
  receiver: partySchema,
  cargos: z.array(z.object({ cargoName: z.string().min(1) })).min(1),
});

const waybillSchema = z.object({ waybillNo: z.string().min(1) });

// A minimal PDF: the label the service centre would print.
const labelPdf = (waybillNo: string): Buffer => Buffer.from(`%PDF-1.4\n% EMS label ${waybillNo}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);

export const startCourierSimulator = async (options: CourierSimulatorOptions): Promise<CourierSimulator> => {
  const { contract } = options;
  const now = options.now ?? (() => new Date());
  const stepMs = options.stepMs ?? 25;
  const orders: SimulatedOrder[] = [];
  const rules: FailRule[] = [];
  /**
   * Per order: when its next event happens (stack-clock ms; a clock moved past several events
   * replays them in order, each at its own time), a failed push's retry (real time, as EMS retries),
   * and whether a push is in flight.
   */
  const schedule = new Map<SimulatedOrder, { dueAt: number; retryAt: number; busy: boolean; tries: number }>();

  const matches = async (rule: FailRule, order: SimulatedOrder): Promise<boolean> => {
    if (rule.kind !== undefined && rule.kind !== order.kind) return false;
    if (rule.next) return true;
    if (rule.orderNo !== undefined) return rule.orderNo === order.orderNo;
    if (rule.waybillNo !== undefined) return rule.waybillNo === order.waybillNo;
    if (rule.caseNo !== undefined) return rule.caseNo === order.caseNo;
    if (rule.applicationId !== undefined && order.caseNo && options.applicationOf) return (await options.applicationOf(order.caseNo)) === rule.applicationId;
    return false;
  };

  /** The parcel ends in `outcome` from its next event on; false when its journey is over. */
  const redirect = (order: SimulatedOrder, outcome: FailureOutcome): boolean => {
    if (order.sent >= order.plan.length) return false;
    const plan = failurePlan(outcome);
    // Keep what was pushed; the rest follows the failure's plan (at least the failure itself).
    order.plan = [...order.plan.slice(0, order.sent), ...plan.slice(Math.min(order.sent, plan.length - 1))];
    return true;
  };

  const createOrder = async (payload: z.infer<typeof createOrderSchema>): Promise<SimulatedOrder> => {
    const existing = orders.find((o) => o.orderNo === payload.logisticsOrderNo);
    if (existing) return existing;
    const ours = parseOrderNo(payload.logisticsOrderNo);
    const order: SimulatedOrder = {
      orderNo: payload.logisticsOrderNo,
      waybillNo: `1${String(randomInt(0, 1e12)).padStart(12, '0')}`,
      ...(ours ? { caseNo: ours.caseNo, kind: ours.kind } : {}),
      createdAt: now().toISOString(),
      sender: payload.sender,
      receiver: payload.receiver,
      plan: [...normalPlan],
      sent: 0,
      pushes: [],
    };
    orders.push(order);
    for (const [i, rule] of rules.entries()) {
      if (await matches(rule, order)) {
        redirect(order, rule.outcome);
        rules.splice(i, 1);
        break;
      }
    }
    schedule.set(order, { dueAt: now().getTime() + stepMs, retryAt: 0, busy: false, tries: 0 });
    options.log?.(`EMS simulator: order ${order.orderNo} → waybill ${order.waybillNo} (${order.plan.join(' → ')})`);
    return order;
  };

  /** Pushes the order's next event; true when the platform recorded it. */
  const pushNext = async (order: SimulatedOrder): Promise<boolean> => {
    const slot = schedule.get(order);
    const state = order.plan[order.sent];
    const webhook = options.webhookUrl();
    if (!slot || slot.busy || state === undefined || webhook === undefined) return false;
    slot.busy = true;
    slot.tries += 1;
    const at = now();
    // The event happened when it was due (now, when advanced by hand or ahead of time); a retry repeats it.
    const happened = slot.tries > 1 ? new Date(slot.dueAt) : stepMs > 0 ? new Date(Math.min(slot.dueAt, at.getTime())) : at;
    const { opCode, opName } = opCodeOf[state];
    const opTime = emsTimestamp(happened);
    let answered: string;
    try {
      const res = await fetch(webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          logitcsInterface: sealJson(
            { waybillNo: order.waybillNo, orderNo: order.orderNo, opCode, opName, opDesc: opDescOf(state, order.kind), opTime, opOrgName: '示范市邮件处理中心' },
            contract.signKey,
          ),
          method: emsApi.trackingPush,
          msgType: '0',
          senderNo: contract.senderNo,
          serialNo: randomBytes(16).toString('hex').toUpperCase(),
          timeStamp: emsTimestamp(at),
          version: 'V1.0.0',
        }),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await res.text();
      answered = res.ok ? ((JSON.parse(text) as { code?: string }).code ?? 'no code') : `HTTP ${res.status}`;
    } catch (error) {
      answered = error instanceof Error ? error.name : 'error';
    }
    const recorded = answered === EMS_OK;
    order.pushes.push({ state, opCode, opTime, tries: slot.tries, answered });
    if (recorded) {
      order.sent += 1;
      slot.tries = 0;
      slot.dueAt = happened.getTime() + stepMs;
    } else {
      // As EMS does: push the same event again later, backing off.
      slot.dueAt = happened.getTime();
      slot.retryAt = Date.now() + Math.min(2000, 20 * 2 ** Math.min(slot.tries, 7));
      if (slot.tries >= MAX_TRIES) {
        options.log?.(`EMS simulator: gave up pushing ${state} of ${order.waybillNo} after ${slot.tries} tries (last answer ${answered})`);
        order.plan = order.plan.slice(0, order.sent);
      }
    }
    slot.busy = false;
    return recorded;
  };

  // A failed push is retried whatever the step time; parcels move on their own only with one.
  const isDue = (order: SimulatedOrder): boolean => {
    const slot = schedule.get(order);
    if (!slot || slot.busy || order.sent >= order.plan.length) return false;
    return slot.tries > 0 ? Date.now() >= slot.retryAt : stepMs > 0 && now().getTime() >= slot.dueAt;
  };
  /** Pushes every event of the order that is due by now, in order (a moved clock may have made several due). */
  const drain = async (order: SimulatedOrder): Promise<void> => {
    while (isDue(order) && (await pushNext(order)));
  };
  const tick = (): void => {
    for (const order of schedule.keys()) {
      if (isDue(order)) void drain(order).catch((error: unknown) => console.error('courier simulator:', error));
    }
  };
  const timer = setInterval(tick, stepMs > 0 ? Math.min(1000, Math.max(5, Math.floor(stepMs / 2))) : 200);
  timer.unref();

  const answer = (res: ServerResponse, retCode: string, retMsg: string, retBody?: unknown) =>
    send(res, 200, { retCode, retMsg, ...(retBody === undefined ? {} : { retBody: JSON.stringify(retBody) }), serialNo: randomBytes(8).toString('hex') });

  const api = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const text = await readBody(req, MAX_BODY);
    if (text === undefined) return answer(res, 'B00000', 'the body is too large');
    const form = requestFormSchema.safeParse(Object.fromEntries(new URLSearchParams(text)));
    if (!form.success) return answer(res, 'B00001', z.prettifyError(form.error));
    if (form.data.senderNo !== contract.senderNo || form.data.authorization !== contract.authorization) return answer(res, 'B00002', 'authorization failed');
    const open = <S extends z.ZodType>(schema: S): z.infer<S> => unsealJson(form.data.logitcsInterface, contract.signKey, schema);
    try {
      switch (form.data.apiCode) {
        case emsApi.createOrder: {
          const order = await createOrder(open(createOrderSchema));
          return answer(res, EMS_OK, '成功', { waybillNo: order.waybillNo, logisticsOrderNo: order.orderNo });
        }
        case emsApi.label: {
          const { waybillNo } = open(waybillSchema);
          if (!orders.some((o) => o.waybillNo === waybillNo)) return answer(res, 'B00031', 'unknown waybill');
          return answer(res, EMS_OK, '成功', { url: `${url}/labels/${waybillNo}.pdf` });
        }
        case emsApi.trackingQuery: {
          const { waybillNo } = open(waybillSchema);
          const order = orders.find((o) => o.waybillNo === waybillNo);
          if (!order) return answer(res, 'B00031', 'unknown waybill');
          const recorded = order.plan.slice(0, order.sent).map((state) => order.pushes.findLast((p) => p.state === state && p.answered === EMS_OK) ?? order.pushes.findLast((p) => p.state === state));
          return answer(res, EMS_OK, '成功', {
            responseItems: recorded.flatMap((p) =>
              p ? [{ waybillNo, opCode: p.opCode, opName: opCodeOf[p.state].opName, opDesc: opDescOf(p.state, order.kind), opTime: p.opTime }] : [],
            ),
          });
        }
        default:
          return answer(res, 'B00020', `apiCode ${form.data.apiCode} is not simulated`);
      }
    } catch (error) {
      return answer(res, 'B00004', error instanceof Error ? error.message : 'the payload cannot be read');
    }
  };

  const byQuery = (o: SimulatedOrder, q: { orderNo?: string | null | undefined; waybillNo?: string | null | undefined; caseNo?: string | null | undefined }) =>
    (q.orderNo == null || o.orderNo === q.orderNo) && (q.waybillNo == null || o.waybillNo === q.waybillNo) && (q.caseNo == null || o.caseNo === q.caseNo);

  const invalid = (error: z.ZodError) => ({ status: 400, body: { error: z.prettifyError(error) } });

  const controls: Record<string, ControlHandler> = {
    'GET /_courier/orders': ({ query }) =>
      Promise.resolve({
        status: 200,
        body: { orders: orders.filter((o) => byQuery(o, { orderNo: query.get('orderNo'), waybillNo: query.get('waybillNo'), caseNo: query.get('caseNo') })) },
      }),
    'POST /_courier/fail': ({ body }) => {
      const parsed = failBody.safeParse(body);
      if (!parsed.success) return Promise.resolve(invalid(parsed.error));
      const rule = parsed.data;
      if (!rule.next && rule.applicationId === undefined) {
        const placed = orders.filter((o) => byQuery(o, rule) && (rule.kind === undefined || o.kind === rule.kind));
        if (placed.length > 0) {
          const changed = placed.filter((o) => redirect(o, rule.outcome));
          return Promise.resolve(changed.length > 0 ? { status: 200, body: { orders: changed } } : { status: 409, body: { error: 'the parcel has finished its journey' } });
        }
      }
      rules.push(rule);
      return Promise.resolve({ status: 201, body: { rule } });
    },
    'POST /_courier/advance': async ({ body }) => {
      const parsed = advanceBody.safeParse(body);
      if (!parsed.success) return invalid(parsed.error);
      const chosen = orders.filter((o) => byQuery(o, parsed.data) && o.sent < o.plan.length);
      for (const order of chosen) {
        do {
          if (!(await pushNext(order))) break;
        } while (parsed.data.all && order.sent < order.plan.length);
      }
      return { status: 200, body: { orders: chosen } };
    },
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://simulator').pathname;
    const label = /^\/labels\/(\d+)\.pdf$/.exec(path);
    const handled =
      req.method === 'POST' && path === API_PATH
        ? api(req, res)
        : req.method === 'GET' && label
          ? Promise.resolve(res.writeHead(200, { 'content-type': 'application/pdf' }).end(labelPdf(label[1] as string)))
          : Promise.resolve(send(res, 404, { error: 'not an EMS open-platform path' }));
    handled.catch((error: unknown) => {
      console.error('courier simulator:', error);
      if (!res.headersSent) send(res, 500, { error: 'simulator error' });
    });
  });
  const { url } = await listenOn(server, options.port, options.host);

  return {
    url,
    endpoint: `${url}${API_PATH}`,
    controls,
    get orders() {
      return orders;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        clearInterval(timer);
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
};
