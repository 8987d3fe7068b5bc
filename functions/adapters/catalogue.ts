// The province's catalogue, bundled with the function and validated at cold start, and the
// requirement (guide result) of an application or a case.
import type { ApplicationRecord, CaseRecord } from '#core/case.ts';
import { catalogueVersion as versionOf, findBundle, findItem, type Bundle, type ServiceItem } from '#core/catalogue.ts';
import { Conflict, Invalid, NotFound } from '#core/errors.ts';
import { requirementFor, type Answers, type Requirement, type Subject } from '#core/guide.ts';
import { loadProvince } from '#infra/provinces/index.ts';
import type { Province } from '#infra/provinces/schema.ts';
import { config } from './config.ts';

let loaded: Province | undefined;
let version: string | undefined;

export const province = (): Province => (loaded ??= loadProvince(config().PROVINCE));

/** The content hash of the catalogue this function was deployed with. */
export const catalogueVersion = (): string => (version ??= versionOf(province()));

/** An item named in a request body: unknown → 400 naming the field. */
export const requireItem = (code: string, field = 'itemCode'): ServiceItem => {
  const item = findItem(province().items, code);
  if (!item) throw new Invalid(`no service item ${code} in this province`, [{ field, message: 'unknown service item' }]);
  return item;
};

/** An item named by a path: unknown → 404. */
export const catalogueItem = (code: string): ServiceItem => {
  const item = findItem(province().items, code);
  if (!item) throw new NotFound(`no service item ${code} in this province`);
  return item;
};

/** A bundle named by a path: unknown → 404. */
export const catalogueBundle = (code: string): Bundle => {
  const bundle = findBundle(province().bundles, code);
  if (!bundle) throw new NotFound(`no bundle ${code} in this province`);
  return bundle;
};

/** The exact requirement under the current catalogue: unknown subject or answers → 400 naming the field. */
export const resolveRequirement = (subject: Subject, answers: Answers, field = 'answers'): Requirement =>
  requirementFor(province(), catalogueVersion(), subject, answers, field);

export const subjectOf = (application: Pick<ApplicationRecord, 'itemCode' | 'bundleCode'>): Subject =>
  application.bundleCode !== undefined ? { kind: 'bundle', code: application.bundleCode } : { kind: 'item', code: application.itemCode };

/**
 * What a draft application requires under the current catalogue. The answers were checked when the
 * draft was created; if the catalogue has changed since so that they no longer fit, that is a
 * conflict with the draft's state (409), not a bad request.
 */
export const requirementForApplication = (application: ApplicationRecord): Requirement => {
  try {
    return resolveRequirement(subjectOf(application), application.situationAnswers ?? {}, 'situationAnswers');
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    throw new Conflict(
      `the catalogue has changed since this application was drafted (now version ${catalogueVersion()}); its answers no longer fit: start a new application`,
      error.errors,
    );
  }
};

/**
 * What a case is judged by: the requirement recorded when it was submitted, whatever the catalogue
 * says now. A case submitted before requirements were recorded is resolved from its application
 * under the current catalogue (the best that can be known about it). The application is fetched
 * by the caller's loader, so the public catalogue functions never load the case store.
 */
export const requirementOfCase = async (
  record: CaseRecord,
  loadApplication: (id: string) => Promise<ApplicationRecord | undefined>,
): Promise<Requirement> => {
  if (record.requirement) return withLaterDefaults(record.requirement);
  const application = await loadApplication(record.applicationId);
  return application ? requirementForApplication(application) : resolveRequirement({ kind: 'item', code: record.itemCode }, {});
};

/**
 * A requirement recorded before a field existed gets the field's default (issue #5 added who may
 * apply and the 容缺 supply window), so cases in flight across an upgrade are judged as before.
 */
const withLaterDefaults = (r: Requirement): Requirement => ({
  ...r,
  applicantKinds: (r as Partial<Requirement>).applicantKinds ?? ['person', 'organisation'],
  items: r.items.map((item) => ({ ...item, deficiencyDays: (item as Partial<typeof item>).deficiencyDays ?? province().deficiencyDays })),
});
