// THE route table: read by the CDK api construct and by the local HTTP gateway.
import type { FunctionName } from './functions.ts';

/**
 * applicant: JWT from the province's OIDC issuer (API Gateway JWT authoriser; locally the dev issuer).
 * department: HMAC-signed request, verified inside the handler (an HTTP API authoriser cannot see the body).
 * public: no authentication.
 */
export type RouteAuth = 'applicant' | 'department' | 'public';

export interface Route {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** API Gateway v2 path syntax: `{name}` for a parameter. */
  readonly path: string;
  readonly fn: FunctionName;
  readonly auth: RouteAuth;
}

export const routes: readonly Route[] = [
  { method: 'POST', path: '/applications', fn: 'createApplication', auth: 'applicant' },
  { method: 'GET', path: '/applications/{id}', fn: 'getApplication', auth: 'applicant' },
  { method: 'PATCH', path: '/applications/{id}', fn: 'updateApplication', auth: 'applicant' },
  { method: 'POST', path: '/applications/{id}/uploads', fn: 'createUpload', auth: 'applicant' },
  { method: 'POST', path: '/applications/{id}/submit', fn: 'submitApplication', auth: 'applicant' },
  { method: 'GET', path: '/cases', fn: 'listCases', auth: 'applicant' },
  { method: 'GET', path: '/cases/{caseNo}', fn: 'getCase', auth: 'applicant' },
  { method: 'GET', path: '/departments/{code}/work-items', fn: 'listWorkItems', auth: 'department' },
  { method: 'POST', path: '/work-items/{id}/decision', fn: 'decideWorkItem', auth: 'department' },
];

/** `GET /cases/{caseNo}` → the API Gateway v2 route key. */
export const routeKey = (route: Route): string => `${route.method} ${route.path}`;
