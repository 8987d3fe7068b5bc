// The supervisor behind a request: claims verified by the JWT authoriser (locally the dev issuer),
// with the supervisor role checked here (core/supervisor.ts).
import { supervisorFromClaims, type Supervisor } from '#core/supervisor.ts';
import type { HttpEvent } from './http.ts';

export const supervisorOf = (event: HttpEvent): Supervisor => supervisorFromClaims(event.requestContext.authorizer?.jwt?.claims);
