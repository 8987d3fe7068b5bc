// Request bodies of the application routes: used by the handlers and by the OpenAPI document.
import * as z from 'zod';
import { mobileSchema, provinceNameSchema } from '#core/address.ts';

const formValue = z.union([z.string().max(2000), z.number().finite(), z.boolean()]);

/** Free form fields until the catalogue defines each item's form (issue #3). */
export const formDataSchema = z
  .record(z.string().regex(/^[A-Za-z][\w.-]{0,63}$/, 'field names are letters, digits, _ . -'), formValue)
  .refine((data) => Object.keys(data).length <= 100, 'at most 100 fields');

export const deliverySchema = z.discriminatedUnion('method', [
  /** The e-licence only: nothing is posted. */
  z.strictObject({ method: z.literal('online') }),
  /** Results by EMS to this address, which is also where EMS collects originals (issue #9). */
  z.strictObject({
    method: z.literal('ems'),
    address: z.strictObject({
      recipient: z.string().trim().min(1).max(50),
      mobile: mobileSchema,
      // GB/T 2260: EMS routes by the provincial-level division's official name.
      province: provinceNameSchema,
      city: z.string().trim().min(2).max(30),
      county: z.string().trim().min(2).max(30),
      detail: z.string().trim().min(2).max(200),
    }),
  }),
]);

export const onBehalfOfSchema = z.strictObject({
  kind: z.enum(['person', 'organisation']),
  name: z.string().trim().min(1).max(200),
  /** 居民身份证号 or 统一社会信用代码, checked with its check character. */
  identity: z.string().min(1).max(18),
});

/** Situation answers (情形): question code → option code, as the catalogue guide asks them. */
export const situationAnswersSchema = z
  .record(z.string().regex(/^[A-Z0-9-]{1,32}$/, 'a question code'), z.string().regex(/^[A-Z0-9-]{1,32}$/, 'an option code'))
  .refine((answers) => Object.keys(answers).length <= 50, 'at most 50 answers');

export const createApplicationBody = z
  .strictObject({
    /** The service item applied for; or `bundleCode` for a bundle (一件事一次办). */
    itemCode: z.string().min(1).max(40).optional(),
    bundleCode: z.string().min(1).max(40).optional(),
    situationAnswers: situationAnswersSchema.optional(),
    /** Only an agent (帮办) may apply for someone else. */
    onBehalfOf: onBehalfOfSchema.optional(),
    formData: formDataSchema.optional(),
    delivery: deliverySchema.optional(),
  })
  .refine((b) => (b.itemCode === undefined) !== (b.bundleCode === undefined), { message: 'give either itemCode or bundleCode', path: ['itemCode'] });

export const updateApplicationBody = z
  .strictObject({ formData: formDataSchema.optional(), delivery: deliverySchema.optional() })
  .refine((b) => b.formData !== undefined || b.delivery !== undefined, 'nothing to change');

/**
 * Controls (C0, DEL, C1), format characters (bidi embeddings, overrides and isolates such as U+202E,
 * which shows "cod.pdf" as "fdp.doc"; zero-width characters) and line or paragraph separators: a
 * name shown to officers must read as it is stored.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

const isPlainFileName = (name: string): boolean => name !== '.' && name !== '..' && !/[/\\]/.test(name) && !INVISIBLE.test(name);

export const createUploadBody = z.strictObject({
  materialCode: z.string().min(1).max(32),
  // A display name only: the storage key never contains it, so path tricks cannot reach S3.
  fileName: z.string().min(1).max(200).refine(isPlainFileName, 'must be a plain file name without path separators, control or bidi characters'),
  contentType: z.string().min(1).max(100),
  size: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'lowercase hex SHA-256 of the file'),
});
