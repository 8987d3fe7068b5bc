// How big the case store's items are, by kind (the sort key's prefix: META, AUDIT, WORK, DOC…):
// write request units are charged per started KB of the item written (twice in a transaction), so
// item size is what the DynamoDB line of the cost table is made of.
// Sizes follow DynamoDB's documented rules: attribute name bytes + value bytes, strings in UTF-8,
// numbers about one byte per two significant digits plus one, 3 bytes per map or list plus one per
// element. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');

export const valueSize = (value: AttributeValue): number => {
  if (value.S !== undefined) return utf8(value.S);
  if (value.N !== undefined) {
    // Significant digits: no sign, exponent or point, leading and trailing zeroes trimmed.
    const digits = value.N.replace(/e.*$/i, '').replace(/[-+.]/g, '').replace(/^0+|0+$/g, '');
    return Math.ceil(digits.length / 2) + 1;
  }
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((n, s) => n + utf8(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((n, x) => n + valueSize({ N: x }), 0);
  if (value.BS !== undefined) return value.BS.reduce((n, b) => n + b.length, 0);
  if (value.L !== undefined) return 3 + value.L.reduce((n, v) => n + 1 + valueSize(v), 0);
  if (value.M !== undefined) return 3 + Object.entries(value.M).reduce((n, [k, v]) => n + 1 + utf8(k) + valueSize(v), 0);
  return 0;
};

export const itemSize = (item: Readonly<Record<string, AttributeValue>>): number =>
  Object.entries(item).reduce((n, [name, value]) => n + utf8(name) + valueSize(value), 0);

export interface ItemKindSize {
  readonly count: number;
  readonly meanBytes: number;
  readonly maxBytes: number;
}

/** Item sizes by kind over the whole table (one scan; run after the benchmark, not during). */
export const itemSizesByKind = async (dynamodb: DynamoDBClient, table: string): Promise<Record<string, ItemKindSize>> => {
  const sizes = new Map<string, number[]>();
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      const pk = item.pk?.S ?? '';
      const sk = item.sk?.S ?? '';
      const kind = `${pk.split('#')[0]}/${sk.split('#')[0]}`;
      const list = sizes.get(kind) ?? [];
      list.push(itemSize(item));
      sizes.set(kind, list);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return Object.fromEntries(
    [...sizes].sort(([a], [b]) => a.localeCompare(b)).map(([kind, list]) => [kind, { count: list.length, meanBytes: list.reduce((a, b) => a + b, 0) / list.length, maxBytes: Math.max(...list) }]),
  );
};
