// Domain errors: thrown by core and handlers, mapped ONCE to problem+json by the error middleware.
// Core never knows HTTP status codes; the mapping lives in functions/middleware/problem-json.ts.

export interface FieldError {
  /** JSON pointer-ish path of the offending field, e.g. "materials.0.code" or "header.idempotency-key". */
  readonly field: string;
  readonly message: string;
}

export class DomainError extends Error {
  readonly errors: readonly FieldError[];
  constructor(message: string, errors: readonly FieldError[] = []) {
    super(message);
    this.errors = errors;
  }
}

/** The input is malformed or breaks a rule; names the fields. */
export class Invalid extends DomainError {
  override name = 'Invalid';
}
/** No credentials, or credentials that do not verify. */
export class Unauthenticated extends DomainError {
  override name = 'Unauthenticated';
}
/** Authenticated, but this caller may not do this. Only for callers that may know the thing exists. */
export class Forbidden extends DomainError {
  override name = 'Forbidden';
}
/** Unknown, or not the caller's (an applicant never learns that another's case exists). */
export class NotFound extends DomainError {
  override name = 'NotFound';
}
/** The request conflicts with the current state (a second, different decision; a non-draft edit). */
export class Conflict extends DomainError {
  override name = 'Conflict';
}
/** The thing is finished; the request came too late. */
export class Gone extends DomainError {
  override name = 'Gone';
}
/** The body is larger than the route accepts. */
export class PayloadTooLarge extends DomainError {
  override name = 'PayloadTooLarge';
}
/** Unprocessable: well-formed but semantically unacceptable (e.g. an idempotency key reused with another body). */
export class Unprocessable extends DomainError {
  override name = 'Unprocessable';
}
/** A transient failure the workflow should retry (named in the ASL's Retry). */
export class TransientError extends Error {
  override name = 'TransientError';
}
