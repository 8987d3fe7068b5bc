// What a draft may carry for its service: form fields of the merged form (types and names; missing
// required fields are for pre-review to list) and a delivery method the service offers.
import type { FieldError } from '#core/errors.ts';
import { checkFormData, type Requirement } from '#core/guide.ts';
import type { Delivery } from '#core/case.ts';
import { fieldErrors } from '#middleware/http.ts';
import { deliverySchema } from './application.schema.ts';

export const draftChoiceErrors = (
  requirement: Pick<Requirement, 'form' | 'delivery'>,
  draft: { formData?: Readonly<Record<string, unknown>>; delivery?: Delivery },
): FieldError[] => [
  ...(draft.formData ? checkFormData(requirement.form, draft.formData, 'formData', false) : []),
  ...(draft.delivery && !requirement.delivery.includes(draft.delivery.method)
    ? [{ field: 'delivery.method', message: `this service delivers by: ${requirement.delivery.join(', ')}` }]
    : []),
];

/**
 * The stored delivery choice checked again at submit (issue #9): EMS collects originals from and
 * posts results to this address, and a draft saved before addresses were checked against GB/T 2260
 * may hold one EMS cannot route. Named like the request field (`delivery.address.province`).
 */
export const deliveryErrorsAtSubmit = (delivery: Delivery | undefined): FieldError[] => {
  if (delivery === undefined) return [];
  const parsed = deliverySchema.safeParse(delivery);
  return parsed.success ? [] : fieldErrors(parsed.error, 'delivery');
};
