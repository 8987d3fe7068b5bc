// The applicant behind a request: claims verified by the API Gateway JWT authoriser in AWS and by
// the local gateway's dev issuer locally. The handler never sees an unverified token.
import { callerFromClaims, type Caller } from '#core/applicant.ts';
import { clock } from '#adapters/clock.ts';
import type { HttpEvent } from './http.ts';

export const callerOf = (event: HttpEvent): Caller => callerFromClaims(event.requestContext.authorizer?.jwt?.claims, clock.now());
