// THE route table: read by the CDK api construct, by the local HTTP gateway and by the OpenAPI
// document (functions/api/openapi-document.ts). It may import pure zod schema modules only, never a
// handler: handlers create AWS SDK clients at import, and CDK loads this file at synth.
import type * as z from 'zod';
import { createApplicationBody, createUploadBody, updateApplicationBody } from '../functions/api/application.schema.ts';
import { applicationPath, submitApplicationHeaders } from '../functions/api/application-request.schema.ts';
import { casePath, commitmentBody, correctionBody, listCasesQuery, trackingQuery } from '../functions/api/case.schema.ts';
import { catalogueBundlePath, catalogueItemPath, guideBody, listItemsQuery } from '../functions/api/catalogue.schema.ts';
import { supervisionStatsQuery, supervisionWarningsQuery } from '../functions/api/supervision.schema.ts';
import { departmentPath, listWorkItemsQuery, workItemPath } from '../functions/api/work-items.schema.ts';
import { acceptanceDecisionSchema, approvalRequestSchema } from '../functions/core/work-item.ts';
import { trackingPushSchema } from '../functions/core/ems-envelope.ts';
import {
  citationBody,
  departmentLicencePath,
  departmentLicenceQuery,
  licencePath,
  listLicencesQuery,
  revokeLicenceBody,
  verifyLicenceQuery,
  verifyTokenBody,
} from '../functions/api/licence.schema.ts';
import type { FunctionName } from './functions.ts';

/**
 * applicant: JWT from the province's OIDC issuer (API Gateway JWT authoriser; locally the dev issuer).
 * department: HMAC-signed request, verified inside the handler (an HTTP API authoriser cannot see the body).
 * officer: a department officer's JWT from the same issuer (the same authoriser), with role "officer" and
 *   the department claim checked in the handler (functions/core/officer.ts): the department desk.
 * public: no authentication.
 */
export type RouteAuth = 'applicant' | 'department' | 'officer' | 'public';

export interface Route {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** API Gateway v2 path syntax: `{name}` for a parameter. */
  readonly path: string;
  readonly fn: FunctionName;
  readonly auth: RouteAuth;
  /**
   * The zod schemas the handler parses its input with, for the OpenAPI document: `params` and
   * `headers` (lowercase names) and `query` are object schemas keyed by name; `body` is the JSON body.
   * @default none: path parameters are documented as strings, no query, headers or body
   */
  readonly request?: RouteRequest;
  /** @default 200 */
  readonly successStatus?: 200 | 201;
}

export interface RouteRequest {
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly headers?: z.ZodType;
  readonly body?: z.ZodType;
}

export const routes: readonly Route[] = [
  { method: 'POST', path: '/applications', fn: 'createApplication', auth: 'applicant', request: { body: createApplicationBody }, successStatus: 201 },
  { method: 'GET', path: '/applications/{id}', fn: 'getApplication', auth: 'applicant', request: { params: applicationPath } },
  { method: 'PATCH', path: '/applications/{id}', fn: 'updateApplication', auth: 'applicant', request: { params: applicationPath, body: updateApplicationBody } },
  {
    method: 'POST',
    path: '/applications/{id}/uploads',
    fn: 'createUpload',
    auth: 'applicant',
    request: { params: applicationPath, body: createUploadBody },
    successStatus: 201,
  },
  {
    method: 'POST',
    path: '/applications/{id}/submit',
    fn: 'submitApplication',
    auth: 'applicant',
    request: { params: applicationPath, headers: submitApplicationHeaders },
    successStatus: 201,
  },
  { method: 'GET', path: '/cases', fn: 'listCases', auth: 'applicant', request: { query: listCasesQuery } },
  { method: 'GET', path: '/cases/{caseNo}', fn: 'getCase', auth: 'applicant', request: { params: casePath } },
  { method: 'POST', path: '/cases/{caseNo}/corrections', fn: 'submitCorrection', auth: 'applicant', request: { params: casePath, body: correctionBody } },
  {
    method: 'POST',
    path: '/applications/{id}/commitments',
    fn: 'signCommitment',
    auth: 'applicant',
    request: { params: applicationPath, body: commitmentBody },
    successStatus: 201,
  },
  { method: 'GET', path: '/departments/{code}/work-items', fn: 'listWorkItems', auth: 'department', request: { params: departmentPath, query: listWorkItemsQuery } },
  { method: 'POST', path: '/work-items/{id}/decision', fn: 'decideWorkItem', auth: 'department', request: { params: workItemPath, body: approvalRequestSchema.or(acceptanceDecisionSchema) } },
  // Issue #16: the department desk, for officers signed in as people (never with a department's HMAC key).
  { method: 'GET', path: '/officer/work-items', fn: 'listOfficerWorkItems', auth: 'officer', request: { query: listWorkItemsQuery } },
  { method: 'GET', path: '/officer/work-items/{id}', fn: 'getOfficerWorkItem', auth: 'officer', request: { params: workItemPath } },
  {
    method: 'POST',
    path: '/officer/work-items/{id}/decision',
    fn: 'decideOfficerWorkItem',
    auth: 'officer',
    request: { params: workItemPath, body: approvalRequestSchema.or(acceptanceDecisionSchema) },
  },
  { method: 'GET', path: '/catalogue/items', fn: 'listCatalogueItems', auth: 'public', request: { query: listItemsQuery } },
  { method: 'GET', path: '/catalogue/items/{code}', fn: 'getCatalogueItem', auth: 'public', request: { params: catalogueItemPath } },
  { method: 'GET', path: '/catalogue/bundles', fn: 'listCatalogueBundles', auth: 'public' },
  { method: 'GET', path: '/catalogue/bundles/{code}', fn: 'getCatalogueBundle', auth: 'public', request: { params: catalogueBundlePath } },
  { method: 'POST', path: '/catalogue/guide', fn: 'catalogueGuide', auth: 'public', request: { body: guideBody } },
  // Issue #15 item 4: the receipt's QR code opens the console's tracking page, which reads this.
  { method: 'GET', path: '/tracking/{caseNo}', fn: 'getTracking', auth: 'public', request: { params: casePath, query: trackingQuery } },
  { method: 'GET', path: '/openapi.json', fn: 'getOpenApi', auth: 'public' },
  // Supervisors hold tokens of the same issuer (JWT authoriser); the handler requires role "supervisor".
  // Issue #9: EMS pushes tracking here. Public at the gateway; the handler verifies the push's seal (the contract's sign key).
  { method: 'POST', path: '/courier/ems/tracking', fn: 'courierTracking', auth: 'public', request: { body: trackingPushSchema } },
  { method: 'GET', path: '/supervision/stats', fn: 'supervisionStats', auth: 'applicant', request: { query: supervisionStatsQuery } },
  { method: 'GET', path: '/supervision/warnings', fn: 'supervisionWarnings', auth: 'applicant', request: { query: supervisionWarningsQuery } },
  // Issue #8: the licence library, its use by departments (purpose recorded), revocation by the
  // issuing department, public verification and keys, and citing a licence in a new application.
  { method: 'GET', path: '/licences', fn: 'listLicences', auth: 'applicant', request: { query: listLicencesQuery } },
  { method: 'GET', path: '/licences/{id}', fn: 'getLicence', auth: 'applicant', request: { params: licencePath } },
  {
    method: 'GET',
    path: '/departments/{code}/licences/{id}',
    fn: 'readLicence',
    auth: 'department',
    request: { params: departmentLicencePath, query: departmentLicenceQuery },
  },
  { method: 'POST', path: '/licences/{id}/revoke', fn: 'revokeLicence', auth: 'department', request: { params: licencePath, body: revokeLicenceBody } },
  { method: 'GET', path: '/licences/{id}/verify', fn: 'verifyLicence', auth: 'public', request: { params: licencePath, query: verifyLicenceQuery } },
  { method: 'POST', path: '/licences/verify', fn: 'verifyLicenceToken', auth: 'public', request: { body: verifyTokenBody } },
  { method: 'GET', path: '/.well-known/licence-keys', fn: 'getLicenceKeys', auth: 'public' },
  { method: 'GET', path: '/.well-known/licence-certificates', fn: 'getLicenceCertificates', auth: 'public' },
  {
    method: 'POST',
    path: '/applications/{id}/citations',
    fn: 'citeLicence',
    auth: 'applicant',
    request: { params: applicationPath, body: citationBody },
    successStatus: 201,
  },
  // Issue #18: the audit trail verified against its signed checkpoints; the handler requires role "supervisor".
  { method: 'GET', path: '/cases/{caseNo}/audit', fn: 'getCaseAudit', auth: 'applicant', request: { params: casePath } },
];

/** `GET /cases/{caseNo}` → the API Gateway v2 route key. */
export const routeKey = (route: Route): string => `${route.method} ${route.path}`;
