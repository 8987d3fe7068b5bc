// The local EventBridge bus, driven through the ordinary @aws-sdk/client-eventbridge client.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startLocalEventBus, type BusEvent, type LocalEventBus } from '#infra/local/event-bus.ts';

const buses: LocalEventBus[] = [];
const clients: EventBridgeClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const bus of buses.splice(0)) await bus.stop();
  vi.restoreAllMocks();
});

const start = async (options: Parameters<typeof startLocalEventBus>[0] = {}) => {
  const bus = await startLocalEventBus({ region: 'cn-north-1', account: '111122223333', ...options });
  buses.push(bus);
  const client = new EventBridgeClient({
    endpoint: bus.endpoint,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  clients.push(client);
  return { bus, client };
};

describe('local event bus', () => {
  it('delivers a PutEvents entry to a matching subscriber and not to a non-matching one', async () => {
    const { bus, client } = await start();
    const matching: BusEvent[] = [];
    const bySource: BusEvent[] = [];
    const other: BusEvent[] = [];
    bus.subscribe({ source: ['nma.99'], detailType: ['CaseAccepted'] }, (event) => void matching.push(event));
    bus.subscribe({ source: ['nma.99'] }, (event) => void bySource.push(event));
    bus.subscribe({ detailType: ['LicenceIssued'] }, (event) => void other.push(event));

    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'nma-99-events',
            Source: 'nma.99',
            DetailType: 'CaseAccepted',
            Detail: JSON.stringify({ caseNo: 'C-1' }),
            Resources: ['case/C-1'],
            Time: new Date('2030-01-02T03:04:05.678Z'),
          },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(0);
    const eventId = result.Entries?.[0]?.EventId;
    expect(eventId).toMatch(/^[0-9a-f-]{36}$/);

    await bus.drain();
    expect(matching).toEqual([
      {
        version: '0',
        id: eventId,
        'detail-type': 'CaseAccepted',
        source: 'nma.99',
        account: '111122223333',
        time: '2030-01-02T03:04:05Z',
        region: 'cn-north-1',
        resources: ['case/C-1'],
        detail: { caseNo: 'C-1' },
      },
    ]);
    expect(bySource.map((e) => e.id)).toEqual([eventId]);
    expect(other).toEqual([]);
    expect(bus.published.map((e) => e.id)).toEqual([eventId]);
  });

  it('rejects bad entries at entry level and accepts the good ones of the same request', async () => {
    const { bus, client } = await start();
    const delivered: BusEvent[] = [];
    bus.subscribe({}, (event) => void delivered.push(event));
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'nma.99', DetailType: 'CaseAccepted' },
          { Source: 'nma.99', DetailType: 'CaseAccepted', Detail: '{not json' },
          { Source: 'nma.99', DetailType: 'CaseAccepted', Detail: '[1,2]' },
          { Source: 'nma.99', DetailType: 'CaseAccepted', Detail: '{"ok":true}' },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(3);
    expect(result.Entries?.[0]).toMatchObject({ ErrorCode: 'InvalidArgument', ErrorMessage: expect.stringContaining('Detail') as string });
    expect(result.Entries?.[1]).toMatchObject({ ErrorCode: 'MalformedDetail' });
    expect(result.Entries?.[2]).toMatchObject({ ErrorCode: 'MalformedDetail' });
    expect(result.Entries?.[3]?.EventId).toBeDefined();
    await bus.drain();
    expect(delivered.map((e) => e.detail)).toEqual([{ ok: true }]);
  });

  it('refuses a request with no entries or more than ten', async () => {
    const { client } = await start();
    const entry = { Source: 's', DetailType: 'd', Detail: '{}' };
    await expect(client.send(new PutEventsCommand({ Entries: [] }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry) }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('logs a failing subscriber without failing PutEvents or the other subscribers', async () => {
    const { bus, client } = await start();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const delivered: string[] = [];
    bus.subscribe({}, () => Promise.reject(new Error('subscriber down')));
    bus.subscribe({}, (event) => void delivered.push(event.id));
    const result = await client.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'd', Detail: '{}' }] }));
    expect(result.FailedEntryCount).toBe(0);
    await bus.drain();
    expect(delivered).toEqual([result.Entries?.[0]?.EventId]);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('subscriber failed'), expect.objectContaining({ message: 'subscriber down' }));
  });

  it('delivers asynchronously, stops after unsubscribe, and keeps a bounded log (in-process putEntries)', async () => {
    const { bus } = await start({ publishedLimit: 2 });
    const delivered: string[] = [];
    const unsubscribe = bus.subscribe({ detailType: ['d'] }, (event) => void delivered.push(event.source));
    await bus.putEntries([{ Source: 'one', DetailType: 'd', Detail: '{}' }]);
    expect(delivered).toEqual([]);
    await bus.drain();
    expect(delivered).toEqual(['one']);
    unsubscribe();
    await bus.putEntries([
      { Source: 'two', DetailType: 'd', Detail: '{}' },
      { Source: 'three', DetailType: 'd', Detail: '{}' },
    ]);
    await bus.drain();
    expect(delivered).toEqual(['one']);
    expect(bus.published.map((e) => e.source)).toEqual(['two', 'three']);
  });

  it('is reachable through AWS_ENDPOINT_URL_EVENTBRIDGE', async () => {
    const { bus } = await start();
    const saved = process.env.AWS_ENDPOINT_URL_EVENTBRIDGE;
    process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = bus.endpoint;
    try {
      const client = new EventBridgeClient({ region: 'cn-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      clients.push(client);
      const result = await client.send(new PutEventsCommand({ Entries: [{ Source: 's', DetailType: 'd', Detail: '{}' }] }));
      expect(result.FailedEntryCount).toBe(0);
      expect(bus.published).toHaveLength(1);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_EVENTBRIDGE;
      else process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = saved;
    }
  });
});

describe('live event log (GET /_events)', () => {
  const put = (bus: LocalEventBus, type: string, caseNo: string, time: string) =>
    bus.putEntries([{ Source: 'nma.99', DetailType: type, Detail: JSON.stringify({ caseNo }), Time: new Date(time) }]);
  const log = async (bus: LocalEventBus, query = '') => {
    const response = await fetch(`${bus.endpoint}/_events${query}`);
    return { status: response.status, body: (await response.json()) as { events?: BusEvent[]; message?: string } };
  };

  it('answers the recent events oldest first, narrowed by limit, since and detailType', async () => {
    const { bus } = await start();
    await put(bus, 'CaseSubmitted', 'C-1', '2030-01-01T00:00:00Z');
    await put(bus, 'CaseAccepted', 'C-1', '2030-01-02T00:00:00Z');
    await put(bus, 'CaseSubmitted', 'C-2', '2030-01-03T00:00:00Z');

    const all = await log(bus);
    expect(all.status).toBe(200);
    expect(all.body.events?.map((e) => [e['detail-type'], (e.detail as { caseNo: string }).caseNo])).toEqual([
      ['CaseSubmitted', 'C-1'],
      ['CaseAccepted', 'C-1'],
      ['CaseSubmitted', 'C-2'],
    ]);
    expect((await log(bus, '?limit=2')).body.events?.map((e) => e.time)).toEqual(['2030-01-02T00:00:00Z', '2030-01-03T00:00:00Z']);
    expect((await log(bus, '?since=2030-01-02T00:00:00Z')).body.events).toHaveLength(2);
    expect((await log(bus, '?detailType=CaseSubmitted')).body.events?.map((e) => (e.detail as { caseNo: string }).caseNo)).toEqual(['C-1', 'C-2']);
    expect((await log(bus, '?detailType=CaseAccepted&detailType=CaseSubmitted&since=2030-01-02T12:00:00Z')).body.events).toHaveLength(1);
  });

  it('refuses a bad limit or since by name', async () => {
    const { bus } = await start();
    const zero = await log(bus, '?limit=0');
    expect(zero.status).toBe(400);
    expect(zero.body.message).toContain('limit');
    expect(await log(bus, '?limit=abc')).toMatchObject({ status: 400 });
    const since = await log(bus, '?since=yesterday');
    expect(since.status).toBe(400);
    expect(since.body.message).toContain('since');
  });

  it('is only the local tool: other GET paths stay the protocol error', async () => {
    const { bus } = await start();
    expect((await fetch(`${bus.endpoint}/other`)).status).toBe(400);
  });
});
