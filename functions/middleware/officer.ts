// The officer behind a request: claims verified by the JWT authoriser (locally the dev issuer),
// role and department checked here (core/officer.ts) against the province's departments.
import { officerFromClaims, type Officer } from '#core/officer.ts';
import { province } from '#adapters/catalogue.ts';
import type { HttpEvent } from './http.ts';

export const officerOf = (event: HttpEvent): Officer =>
  officerFromClaims(
    event.requestContext.authorizer?.jwt?.claims,
    province().departments.map((d) => d.code),
  );
