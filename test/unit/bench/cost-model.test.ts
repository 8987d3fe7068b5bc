import { describe, expect, it } from 'vitest';
import prices from '../../bench/prices.json' with { type: 'json' };
import { casesPerSecondAtQuota, costOfCase, gbSeconds, type CaseUsage, type PriceBook, type PriceEntry, type PriceName, type RegionPrices } from '../../bench/cost-model.ts';
import { billedTransitions } from '../../bench/transitions.ts';
import { itemSize, valueSize } from '../../bench/item-sizes.ts';

const entry = (value: number, verified = true): PriceEntry => ({ value, source: 'https://example.test/pricing', recorded: '2026-11-23', verified });

// Round prices so every expected figure can be checked by hand.
const region: RegionPrices = {
  currency: 'USD',
  prices: {
    stepFunctionsPerThousandTransitions: entry(0.025),
    lambdaPerMillionRequests: entry(0.2),
    lambdaPerGbSecondArm: entry(0.00001),
    dynamodbPerMillionWriteUnits: entry(1),
    dynamodbPerMillionReadUnits: entry(0.25, false),
    s3PerThousandPutRequests: entry(0.005),
    s3PerThousandGetRequests: entry(0.0004),
    s3PerGbMonth: entry(0.02),
    httpApiPerMillionRequests: entry(1),
    eventBridgePerMillionEvents: entry(1),
  },
};

const usage: CaseUsage = {
  stateTransitions: 10,
  lambdaRequests: 20,
  lambdaGbSeconds: 2,
  dynamodbWriteUnits: 100,
  dynamodbReadUnits: 40,
  s3PutRequests: 2,
  s3GetRequests: 5,
  s3GbMonths: 0.5,
  apiRequests: 10,
  events: 8,
};

describe('the cost of one case', () => {
  const cost = costOfCase(usage, region);

  it('multiplies each counted resource by its list price', () => {
    expect(cost.perCase['Step Functions']).toBeCloseTo((10 / 1_000) * 0.025, 12);
    expect(cost.perCase['Lambda requests']).toBeCloseTo((20 / 1e6) * 0.2, 12);
    expect(cost.perCase['Lambda duration']).toBeCloseTo(2 * 0.00001, 12);
    expect(cost.perCase['DynamoDB writes']).toBeCloseTo(100 / 1e6, 12);
    expect(cost.perCase['DynamoDB reads']).toBeCloseTo((40 / 1e6) * 0.25, 12);
    expect(cost.perCase['S3 requests']).toBeCloseTo((2 / 1_000) * 0.005 + (5 / 1_000) * 0.0004, 12);
    expect(cost.perCase['S3 storage (1 month)']).toBeCloseTo(0.5 * 0.02, 12);
    expect(cost.perCase['API Gateway']).toBeCloseTo(10 / 1e6, 12);
    expect(cost.perCase.EventBridge).toBeCloseTo(8 / 1e6, 12);
  });

  it('totals the components, per case and per thousand cases', () => {
    const sum = Object.values(cost.perCase).reduce((a, b) => a + b, 0);
    expect(cost.totalPerCase).toBeCloseTo(sum, 12);
    expect(cost.totalPerThousandCases).toBeCloseTo(sum * 1_000, 9);
    expect(cost.currency).toBe('USD');
  });

  it('names the dominant component and its share', () => {
    // S3 storage: 0.01 of a total of about 0.0104.
    expect(cost.dominant.component).toBe('S3 storage (1 month)');
    expect(cost.dominant.share).toBeCloseTo(0.01 / cost.totalPerCase, 9);
  });

  it('lists the prices that were not checked against their source', () => {
    expect(cost.unverified).toEqual(['dynamodbPerMillionReadUnits']);
  });

  it('costs nothing for a case that used nothing', () => {
    const none = Object.fromEntries(Object.keys(usage).map((k) => [k, 0])) as unknown as CaseUsage;
    expect(costOfCase(none, region)).toMatchObject({ totalPerCase: 0, dominant: { share: 0 } });
  });
});

describe('the price book', () => {
  it('prices every resource in us-east-1 (USD) and cn-north-1 (CNY), each with its source and date', () => {
    const book = prices as PriceBook;
    expect(Object.keys(book.regions).sort()).toEqual(['cn-north-1', 'us-east-1']);
    expect(book.regions['us-east-1']?.currency).toBe('USD');
    expect(book.regions['cn-north-1']?.currency).toBe('CNY');
    const names = Object.keys(region.prices) as PriceName[];
    for (const r of Object.values(book.regions)) {
      for (const name of names) {
        const p = r.prices[name];
        expect(p.value, name).toBeGreaterThan(0);
        expect(p.source, name).toMatch(/^https:\/\//);
        expect(p.recorded, name).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (!p.verified) expect(p.basis, `${name} is unverified: say how it was obtained`).toBeTruthy();
      }
    }
  });
});

describe('the arithmetic around the cost', () => {
  it('bills Lambda memory in GB of 1,024 MB and duration in seconds', () => {
    expect(gbSeconds(1_000, 1_024)).toBe(1);
    expect(gbSeconds(500, 512)).toBe(0.25);
  });

  it('turns the transition quota into a ceiling of cases per second', () => {
    expect(casesPerSecondAtQuota(12, 1_500)).toBe(125);
    expect(casesPerSecondAtQuota(0, 1_500)).toBe(Number.POSITIVE_INFINITY);
  });

  it('counts one billed transition per state entered, nothing for execution or iteration events', () => {
    const history = [
      'ExecutionStarted',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'TaskStateEntered',
      'TaskStateExited',
      'MapStateEntered',
      'MapIterationStarted',
      'TaskStateEntered',
      'TaskStateExited',
      'MapIterationSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ];
    expect(billedTransitions(history)).toBe(4);
  });

  it('sizes DynamoDB items by attribute names and values, as write units are charged', () => {
    expect(valueSize({ S: '张三' })).toBe(6);
    expect(valueSize({ N: '12345' })).toBe(4);
    expect(valueSize({ N: '-0.00100' })).toBe(2);
    expect(valueSize({ BOOL: true })).toBe(1);
    expect(valueSize({ L: [{ S: 'ab' }, { NULL: true }] })).toBe(3 + (1 + 2) + (1 + 1));
    expect(valueSize({ M: { k: { S: 'v' } } })).toBe(3 + 1 + 1 + 1);
    expect(itemSize({ pk: { S: 'CASE#1' }, version: { N: '7' } })).toBe(2 + 6 + 7 + 2);
  });
});
