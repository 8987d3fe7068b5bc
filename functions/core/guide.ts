// The guide (办事指南) for one applicant: an item or a bundle plus the answers to its situation
// questions (情形) → the exact materials, departments, stages, limits, fees and visits. The result,
// a Requirement, is what a case is judged by: it is stored with the case at submission together
// with the catalogue version, so a later catalogue change never moves the goalposts of a case
// already submitted (行政许可法 Art. 8: a licence once granted is not changed at will; the same
// reliance applies to the conditions an application was made under).
import {
  applicantKindsOf,
  bundleItemCodes,
  deliveryOf,
  deliveryOptions,
  findBundle,
  findItem,
  stagesOf,
  type Bundle,
  type Catalogue,
  type CommitmentText,
  type DeliveryOption,
  type FormField,
  type ItemType,
  type ServiceItem,
  type Stage,
} from './catalogue.ts';
import { Invalid, type FieldError } from './errors.ts';

export type Subject = { readonly kind: 'item'; readonly code: string } | { readonly kind: 'bundle'; readonly code: string };

/** Situation answers: question code → option code. */
export type Answers = Readonly<Record<string, string>>;

/** A material as this application requires it: every default made explicit. */
export interface RequiredMaterial {
  readonly code: string;
  readonly name: string;
  readonly key: boolean;
  // Mutable arrays, as in Material, so a RequiredMaterial is also a Material (verifyArrival takes one).
  readonly contentTypes: string[];
  readonly maxBytes: number;
  readonly originalRequired: boolean;
  /** E-licence types that satisfy it; empty when none does. */
  readonly licenceTypes: string[];
  readonly deficiencyAllowed: boolean;
  readonly commitment?: CommitmentText;
  readonly guidance?: string;
  /** The items that require it: a bundle asks for it once for all of them. */
  readonly items: readonly string[];
}

/** A material a bundle produces itself: an earlier stage issues the e-licence that satisfies it. */
export interface ProvidedMaterial {
  readonly code: string;
  readonly name: string;
  readonly items: readonly string[];
  readonly providedBy: string;
  readonly licenceType: string;
}

export interface RequiredItem {
  readonly code: string;
  readonly name: string;
  readonly type: ItemType;
  readonly legalBasis: string;
  readonly departments: readonly string[];
  readonly stages: readonly Stage[];
  readonly statutoryDays: number;
  readonly committedDays: number;
  readonly correctionDays: number;
  readonly deficiencyDays: number;
  readonly visits: number;
  /** The e-licence type issued, or null when the item yields none. */
  readonly licenceType: string | null;
  readonly manualAcceptance: boolean;
  readonly delivery: readonly DeliveryOption[];
}

export interface MergedStage {
  readonly departments: readonly string[];
  readonly items: readonly string[];
}

export interface Requirement {
  readonly catalogueVersion: string;
  readonly subject: { readonly kind: Subject['kind']; readonly code: string; readonly name: string };
  /** The lead item: the item itself, or the bundle's 牵头事项. */
  readonly leadItem: string;
  /** The answers that applied, by question code. */
  readonly answers: Answers;
  readonly items: readonly RequiredItem[];
  /** What the applicant submits (upload, cite an e-licence, or commit), in form order. */
  readonly materials: readonly RequiredMaterial[];
  readonly providedWithin: readonly ProvidedMaterial[];
  readonly departments: readonly string[];
  readonly stages: readonly MergedStage[];
  readonly statutoryDays: number;
  readonly committedDays: number;
  readonly fees: ReadonlyArray<{ readonly item: string; readonly name: string; readonly amountFen: number; readonly basis: string }>;
  readonly totalFeeFen: number;
  /** 跑动次数: the most any item needs (0 = no-meeting). */
  readonly visits: number;
  readonly delivery: readonly DeliveryOption[];
  readonly manualAcceptance: boolean;
  /** Who may apply: every item of the case must admit the applicant's kind. */
  readonly applicantKinds: ReadonlyArray<'person' | 'organisation'>;
  readonly form: readonly FormField[];
}

/** A question as a front end renders it, with the items whose materials it changes. */
export interface Question {
  readonly code: string;
  readonly question: string;
  readonly help?: string;
  readonly options: ReadonlyArray<{ readonly code: string; readonly label: string }>;
  /** 'bundle' for a bundle question (it chooses items), else the items that ask it. */
  readonly appliesTo: 'bundle' | readonly string[];
}

const unique = <T>(values: Iterable<T>): T[] => [...new Set(values)];

const itemsOf = (catalogue: Catalogue, codes: readonly string[]): ServiceItem[] =>
  codes.map((code) => findItem(catalogue.items, code)).filter((item): item is ServiceItem => item !== undefined);

/**
 * Merges items running in sequence of bundle stages: within a bundle stage the items run in
 * parallel, so their k-th approval stages run together. Empty stages are dropped.
 */
export const mergeStages = (bundleStages: ReadonlyArray<readonly ServiceItem[]>): MergedStage[] =>
  bundleStages.flatMap((items) => {
    const depth = Math.max(0, ...items.map((item) => stagesOf(item).length));
    return Array.from({ length: depth }, (_, k) => {
      const running = items.filter((item) => stagesOf(item)[k] !== undefined);
      return {
        departments: unique(running.flatMap((item) => stagesOf(item)[k]?.departments ?? [])),
        items: running.map((item) => item.code),
      };
    }).filter((stage) => stage.departments.length > 0);
  });

/** Every question of an item or a bundle: a question shared by several items is asked once. */
export const questionsOf = (catalogue: Catalogue, subject: ServiceItem | Bundle): Question[] => {
  if ('type' in subject) {
    return (subject.situations ?? []).map((s) => ({ ...questionView(s), appliesTo: [subject.code] }));
  }
  const items = itemsOf(catalogue, bundleItemCodes(subject));
  return [...(subject.situations ?? []).map((s) => ({ ...questionView(s), appliesTo: 'bundle' as const })), ...itemQuestions(items)];
};

const questionView = (s: { code: string; question: string; help?: string | undefined; options: ReadonlyArray<{ code: string; label: string }> }) => ({
  code: s.code,
  question: s.question,
  ...(s.help ? { help: s.help } : {}),
  options: s.options.map(({ code, label }) => ({ code, label })),
});

const itemQuestions = (items: readonly ServiceItem[]): Question[] => {
  const byCode = new Map<string, Question & { appliesTo: string[] }>();
  for (const item of items) {
    for (const situation of item.situations ?? []) {
      const known = byCode.get(situation.code);
      if (known) known.appliesTo.push(item.code);
      else byCode.set(situation.code, { ...questionView(situation), appliesTo: [item.code] });
    }
  }
  return [...byCode.values()];
};

const optionList = (options: ReadonlyArray<{ code: string; label: string }>): string =>
  options.map((o) => `${o.code}（${o.label}）`).join('、');

/** Checks one answer; returns the chosen option or records why not. */
const choose = <O extends { code: string; label: string }>(
  question: { code: string; question: string; options: readonly O[] },
  answers: Answers,
  errors: FieldError[],
  field: string,
): O | undefined => {
  const answer = answers[question.code];
  if (answer === undefined) {
    errors.push({ field: `${field}.${question.code}`, message: `unanswered: ${question.question}; options: ${optionList(question.options)}` });
    return undefined;
  }
  const option = question.options.find((o) => o.code === answer);
  if (!option) errors.push({ field: `${field}.${question.code}`, message: `no option "${answer}"; options: ${optionList(question.options)}` });
  return option;
};

/**
 * The exact requirement for an item or bundle under these answers. Every question that applies
 * must be answered with one of its options; an unknown question, an unknown option, or an answer
 * to a question that does not apply is refused, each naming its field, all at once.
 */
export const requirementFor = (
  catalogue: Catalogue,
  version: string,
  subject: Subject,
  answers: Answers,
  field = 'answers',
): Requirement => {
  const bundle = subject.kind === 'bundle' ? findBundle(catalogue.bundles, subject.code) : undefined;
  const single = subject.kind === 'item' ? findItem(catalogue.items, subject.code) : undefined;
  if (!bundle && !single) {
    const name = subject.kind === 'item' ? 'itemCode' : 'bundleCode';
    throw new Invalid(`no ${subject.kind === 'item' ? 'service item' : 'bundle'} ${subject.code} in this province`, [
      { field: name, message: `unknown ${subject.kind === 'item' ? 'service item' : 'bundle'}` },
    ]);
  }
  const errors: FieldError[] = [];

  // 1. Bundle questions decide the items.
  let stagesOfItems: string[][];
  if (bundle) {
    const optional = new Set(bundle.optionalItems ?? []);
    const added = new Set<string>();
    const removed = new Set<string>();
    for (const situation of bundle.situations ?? []) {
      const option = choose(situation, answers, errors, field);
      option?.addItems?.forEach((code) => added.add(code));
      option?.removeItems?.forEach((code) => removed.add(code));
    }
    stagesOfItems = bundle.stages.map((stage) => stage.filter((code) => (!optional.has(code) || added.has(code)) && !removed.has(code)));
  } else {
    stagesOfItems = [[(single as ServiceItem).code]];
  }
  const included = itemsOf(catalogue, stagesOfItems.flat());

  // 2. Item questions, each asked once, decide the materials.
  const candidates = bundle ? itemsOf(catalogue, bundleItemCodes(bundle)) : included;
  const applicable = itemQuestions(included);
  const asked = new Set([...(bundle?.situations ?? []).map((s) => s.code), ...applicable.map((q) => q.code)]);
  const everywhere = new Set([...(bundle?.situations ?? []).map((s) => s.code), ...itemQuestions(candidates).map((q) => q.code)]);
  for (const code of Object.keys(answers).sort()) {
    if (!everywhere.has(code)) errors.push({ field: `${field}.${code}`, message: 'no such question' });
    else if (!asked.has(code)) errors.push({ field: `${field}.${code}`, message: 'does not apply: none of the included items asks it' });
  }
  const chosen = new Map<string, string>();
  for (const question of applicable) {
    const option = choose(question, answers, errors, field);
    if (option) chosen.set(question.code, option.code);
  }
  if (errors.length) throw new Invalid('the situation answers do not fit this guide', errors);

  // 3. Each item's materials under the answers, then merged by code (the same code is the same
  //    document, see infra/provinces/rules.ts): asked once, with the strictest requirement.
  const stageIndex = new Map(stagesOfItems.flatMap((codes, s) => codes.map((code) => [code, s] as const)));
  const merged = new Map<string, { material: RequiredMaterial; commitments: (CommitmentText | undefined)[]; guidance: string[] }>();
  for (const item of included) {
    const added = new Set<string>();
    const removed = new Set<string>();
    for (const situation of item.situations ?? []) {
      const option = situation.options.find((o) => o.code === chosen.get(situation.code));
      option?.addMaterials?.forEach((code) => added.add(code));
      option?.removeMaterials?.forEach((code) => removed.add(code));
    }
    for (const m of item.materials) {
      if ((m.situational && !added.has(m.code)) || removed.has(m.code)) continue;
      const known = merged.get(m.code);
      if (!known) {
        merged.set(m.code, {
          material: {
            code: m.code,
            name: m.name,
            key: m.key,
            contentTypes: m.contentTypes,
            maxBytes: m.maxBytes,
            originalRequired: m.originalRequired ?? false,
            licenceTypes: m.licenceTypes ?? [],
            deficiencyAllowed: m.deficiencyAllowed ?? false,
            items: [item.code],
          },
          commitments: [m.commitment],
          guidance: m.guidance ? [m.guidance] : [],
        });
        continue;
      }
      const was = known.material;
      known.material = {
        ...was,
        key: was.key || m.key,
        originalRequired: was.originalRequired || (m.originalRequired ?? false),
        // 容缺 only if every item requiring it allows it to be missing.
        deficiencyAllowed: was.deficiencyAllowed && (m.deficiencyAllowed ?? false),
        items: [...was.items, item.code],
      };
      known.commitments.push(m.commitment);
      if (m.guidance) known.guidance.push(m.guidance);
    }
  }
  // A licence issued by an item of an earlier stage of the bundle satisfies the material inside
  // the bundle: the applicant never supplies what the bundle itself produces (一次提交、多方利用).
  const materials: RequiredMaterial[] = [];
  const providedWithin: ProvidedMaterial[] = [];
  for (const { material, commitments, guidance } of merged.values()) {
    const issuer = bundle
      ? included.find(
          (issuing) =>
            issuing.licenceType !== undefined &&
            material.licenceTypes.includes(issuing.licenceType) &&
            material.items.every((code) => (stageIndex.get(code) ?? 0) > (stageIndex.get(issuing.code) ?? 0)),
        )
      : undefined;
    if (issuer?.licenceType) {
      providedWithin.push({ code: material.code, name: material.name, items: material.items, providedBy: issuer.code, licenceType: issuer.licenceType });
      continue;
    }
    // A commitment replaces the proof only if every item requiring it accepts one.
    const texts = commitments.every((c) => c !== undefined) ? unique(commitments.map((c) => c.text)) : [];
    const notes = unique(guidance);
    materials.push({
      ...material,
      ...(texts.length ? { commitment: { text: texts.join('\n') } } : {}),
      ...(notes.length ? { guidance: notes.join('\n') } : {}),
    });
  }

  // 4. Departments, stages, limits, fees, visits, delivery and the form.
  const stages = mergeStages(stagesOfItems.map((codes) => itemsOf(catalogue, codes)));
  const statutoryDays = stagesOfItems
    .map((codes) => Math.max(0, ...itemsOf(catalogue, codes).map((item) => item.statutoryDays)))
    .reduce((sum, days) => sum + days, 0);
  const lead = bundle ? bundle.leadItem : (single as ServiceItem).code;
  // One delivery choice for the case: each item delivers by it where it offers it, else by its own.
  const delivery = deliveryOptions.filter((option) => included.some((item) => deliveryOf(catalogue, item).includes(option)));
  const fees = included.flatMap((item) => (item.fees ?? []).map((fee) => ({ item: item.code, ...fee })));
  const form = unique(included.flatMap((item) => item.form ?? []).map((f) => f.code)).map(
    (code) => included.flatMap((item) => item.form ?? []).find((f) => f.code === code) as FormField,
  );

  return {
    catalogueVersion: version,
    subject: { kind: subject.kind, code: subject.code, name: bundle ? bundle.name : (single as ServiceItem).name },
    leadItem: lead,
    answers: Object.fromEntries([...chosen.entries()].concat(bundleAnswers(bundle, answers)).sort(([a], [b]) => (a < b ? -1 : 1))),
    items: included.map((item) => requiredItem(catalogue, item)),
    materials,
    providedWithin,
    departments: unique(stages.flatMap((stage) => stage.departments)),
    stages,
    statutoryDays,
    // The legal limit wins over a promise made for a larger combination of items.
    committedDays: bundle ? Math.min(bundle.committedDays, statutoryDays) : (single as ServiceItem).committedDays,
    fees,
    totalFeeFen: fees.reduce((sum, fee) => sum + fee.amountFen, 0),
    visits: Math.max(0, ...included.map((item) => item.visits ?? 0)),
    delivery,
    manualAcceptance: included.some((item) => item.manualAcceptance ?? false),
    applicantKinds: applicantKindsOf(included),
    form,
  };
};

const bundleAnswers = (bundle: Bundle | undefined, answers: Answers): [string, string][] =>
  (bundle?.situations ?? []).map((s) => [s.code, answers[s.code] as string]);

const requiredItem = (catalogue: Catalogue, item: ServiceItem): RequiredItem => ({
  code: item.code,
  name: item.name,
  type: item.type,
  legalBasis: item.legalBasis,
  departments: item.departments,
  stages: stagesOf(item),
  statutoryDays: item.statutoryDays,
  committedDays: item.committedDays,
  correctionDays: item.correctionDays ?? catalogue.correctionDays,
  deficiencyDays: item.deficiencyDays ?? catalogue.deficiencyDays,
  visits: item.visits ?? 0,
  licenceType: item.licenceType ?? null,
  manualAcceptance: item.manualAcceptance ?? false,
  delivery: deliveryOf(catalogue, item),
});

/** The licence the case's lead item issues, or undefined when it issues none. */
export const leadLicenceType = (requirement: Requirement): string | undefined =>
  requirement.items.find((item) => item.code === requirement.leadItem)?.licenceType ?? undefined;

/** A licence a case yields: the item that issues it and its type. */
export interface LicenceResult {
  readonly itemCode: string;
  readonly licenceType: string;
}

/**
 * Every licence the case yields: one per item with a licence result (a bundle yields one for each
 * of its items that issues one, 一件事一次办), the lead item's first, then in the order of the items.
 */
export const licenceResults = (requirement: Requirement): LicenceResult[] =>
  requirement.items
    .flatMap((item) => (item.licenceType ? [{ itemCode: item.code, licenceType: item.licenceType }] : []))
    .sort((a, b) => Number(b.itemCode === requirement.leadItem) - Number(a.itemCode === requirement.leadItem));

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** Checks form data against the (merged) form: every problem at once, each naming its field. */
/**
 * Checks form data against the merged form. `requireAll` false for a draft: what is given must be
 * right, what is missing may come later (pre-review checks completeness).
 */
export const checkFormData = (
  form: readonly FormField[],
  data: Readonly<Record<string, unknown>>,
  field = 'formData',
  requireAll = true,
): FieldError[] => {
  const errors: FieldError[] = [];
  const known = new Set(form.map((f) => f.code));
  for (const code of Object.keys(data)) if (!known.has(code)) errors.push({ field: `${field}.${code}`, message: 'no such form field' });
  for (const f of form) {
    const value = data[f.code];
    const at = `${field}.${f.code}`;
    if (value === undefined || value === null || value === '') {
      if (f.required && requireAll) errors.push({ field: at, message: `required: ${f.label}` });
      continue;
    }
    const ok =
      f.kind === 'text'
        ? typeof value === 'string' && value.length <= 500
        : f.kind === 'number'
          ? typeof value === 'number' && Number.isFinite(value)
          : f.kind === 'date'
            ? typeof value === 'string' && isoDate.test(value) && !Number.isNaN(Date.parse(value))
            : f.kind === 'boolean'
              ? typeof value === 'boolean'
              : typeof value === 'string' && (f.choices ?? []).includes(value);
    if (!ok) {
      const expected = f.kind === 'choice' ? `one of ${(f.choices ?? []).join('、')}` : f.kind === 'date' ? 'a date YYYY-MM-DD' : `a ${f.kind}`;
      errors.push({ field: at, message: `expected ${expected}` });
    }
  }
  return errors;
};
