// What one case costs on AWS: the usage the benchmark counted, per case, times the list prices of
// test/bench/prices.json. Pure arithmetic, so the model can be checked by hand (test/unit/bench).
// No free tier and the first price tier throughout: the marginal cost of one more case.

export interface PriceEntry {
  readonly value: number;
  readonly source: string;
  readonly recorded: string;
  readonly verified: boolean;
  readonly basis?: string;
}

export type PriceName =
  | 'stepFunctionsPerThousandTransitions'
  | 'lambdaPerMillionRequests'
  | 'lambdaPerGbSecondArm'
  | 'dynamodbPerMillionWriteUnits'
  | 'dynamodbPerMillionReadUnits'
  | 's3PerThousandPutRequests'
  | 's3PerThousandGetRequests'
  | 's3PerGbMonth'
  | 'httpApiPerMillionRequests'
  | 'eventBridgePerMillionEvents';

export interface RegionPrices {
  readonly currency: string;
  readonly prices: Readonly<Record<PriceName, PriceEntry>>;
}

export interface PriceBook {
  readonly regions: Readonly<Record<string, RegionPrices>>;
}

/** What one case used, averaged over the cases of a run. */
export interface CaseUsage {
  /** Billed Standard-workflow state transitions (every *StateEntered of the execution history). */
  readonly stateTransitions: number;
  readonly lambdaRequests: number;
  /** Σ billed duration (ms, each invocation rounded up to 1 ms) × configured memory (GB). */
  readonly lambdaGbSeconds: number;
  /** DynamoDB on-demand request units as ConsumedCapacity reported them. */
  readonly dynamodbWriteUnits: number;
  readonly dynamodbReadUnits: number;
  /** PUT, COPY, POST, LIST. */
  readonly s3PutRequests: number;
  /** GET, SELECT and every other request but DELETE (free). */
  readonly s3GetRequests: number;
  /** Bytes stored per case, kept one month. */
  readonly s3GbMonths: number;
  readonly apiRequests: number;
  /** Events put on the custom bus (each ≤ 64 KB, one billed event). */
  readonly events: number;
}

export const costComponents = [
  'Step Functions',
  'Lambda requests',
  'Lambda duration',
  'DynamoDB writes',
  'DynamoDB reads',
  'S3 requests',
  'S3 storage (1 month)',
  'API Gateway',
  'EventBridge',
] as const;

export type CostComponent = (typeof costComponents)[number];

export interface CaseCost {
  readonly currency: string;
  /** Cost of one case per component, in the region's currency. */
  readonly perCase: Readonly<Record<CostComponent, number>>;
  readonly totalPerCase: number;
  readonly totalPerThousandCases: number;
  /** The component that costs most, and its share of the total (0..1). */
  readonly dominant: { readonly component: CostComponent; readonly share: number };
  /** Prices used that were not checked against their source (see prices.json). */
  readonly unverified: readonly PriceName[];
}

export const costOfCase = (usage: CaseUsage, region: RegionPrices): CaseCost => {
  const price = (name: PriceName): number => region.prices[name].value;
  const perCase: Record<CostComponent, number> = {
    'Step Functions': (usage.stateTransitions / 1_000) * price('stepFunctionsPerThousandTransitions'),
    'Lambda requests': (usage.lambdaRequests / 1_000_000) * price('lambdaPerMillionRequests'),
    'Lambda duration': usage.lambdaGbSeconds * price('lambdaPerGbSecondArm'),
    'DynamoDB writes': (usage.dynamodbWriteUnits / 1_000_000) * price('dynamodbPerMillionWriteUnits'),
    'DynamoDB reads': (usage.dynamodbReadUnits / 1_000_000) * price('dynamodbPerMillionReadUnits'),
    'S3 requests': (usage.s3PutRequests / 1_000) * price('s3PerThousandPutRequests') + (usage.s3GetRequests / 1_000) * price('s3PerThousandGetRequests'),
    'S3 storage (1 month)': usage.s3GbMonths * price('s3PerGbMonth'),
    'API Gateway': (usage.apiRequests / 1_000_000) * price('httpApiPerMillionRequests'),
    EventBridge: (usage.events / 1_000_000) * price('eventBridgePerMillionEvents'),
  };
  const totalPerCase = costComponents.reduce((sum, c) => sum + perCase[c], 0);
  const component = costComponents.reduce((best, c) => (perCase[c] > perCase[best] ? c : best), costComponents[0]);
  return {
    currency: region.currency,
    perCase,
    totalPerCase,
    totalPerThousandCases: totalPerCase * 1_000,
    dominant: { component, share: totalPerCase > 0 ? perCase[component] / totalPerCase : 0 },
    unverified: (Object.keys(region.prices) as PriceName[]).filter((name) => !region.prices[name].verified),
  };
};

/** Lambda GB-seconds of a billed duration at a memory size (Lambda bills memory in MB / 1024). */
export const gbSeconds = (billedMs: number, memoryMb: number): number => (billedMs / 1_000) * (memoryMb / 1_024);

/** The ceiling the Step Functions transition quota puts on cases per second (quota ÷ transitions per case). */
export const casesPerSecondAtQuota = (transitionsPerCase: number, quotaPerSecond: number): number =>
  transitionsPerCase > 0 ? quotaPerSecond / transitionsPerCase : Number.POSITIVE_INFINITY;
