// POST /courier/ems/tracking: EMS pushes a tracking event (040002) of a parcel the platform ordered
// (issue #9). Public at the gateway like a department's route is unauthorised there: the push is
// authenticated here, by its seal (core/ems-envelope.ts: only a holder of the contract's sign key
// can produce a plaintext ending with it) and the contract's senderNo. A push is answered in EMS's
// format; `S00001` asks EMS to push again (a waybill the platform has not finished recording yet).
import { EMS_PUSH_FAILED, EmsEnvelopeInvalid, pushAnswer, trackingEventSchema, trackingPushSchema, unseal } from '#core/ems-envelope.ts';
import { Invalid, PayloadTooLarge, Unauthenticated } from '#core/errors.ts';
import { clock } from '#adapters/clock.ts';
import { courierContract } from '#adapters/courier/credentials.ts';
import { recordTrackingEvent } from '#adapters/courier/tracking-updates.ts';
import { fieldErrors, httpHandler, json, type HttpEvent } from '#middleware/http.ts';
import { log } from '#middleware/logger.ts';

const MAX_BYTES = 64 * 1024;

/** EMS posts JSON; a form-encoded push (as its requests are) is read the same way. */
const bodyOf = (event: HttpEvent): unknown => {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text) > MAX_BYTES) throw new PayloadTooLarge(`the body exceeds ${MAX_BYTES} bytes`, [{ field: 'body', message: `at most ${MAX_BYTES} bytes` }]);
  if (/^application\/x-www-form-urlencoded/i.test(event.headers['content-type'] ?? '')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text);
  } catch {
    throw new Invalid('the body is not valid JSON', [{ field: 'body', message: 'malformed JSON' }]);
  }
};

export const handler = httpHandler(async (event) => {
  const parsed = trackingPushSchema.safeParse(bodyOf(event));
  if (!parsed.success) throw new Invalid('the body is not an EMS tracking push', fieldErrors(parsed.error));
  const push = parsed.data;
  const contract = await courierContract();
  if (push.senderNo !== contract.senderNo) throw new Unauthenticated('the push is not for this contract');
  let plain: string;
  try {
    plain = unseal(push.logitcsInterface, contract.signKey);
  } catch (error) {
    if (error instanceof EmsEnvelopeInvalid) throw new Unauthenticated('the push is not sealed with the contract key');
    throw error;
  }
  let payload: unknown;
  try {
    payload = JSON.parse(plain);
  } catch {
    throw new Invalid('the sealed payload is not JSON', [{ field: 'logitcsInterface', message: 'malformed JSON' }]);
  }
  const tracked = trackingEventSchema.safeParse(payload);
  if (!tracked.success) throw new Invalid('the sealed payload is not a tracking event', fieldErrors(tracked.error, 'logitcsInterface'));
  const result = await recordTrackingEvent(tracked.data, clock.now());
  log.info('EMS tracking push', { waybillNo: tracked.data.waybillNo, opCode: tracked.data.opCode, result, requestId: event.requestContext.requestId });
  return json(
    200,
    result === 'unknown-waybill' ? pushAnswer(push, contract.senderNo, EMS_PUSH_FAILED, 'unknown waybill, push again later') : pushAnswer(push, contract.senderNo),
  );
});
