// The local EventBridge: PutEvents over the AWS JSON 1.1 protocol (what @aws-sdk/client-eventbridge
// sends, `X-Amz-Target: AWSEvents.PutEvents`) and in-process subscribers matched on source and
// detail-type. Every bus name is accepted and they all share one bus: the stack has exactly one.
// Delivery is asynchronous, as in EventBridge: a failing subscriber is logged and never fails the
// PutEvents that published the event.
// GET /_events is the live event log of `npm start` (never deployed; loopback clients only): the
// most recent events, newest last; `limit` (default 100, at most 1000), `since` (an ISO instant:
// events at or after it) and `detailType` (repeatable) narrow it.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { PutEventsRequestEntry, PutEventsResponse, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { AwsJsonError, startAwsJsonServer } from './aws-json.ts';

/** An event as EventBridge delivers it to a target. */
export interface BusEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: unknown;
}

/** A subset of EventBridge event patterns: each listed field must equal one of its values. */
export interface EventPattern {
  readonly source?: readonly string[];
  readonly detailType?: readonly string[];
}

export type EventHandler = (event: BusEvent) => Promise<void> | void;

export type PutEntriesResult = Required<Pick<PutEventsResponse, 'Entries' | 'FailedEntryCount'>>;

export interface LocalEventBusOptions {
  /** @default 0 (any free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Stamped on every event. @default 'us-east-1' */
  readonly region?: string;
  /** Stamped on every event. @default '000000000000' */
  readonly account?: string;
  /** How many recent events `published` keeps. @default 1000 */
  readonly publishedLimit?: number;
}

export interface LocalEventBus {
  readonly endpoint: string;
  readonly port: number;
  /** Calls `handler` (asynchronously) for every later event matching `pattern`; returns the unsubscribe. */
  subscribe(pattern: EventPattern, handler: EventHandler): () => void;
  /** The most recent accepted events, oldest first (bounded by publishedLimit). */
  readonly published: ReadonlyArray<BusEvent>;
  /** PutEvents in-process: the same validation, log and delivery as the HTTP endpoint. */
  putEntries(entries: readonly PutEventsRequestEntry[]): Promise<PutEntriesResult>;
  /** Resolves once every delivery started so far has finished (tests wait on it). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

const MAX_ENTRIES = 10;

/** EventBridge event times have second precision. */
const eventTime = (time: Date | undefined): string => (time ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');

const parseDetail = (detail: string): { ok: true; value: unknown } | { ok: false } => {
  try {
    const value: unknown = JSON.parse(detail);
    // EventBridge only takes a JSON object as detail.
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ok: true, value } : { ok: false };
  } catch {
    return { ok: false };
  }
};

const missingField = (entry: PutEventsRequestEntry): string | undefined =>
  (['Source', 'DetailType', 'Detail'] as const).find((field) => typeof entry[field] !== 'string' || entry[field] === '');

const matches = (pattern: EventPattern, event: BusEvent): boolean =>
  (pattern.source === undefined || pattern.source.includes(event.source)) &&
  (pattern.detailType === undefined || pattern.detailType.includes(event['detail-type']));

/** The wire carries Time as epoch seconds; everything else is already the SDK's entry shape. */
const entriesFromWire = (input: unknown): PutEventsRequestEntry[] => {
  const entries = typeof input === 'object' && input !== null ? (input as { Entries?: unknown }).Entries : undefined;
  if (!Array.isArray(entries) || entries.length === 0 || entries.length > MAX_ENTRIES) {
    throw new AwsJsonError('ValidationException', `Entries must hold 1 to ${MAX_ENTRIES} entries`);
  }
  return entries.map((raw: unknown) => {
    if (typeof raw !== 'object' || raw === null) throw new AwsJsonError('ValidationException', 'an entry is not an object');
    const entry = raw as PutEventsRequestEntry & { Time?: unknown };
    return typeof entry.Time === 'number' ? { ...entry, Time: new Date(entry.Time * 1000) } : { ...entry, Time: undefined };
  });
};

const isLoopback = (request: IncomingMessage): boolean => {
  const address = request.socket.remoteAddress ?? '';
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
};

/** The answer of GET /_events over `published` (oldest first). */
export const eventLogAnswer = (published: readonly BusEvent[], query: URLSearchParams): { status: number; body: unknown } => {
  const limitText = query.get('limit') ?? '100';
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || limit < 1 || limit > 1000) return { status: 400, body: { message: 'limit must be an integer from 1 to 1000' } };
  const since = query.get('since');
  if (since !== null && Number.isNaN(Date.parse(since))) return { status: 400, body: { message: 'since must be an ISO 8601 instant' } };
  const types = query.getAll('detailType');
  const selected = published.filter(
    (e) => (since === null || Date.parse(e.time) >= Date.parse(since)) && (types.length === 0 || types.includes(e['detail-type'])),
  );
  return { status: 200, body: { events: selected.slice(-limit) } };
};

export const startLocalEventBus = async (options: LocalEventBusOptions = {}): Promise<LocalEventBus> => {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '000000000000';
  const limit = options.publishedLimit ?? 1000;
  const subscriptions = new Set<{ pattern: EventPattern; handler: EventHandler }>();
  const published: BusEvent[] = [];
  const inFlight = new Set<Promise<void>>();

  const deliver = (event: BusEvent): void => {
    for (const subscription of subscriptions) {
      if (!matches(subscription.pattern, event)) continue;
      // setImmediate: never inside the publisher's call stack, as EventBridge is asynchronous.
      const delivery = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => subscription.handler(event))
        .catch((error: unknown) => console.error(`event bus: subscriber failed on ${event['detail-type']} ${event.id}:`, error))
        .finally(() => inFlight.delete(delivery));
      inFlight.add(delivery);
    }
  };

  const accept = (entry: PutEventsRequestEntry): PutEventsResultEntry => {
    const missing = missingField(entry);
    if (missing) {
      return { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${missing} is not valid. Reason: ${missing} is a required argument.` };
    }
    const detail = parseDetail(entry.Detail ?? '');
    if (!detail.ok) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    const event: BusEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType ?? '',
      source: entry.Source ?? '',
      account,
      time: eventTime(entry.Time),
      region,
      resources: entry.Resources ?? [],
      detail: detail.value,
    };
    published.push(event);
    if (published.length > limit) published.splice(0, published.length - limit);
    deliver(event);
    return { EventId: event.id };
  };

  const putEntries = (entries: readonly PutEventsRequestEntry[]): Promise<PutEntriesResult> => {
    const results = entries.map(accept);
    return Promise.resolve({ Entries: results, FailedEntryCount: results.filter((r) => r.ErrorCode !== undefined).length });
  };

  const server = await startAwsJsonServer({
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    serviceTarget: 'AWSEvents',
    jsonVersion: '1.1',
    operations: { PutEvents: (input) => putEntries(entriesFromWire(input)) },
    get: (url, request) => {
      if (url.pathname !== '/_events') return undefined;
      return isLoopback(request) ? eventLogAnswer(published, url.searchParams) : { status: 403, body: { message: 'the event log answers loopback clients only' } };
    },
  });

  return {
    endpoint: server.endpoint,
    port: server.port,
    subscribe: (pattern, handler) => {
      if (pattern.source?.length === 0 || pattern.detailType?.length === 0) {
        throw new Error('an event pattern field, when given, must list at least one value');
      }
      const subscription = { pattern, handler };
      subscriptions.add(subscription);
      return () => void subscriptions.delete(subscription);
    },
    get published() {
      return published;
    },
    putEntries,
    drain: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    stop: async () => {
      subscriptions.clear();
      await server.stop();
    },
  };
};
