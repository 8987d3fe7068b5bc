// A parcel's tracking (快递送, issue #9): EMS op codes mapped to the platform's tracking states, how a
// parcel's status moves, and what each event means for the case (timeline action, events, the
// waiting workflow task, an exception for the service centre). Pure.
//
// Op codes follow China Post's trace code list (轨迹操作码) as the platform's contract documents it;
// a code this table does not know is recorded in the timeline as EMS named it and moves nothing.
// Check the table against the province's EMS contract documentation when going live.
import type { TrackingEvent } from './ems-envelope.ts';

/** pickup: originals from the applicant to the service centre; delivery: the result to the applicant. */
export const courierKinds = ['pickup', 'delivery'] as const;
export type CourierKind = (typeof courierKinds)[number];

export const trackingStates = ['picked-up', 'in-transit', 'out-for-delivery', 'signed', 'returned', 'refused', 'lost', 'address-problem'] as const;
export type TrackingState = (typeof trackingStates)[number];

/** A parcel before its first event is `ordered`. */
export type ParcelStatus = 'ordered' | TrackingState;

export const failureStates = ['returned', 'refused', 'lost', 'address-problem'] as const satisfies readonly TrackingState[];
export type FailureState = (typeof failureStates)[number];

const opCodes: Readonly<Record<string, TrackingState>> = {
  '203': 'picked-up', // 收寄
  '305': 'in-transit', // 离开处理中心
  '306': 'in-transit', // 到达处理中心
  '702': 'out-for-delivery', // 安排投递
  '704': 'signed', // 妥投
  '708': 'refused', // 拒收
  '711': 'returned', // 退回
  '747': 'address-problem', // 地址不详 / 无法投递
  '751': 'lost', // 丢失
};

/** The op code of each state as the platform's simulator and fake server push it, with EMS's name. */
export const opCodeOf: Readonly<Record<TrackingState, { readonly opCode: string; readonly opName: string }>> = {
  'picked-up': { opCode: '203', opName: '收寄' },
  'in-transit': { opCode: '306', opName: '到达处理中心' },
  'out-for-delivery': { opCode: '702', opName: '安排投递' },
  signed: { opCode: '704', opName: '妥投' },
  refused: { opCode: '708', opName: '拒收' },
  returned: { opCode: '711', opName: '退回' },
  'address-problem': { opCode: '747', opName: '地址不详' },
  lost: { opCode: '751', opName: '丢失' },
};

export const trackingStateOf = (opCode: string): TrackingState | undefined => opCodes[opCode];

export const stateLabels: Readonly<Record<ParcelStatus, string>> = {
  ordered: '已下单',
  'picked-up': '已收寄',
  'in-transit': '运输中',
  'out-for-delivery': '派送中',
  signed: '已签收',
  returned: '已退回',
  refused: '收件人拒收',
  lost: '邮件丢失',
  'address-problem': '地址有误，无法投递',
};

export const kindLabels: Readonly<Record<CourierKind, string>> = { pickup: '原件收取', delivery: '结果寄递' };

export const isFailure = (state: ParcelStatus): state is FailureState => (failureStates as readonly string[]).includes(state);

/**
 * A parcel whose journey is over: signed for, back with its sender, or lost. Refusal and address
 * problems are not: EMS tries again or returns the parcel, and a later event follows.
 */
export const isSettledState = (state: ParcelStatus): boolean => state === 'signed' || state === 'returned' || state === 'lost';

/** Nothing moves a parcel whose journey is over: a late or replayed event is recorded, not obeyed. */
export const nextStatus = (current: ParcelStatus, state: TrackingState | undefined): ParcelStatus =>
  state === undefined || isSettledState(current) ? current : state;

/** An event as kept on the courier record (instants as ISO strings). */
export interface TraceEntry {
  readonly opCode: string;
  readonly opName: string;
  readonly opDesc?: string;
  /** The instant EMS reports, ISO 8601. */
  readonly opTime: string;
  readonly state?: TrackingState;
}

export const traceEntryOf = (event: TrackingEvent, opTime: Date): TraceEntry => {
  const state = trackingStateOf(event.opCode);
  return {
    opCode: event.opCode,
    opName: event.opName,
    ...(event.opDesc ? { opDesc: event.opDesc } : {}),
    opTime: opTime.toISOString(),
    ...(state ? { state } : {}),
  };
};

/** The same event again (EMS pushes at least once, and a tracking query repeats what was pushed). */
export const seenBefore = (trace: readonly TraceEntry[], entry: TraceEntry): boolean =>
  trace.some((t) => t.opCode === entry.opCode && t.opTime === entry.opTime);

/** The timeline action of an event: the case events of the issue, or plain tracking. */
export type TrackingAction = 'CourierDispatched' | 'CourierDelivered' | 'CourierException' | 'CourierTracking';

export const actionOf = (state: TrackingState | undefined): TrackingAction =>
  state === 'picked-up' ? 'CourierDispatched' : state === 'signed' ? 'CourierDelivered' : state !== undefined && isFailure(state) ? 'CourierException' : 'CourierTracking';

/** One timeline line per event, in Chinese: the applicant reads it. */
export const trackingSummary = (kind: CourierKind, waybillNo: string, entry: TraceEntry): string => {
  const what =
    kind === 'pickup' && entry.state === 'signed'
      ? '原件已送达政务服务中心'
      : kind === 'pickup' && entry.state === 'picked-up'
        ? 'EMS 已上门收取原件'
        : entry.state
          ? stateLabels[entry.state]
          : entry.opName;
  return `EMS ${kindLabels[kind]}（运单号 ${waybillNo}）：${what}${entry.opDesc ? `，${entry.opDesc}` : ''}`;
};

/** What the waiting task learns when the parcel's journey ends (SendTaskSuccess output). */
export interface HandOffOutcome {
  readonly kind: CourierKind;
  /**
   * not-required: nothing to post; not-placed: no order could be placed (no address, or EMS refused
   * the order), an exception is open for the service centre; else how the journey ended.
   */
  readonly outcome: 'not-required' | 'not-placed' | 'signed' | 'returned' | 'lost';
  readonly waybillNo?: string;
}

/** What the platform knows of a parcel when an event arrives. */
export interface ParcelView {
  readonly kind: CourierKind;
  readonly waybillNo: string;
  readonly status: ParcelStatus;
  readonly trace: readonly TraceEntry[];
  readonly exceptionOpen: boolean;
}

/** How one event changes the parcel and the case. */
export interface TrackingUpdate {
  readonly entry: TraceEntry;
  readonly status: ParcelStatus;
  readonly action: TrackingAction;
  readonly summary: string;
  /** The journey ended with this event: the waiting task is answered with it. */
  readonly settled?: 'signed' | 'returned' | 'lost';
  /** A failure the service centre must handle (its exception work item opens or is updated). */
  readonly exception?: FailureState;
  /** Signed for after a failure: the open exception is closed. */
  readonly closeException: boolean;
}

/**
 * The update one event makes, or undefined when it was recorded before. Failures open an
 * exception for the service centre instead of leaving anyone waiting; only the end of the journey
 * (signed, returned, lost) answers the waiting task, so a refused or misaddressed parcel that EMS
 * tries again can still arrive.
 */
export const trackingUpdate = (parcel: ParcelView, entry: TraceEntry): TrackingUpdate | undefined => {
  if (seenBefore(parcel.trace, entry)) return undefined;
  const status = nextStatus(parcel.status, entry.state);
  // A late event for a parcel already settled is kept in the trace and the timeline, and obeyed in nothing.
  const moved = status !== parcel.status || !isSettledState(parcel.status);
  const state = moved ? entry.state : undefined;
  const settled = state !== undefined && isSettledState(state) && !isSettledState(parcel.status) ? (state as 'signed' | 'returned' | 'lost') : undefined;
  return {
    entry,
    status,
    action: actionOf(state),
    summary: trackingSummary(parcel.kind, parcel.waybillNo, entry),
    ...(settled ? { settled } : {}),
    ...(state !== undefined && isFailure(state) ? { exception: state } : {}),
    closeException: state === 'signed' && parcel.exceptionOpen,
  };
};
