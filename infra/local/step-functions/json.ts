// JSON values as the interpreter passes them around, and the one narrowing helper everyone needs.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a Lambda would put on the wire: undefined becomes null, Dates become strings, and so on. */
export const toJson = (value: unknown): Json => {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as Json);
};
