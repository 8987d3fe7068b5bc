// What the public catalogue routes show: items, bundles and guides with department and licence
// names, never a department's webhook or key. Every answer names the catalogue version and may be
// cached for five minutes: the catalogue only changes with a deployment, and then its version
// (the ETag) changes with it.
import type { Bundle, Catalogue, ServiceItem } from '#core/catalogue.ts';
import { applicantKindsOf, bundleItemCodes, deliveryOf, findItem, stagesOf } from '#core/catalogue.ts';
import { questionsOf, type Requirement } from '#core/guide.ts';
import { catalogueVersion, province } from '#adapters/catalogue.ts';
import { json, type HttpEvent, type HttpResult } from '#middleware/http.ts';

const nameOf = (catalogue: Catalogue, code: string) => ({
  code,
  name: catalogue.departments.find((d) => d.code === code)?.name ?? code,
});

const licenceOf = (catalogue: Catalogue, type: string) => ({
  type,
  name: catalogue.licenceTypes.find((t) => t.code === type)?.name ?? type,
});

export const cacheHeaders = (): Record<string, string> => ({
  'cache-control': 'public, max-age=300',
  etag: `"${catalogueVersion()}"`,
});

/** 200 with the catalogue's cache headers, or 304 when the caller already holds this version. */
export const cacheable = (event: HttpEvent, body: unknown): HttpResult => {
  const headers = cacheHeaders();
  const held = (event.headers['if-none-match'] ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (held.includes(headers.etag as string) || held.includes('*')) {
    return { statusCode: 304, headers: { ...headers, 'x-content-type-options': 'nosniff' } };
  }
  return json(200, { catalogueVersion: catalogueVersion(), ...(body as Record<string, unknown>) }, headers);
};

export const itemSummary = (item: ServiceItem) => {
  const catalogue = province();
  return {
    code: item.code,
    ...(item.nationalCode ? { nationalCode: item.nationalCode } : {}),
    name: item.name,
    type: item.type,
    departments: item.departments.map((code) => nameOf(catalogue, code)),
    statutoryDays: item.statutoryDays,
    committedDays: item.committedDays,
    visits: item.visits ?? 0,
    // Who may apply (受理条件), so nobody starts a draft the item would refuse.
    applicantKinds: applicantKindsOf([item]),
    licence: item.licenceType ? licenceOf(catalogue, item.licenceType) : null,
    hasSituations: (item.situations ?? []).length > 0,
    bundles: catalogue.bundles.filter((b) => bundleItemCodes(b).includes(item.code)).map((b) => b.code),
  };
};

export const itemDetail = (item: ServiceItem) => {
  const catalogue = province();
  const fees = item.fees ?? [];
  return {
    ...itemSummary(item),
    legalBasis: item.legalBasis,
    conditions: item.conditions ?? [],
    materials: item.materials.map((m) => ({
      code: m.code,
      name: m.name,
      key: m.key,
      contentTypes: m.contentTypes,
      maxBytes: m.maxBytes,
      originalRequired: m.originalRequired ?? false,
      licences: (m.licenceTypes ?? []).map((type) => licenceOf(catalogue, type)),
      deficiencyAllowed: m.deficiencyAllowed ?? false,
      ...(m.commitment ? { commitment: m.commitment } : {}),
      ...(m.guidance ? { guidance: m.guidance } : {}),
      situational: m.situational ?? false,
    })),
    // Each option says what it changes, so a front end can explain an answer before it is given.
    questions: (item.situations ?? []).map((s) => ({
      code: s.code,
      question: s.question,
      ...(s.help ? { help: s.help } : {}),
      options: s.options.map((o) => ({ code: o.code, label: o.label, addMaterials: o.addMaterials ?? [], removeMaterials: o.removeMaterials ?? [] })),
    })),
    stages: stagesOf(item).map((stage) => ({
      ...(stage.name ? { name: stage.name } : {}),
      departments: stage.departments.map((code) => nameOf(catalogue, code)),
      ...(stage.committedDays ? { committedDays: stage.committedDays } : {}),
    })),
    correctionDays: item.correctionDays ?? catalogue.correctionDays,
    fees,
    totalFeeFen: fees.reduce((sum, fee) => sum + fee.amountFen, 0),
    delivery: deliveryOf(catalogue, item),
    manualAcceptance: item.manualAcceptance ?? false,
    form: item.form ?? [],
  };
};

const bundleItems = (catalogue: Catalogue, bundle: Bundle) =>
  bundleItemCodes(bundle).map((code) => ({
    code,
    name: findItem(catalogue.items, code)?.name ?? code,
    optional: (bundle.optionalItems ?? []).includes(code),
  }));

export const bundleSummary = (bundle: Bundle) => {
  const catalogue = province();
  const items = bundleItemCodes(bundle).map((code) => findItem(catalogue.items, code)).filter((i): i is ServiceItem => i !== undefined);
  return {
    code: bundle.code,
    name: bundle.name,
    ...(bundle.description ? { description: bundle.description } : {}),
    leadItem: bundle.leadItem,
    items: bundleItems(catalogue, bundle),
    departments: [...new Set(items.flatMap((item) => item.departments))].map((code) => nameOf(catalogue, code)),
    applicantKinds: applicantKindsOf(items),
    committedDays: bundle.committedDays,
  };
};

export const bundleDetail = (bundle: Bundle) => {
  const catalogue = province();
  const items = bundleItemCodes(bundle).map((code) => findItem(catalogue.items, code)).filter((i): i is ServiceItem => i !== undefined);
  return {
    ...bundleSummary(bundle),
    stages: bundle.stages.map((stage) => stage.map((code) => bundleItems(catalogue, bundle).find((i) => i.code === code))),
    // The single merged form: every question and field once, whatever item asks it.
    questions: questionsOf(catalogue, bundle),
    form: [...new Map(items.flatMap((item) => item.form ?? []).map((f) => [f.code, f])).values()],
  };
};

/** A requirement with the names a reader needs next to the codes. */
export const requirementView = (requirement: Requirement) => {
  const catalogue = province();
  const types = new Set([...requirement.materials.flatMap((m) => m.licenceTypes), ...requirement.items.flatMap((i) => (i.licenceType ? [i.licenceType] : []))]);
  return {
    ...requirement,
    names: {
      departments: Object.fromEntries(requirement.departments.map((code) => [code, nameOf(catalogue, code).name])),
      licenceTypes: Object.fromEntries([...types].map((type) => [type, licenceOf(catalogue, type).name])),
    },
  };
};
