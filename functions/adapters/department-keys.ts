// Department HMAC keys. Locally a JSON file in the data dir ({ "<code>": "<base64 key>" });
// in AWS one Secrets Manager secret per department (issue #6 wires that source).
import { readFile } from 'node:fs/promises';
import { config } from './config.ts';

let fileKeys: Promise<Record<string, string>> | undefined;

const fromFile = (path: string): Promise<Record<string, string>> =>
  (fileKeys ??= readFile(path, 'utf8').then((text) => JSON.parse(text) as Record<string, string>));

/** The department's key, or undefined for an unknown department. */
export const departmentKey = async (department: string): Promise<Uint8Array | undefined> => {
  const source = config().DEPARTMENT_KEYS;
  if (!source) throw new Error('DEPARTMENT_KEYS is not configured for this function');
  const [kind, location] = [source.slice(0, source.indexOf(':')), source.slice(source.indexOf(':') + 1)];
  if (kind !== 'file') throw new Error(`department key source "${kind}" is not available yet`);
  const key = (await fromFile(location))[department];
  return key === undefined ? undefined : Buffer.from(key, 'base64');
};
