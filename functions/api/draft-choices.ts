// What a draft may carry for its service: form fields of the merged form (types and names; missing
// required fields are for pre-review to list) and a delivery method the service offers.
import type { FieldError } from '#core/errors.ts';
import { checkFormData, type Requirement } from '#core/guide.ts';
import type { Delivery } from '#core/case.ts';

export const draftChoiceErrors = (
  requirement: Pick<Requirement, 'form' | 'delivery'>,
  draft: { formData?: Readonly<Record<string, unknown>>; delivery?: Delivery },
): FieldError[] => [
  ...(draft.formData ? checkFormData(requirement.form, draft.formData, 'formData', false) : []),
  ...(draft.delivery && !requirement.delivery.includes(draft.delivery.method)
    ? [{ field: 'delivery.method', message: `this service delivers by: ${requirement.delivery.join(', ')}` }]
    : []),
];
