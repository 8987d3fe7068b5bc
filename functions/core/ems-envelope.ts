// China Post's open platform (中国邮政 API 开放平台, the EMS contract-customer interface): how a request
// and a tracking push are framed and sealed. Pure: no network, no configuration.
//
// - A request is a form POST of public parameters (apiCode, senderNo, authorization, timeStamp,
//   msgType, version, userCode) plus the business payload in `logitcsInterface` (the platform's own
//   spelling), sealed as  "|$4|" + Base64( SM4-ECB( json + signKey ) )  with the SM4 key being the
//   Base64-decoded sign key (16 bytes; GB/T 32907 SM4, PKCS#7 padding, which EMS's Java calls
//   PKCS5Padding).
// - The reply is JSON: retCode ("00000" = OK), retMsg, retBody (a JSON text or object).
// - A tracking push (040002) arrives the other way, sealed the same way with the same key. The seal
//   is what authenticates it: the plaintext must end with the sign key, which only EMS and the
//   platform hold. A push is otherwise public input: it is parsed strictly like any request.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import * as z from 'zod';

export const SEAL_PREFIX = '|$4|';
/** retCode of a successful call (and `code` of a successful push answer). */
export const EMS_OK = '00000';
/** The push answer EMS retries on. */
export const EMS_PUSH_FAILED = 'S00001';

/** The operations the platform uses, by apiCode. */
export const emsApi = {
  createOrder: '020003',
  label: '010004',
  trackingQuery: '040001',
  trackingPush: '040002',
} as const;

export const emsApiCodes = Object.values(emsApi);

/** The contract's credentials, as China Post issues them. */
export interface EmsCredentials {
  /** 协议客户号: the contract customer number. */
  readonly senderNo: string;
  /** 授权码: differs between the test and production platforms. */
  readonly authorization: string;
  /** Base64 of the 16-byte SM4 key; also appended to every sealed plaintext. */
  readonly signKey: string;
  readonly userCode?: string | undefined;
}

/** A malformed, foreign or tampered envelope: never processed. */
export class EmsEnvelopeInvalid extends Error {
  override name = 'EmsEnvelopeInvalid';
}

const signKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9+/]{22}==$/, 'the Base64 of 16 bytes');

export const emsCredentialsSchema = z.strictObject({
  senderNo: z.string().min(1).max(64),
  authorization: z.string().min(1).max(256),
  signKey: signKeySchema,
  userCode: z.string().min(1).max(64).optional(),
});

const keyOf = (signKey: string): Buffer => {
  const key = Buffer.from(signKey, 'base64');
  if (!signKeySchema.safeParse(signKey).success || key.length !== 16) throw new EmsEnvelopeInvalid('the sign key must be the Base64 of 16 bytes');
  return key;
};

/** "|$4|" + Base64(SM4-ECB(json + signKey)). */
export const seal = (json: string, signKey: string): string => {
  const cipher = createCipheriv('sm4-ecb', keyOf(signKey), null);
  return SEAL_PREFIX + Buffer.concat([cipher.update(json + signKey, 'utf8'), cipher.final()]).toString('base64');
};

/** The JSON text inside an envelope; EmsEnvelopeInvalid unless it was sealed with this sign key. */
export const unseal = (sealed: string, signKey: string): string => {
  if (!sealed.startsWith(SEAL_PREFIX)) throw new EmsEnvelopeInvalid(`an envelope starts with ${SEAL_PREFIX}`);
  const body = sealed.slice(SEAL_PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body) || body.length % 4 !== 0) throw new EmsEnvelopeInvalid('the envelope is not Base64');
  let plain: string;
  try {
    const decipher = createDecipheriv('sm4-ecb', keyOf(signKey), null);
    plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new EmsEnvelopeInvalid('the envelope does not decrypt with this key');
  }
  if (!plain.endsWith(signKey)) throw new EmsEnvelopeInvalid('the envelope was not sealed with this sign key');
  return plain.slice(0, -signKey.length);
};

/** Seals a payload object. */
export const sealJson = (payload: unknown, signKey: string): string => seal(JSON.stringify(payload), signKey);

/** Unseals and parses an envelope against a schema. */
export const unsealJson = <S extends z.ZodType>(sealed: string, signKey: string, schema: S): z.infer<S> => {
  let value: unknown;
  try {
    value = JSON.parse(unseal(sealed, signKey));
  } catch (error) {
    if (error instanceof EmsEnvelopeInvalid) throw error;
    throw new EmsEnvelopeInvalid('the envelope does not hold JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new EmsEnvelopeInvalid(`the envelope's payload is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
};

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** "YYYY-MM-DD HH:mm:ss" in Beijing time (UTC+8, no daylight saving), as the platform writes instants. */
export const emsTimestamp = (at: Date): string => new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');

/** The instant of an EMS timestamp, or undefined when it is not one. */
export const parseEmsTimestamp = (text: string): Date | undefined => {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - BEIJING_OFFSET_MS;
  const at = new Date(ms);
  // Date.UTC rolls 02-30 over into March: only a real calendar instant round-trips.
  return emsTimestamp(at) === text ? at : undefined;
};

export const emsTimestampSchema = z.string().refine((t) => parseEmsTimestamp(t) !== undefined, 'a timestamp "YYYY-MM-DD HH:mm:ss" (Beijing time)');

/** The form of one API call: public parameters plus the sealed payload. */
export const requestForm = (input: { readonly apiCode: string; readonly payload: unknown; readonly credentials: EmsCredentials; readonly at: Date }): URLSearchParams => {
  const { credentials } = input;
  const form = new URLSearchParams({
    apiCode: input.apiCode,
    senderNo: credentials.senderNo,
    authorization: credentials.authorization,
    timeStamp: emsTimestamp(input.at),
    msgType: '0',
    version: 'V1.0.0',
    logitcsInterface: sealJson(input.payload, credentials.signKey),
  });
  if (credentials.userCode) form.set('userCode', credentials.userCode);
  return form;
};

/** The public parameters of a request form, as a receiver parses them. */
export const requestFormSchema = z.object({
  apiCode: z.string().regex(/^\d{6}$/),
  senderNo: z.string().min(1),
  authorization: z.string().min(1),
  timeStamp: emsTimestampSchema,
  msgType: z.string().optional(),
  version: z.string().optional(),
  userCode: z.string().optional(),
  logitcsInterface: z.string().startsWith(SEAL_PREFIX),
});

export const replySchema = z.object({
  retCode: z.string(),
  retMsg: z.string().nullish(),
  // A JSON text on the wire; tolerated as an object too.
  retBody: z.unknown().optional(),
  serialNo: z.string().nullish(),
});

export type EmsReply = z.infer<typeof replySchema>;

/** retBody as a value: parses a JSON text, passes anything else through. */
export const replyBody = (reply: EmsReply): unknown => {
  if (typeof reply.retBody !== 'string') return reply.retBody;
  try {
    return JSON.parse(reply.retBody);
  } catch {
    return reply.retBody;
  }
};

/** A tracking push as it arrives (JSON body): the envelope and its public fields. */
export const trackingPushSchema = z.object({
  logitcsInterface: z.string().startsWith(SEAL_PREFIX).max(64 * 1024),
  method: z.literal(emsApi.trackingPush).optional(),
  apiCode: z.literal(emsApi.trackingPush).optional(),
  msgType: z.string().max(8).optional(),
  senderNo: z.string().min(1).max(64),
  serialNo: z.string().min(1).max(64),
  timeStamp: z.string().max(32).optional(),
  version: z.string().max(16).optional(),
});

export type TrackingPush = z.infer<typeof trackingPushSchema>;

export const waybillNoSchema = z.string().regex(/^[0-9A-Z]{10,20}$/, 'a waybill number');

/** One tracking event (轨迹), inside a push or in a tracking query's answer. */
export const trackingEventSchema = z.object({
  waybillNo: waybillNoSchema,
  /** Our logisticsOrderNo, when EMS echoes it. */
  orderNo: z.string().max(64).optional(),
  opCode: z.string().regex(/^\d{1,6}$/, 'a numeric op code'),
  opName: z.string().min(1).max(100),
  opDesc: z.string().max(500).optional(),
  opTime: emsTimestampSchema,
  opOrgName: z.string().max(200).optional(),
});

export type TrackingEvent = z.infer<typeof trackingEventSchema>;

/** What the platform answers a push: EMS re-pushes unless `code` is 00000. */
export const pushAnswer = (push: Pick<TrackingPush, 'serialNo'>, senderNo: string, code: string = EMS_OK, codeMessage = ''): Record<string, string> => ({
  serialNo: push.serialNo,
  code,
  codeMessage,
  senderNo,
});
