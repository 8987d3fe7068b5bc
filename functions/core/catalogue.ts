// The catalogue (实施清单) as plain data: what a province offers and what each item needs.
// A province config (infra/provinces/<code>/province.json) is validated against these schemas once
// at load; cross-field rules (unknown department, duplicate codes, ...) live in
// infra/provinces/rules.ts. Optional fields have the documented default; the guide (guide.ts)
// turns an item or bundle plus situation answers into one explicit, fully defaulted requirement.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { isValidUscc } from './identity.ts';

export const itemCodeSchema = z.string().regex(/^[A-Z0-9-]{1,40}$/, 'capitals, digits and "-", at most 40');
export const materialCodeSchema = z.string().regex(/^[A-Z0-9-]{1,32}$/, 'capitals, digits and "-", at most 32');
export const departmentCodeSchema = z.string().regex(/^[A-Z0-9]{2,16}$/, 'capitals and digits, 2 to 16');
/** An e-licence type (电子证照类型) code, as GB/T 36904 identifiers carry it. */
export const licenceTypeCodeSchema = z.string().regex(/^[0-9A-Z]{1,16}$/, 'capitals and digits, at most 16');
export const questionCodeSchema = z.string().regex(/^[A-Z0-9-]{1,32}$/, 'capitals, digits and "-", at most 32');
const contentTypeSchema = z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/);

/** 事项类型: the eight kinds of the national implementation list. */
export const itemTypes = ['许可', '确认', '给付', '征收', '奖励', '裁决', '其他', '公共服务'] as const;
export type ItemType = (typeof itemTypes)[number];

/**
 * How results reach the applicant: online only (the e-licence in the licence library, or the
 * decision notice; nothing posted), by EMS, or collected at a counter. `online` and `ems` are the
 * application's `delivery.method` values.
 */
export const deliveryOptions = ['online', 'ems', 'counter'] as const;
export type DeliveryOption = (typeof deliveryOptions)[number];

/** 告知承诺制: a signed commitment that replaces the proof. */
export const commitmentSchema = z.strictObject({ text: z.string().min(1) });

/**
 * A document as the province defines it once (材料库), shared by every item that requires it: the
 * code is its identity across items, which is what lets a bundle ask for it once.
 */
export const libraryMaterialSchema = z.strictObject({
  code: materialCodeSchema,
  name: z.string().min(1),
  contentTypes: z.array(contentTypeSchema).min(1),
  maxBytes: z.number().int().positive(),
  /** May be satisfied by citing an e-licence of one of these types (一次提交、多方利用). */
  licenceTypes: z.array(licenceTypeCodeSchema).min(1).optional(),
  /** How to prepare it; the correction notice quotes it. */
  guidance: z.string().min(1).optional(),
});

/** A material as an item requires it (resolved: document attributes filled from the library). */
export const materialSchema = z.strictObject({
  code: materialCodeSchema,
  name: z.string().min(1),
  /** Key (关键) material: without it the case cannot be accepted. @default true */
  key: z.boolean().default(true),
  contentTypes: z.array(contentTypeSchema).min(1),
  maxBytes: z.number().int().positive(),
  /** The original must be checked (by EMS pickup, never by a visit). @default false */
  originalRequired: z.boolean().optional(),
  licenceTypes: z.array(licenceTypeCodeSchema).min(1).optional(),
  /** 容缺受理: may be missing at acceptance against a promise to supply it. Non-key only. @default false */
  deficiencyAllowed: z.boolean().optional(),
  /** 告知承诺制: may be replaced by signing this commitment. @default not allowed */
  commitment: commitmentSchema.optional(),
  guidance: z.string().min(1).optional(),
  /** Required only when a situation answer adds it. @default false (always required) */
  situational: z.boolean().optional(),
});

/** A material entry as written in a province config: a library code needs no document attributes. */
export const materialEntrySchema = materialSchema.partial({ name: true, contentTypes: true, maxBytes: true });

/** One answer to a situation question (情形) and what it changes. */
export const situationOptionSchema = z.strictObject({
  code: questionCodeSchema,
  label: z.string().min(1),
  addMaterials: z.array(materialCodeSchema).min(1).optional(),
  removeMaterials: z.array(materialCodeSchema).min(1).optional(),
});

/** 情形: a question about the applicant's circumstances; its answer refines the material list (颗粒化). */
export const situationSchema = z.strictObject({
  code: questionCodeSchema,
  question: z.string().min(1),
  help: z.string().min(1).optional(),
  options: z.array(situationOptionSchema).min(2),
});

/** An approval stage: its departments review in parallel (并联审批); stages run in sequence. */
export const stageSchema = z.strictObject({
  name: z.string().min(1).optional(),
  departments: z.array(departmentCodeSchema).min(1),
  /** The stage's share of the committed limit, in working days. */
  committedDays: z.number().int().positive().optional(),
});

/** A fee in fen (分), so sums are exact; most items are free (no fees). */
export const feeSchema = z.strictObject({
  name: z.string().min(1),
  amountFen: z.number().int().nonnegative(),
  /** The charging standard (收费依据). */
  basis: z.string().min(1),
});

/** One field of the application form; a bundle asks a field shared by its items once. */
export const formFieldSchema = z.strictObject({
  code: z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/, 'camelCase, at most 40'),
  label: z.string().min(1),
  kind: z.enum(['text', 'number', 'date', 'boolean', 'choice']),
  required: z.boolean().default(true),
  choices: z.array(z.string().min(1)).min(2).optional(),
});

/** 政务服务事项 with the elements of its implementation list (实施清单). */
export const serviceItemSchema = z.strictObject({
  /** The province's item code (三级四同: the same at province, city and county level). */
  code: itemCodeSchema,
  /** 实施编码 in the national catalogue. */
  nationalCode: z.string().regex(/^[0-9A-Z]{8,40}$/).optional(),
  name: z.string().min(1),
  type: z.enum(itemTypes),
  legalBasis: z.string().min(1),
  /** 受理条件. */
  conditions: z.array(z.string().min(1)).optional(),
  materials: z.array(materialSchema).min(1),
  situations: z.array(situationSchema).optional(),
  /** Every department that approves (实施主体); each gets one work item per case. */
  departments: z.array(departmentCodeSchema).min(1),
  /** The order of approval. @default one stage: every department in parallel */
  stages: z.array(stageSchema).min(1).optional(),
  /** 法定时限 in working days. */
  statutoryDays: z.number().int().positive(),
  /** 承诺时限 in working days: never more than the statutory limit. */
  committedDays: z.number().int().positive(),
  /** Working days the applicant has to correct after a correction notice. @default the province's */
  correctionDays: z.number().int().positive().optional(),
  /** @default none (free) */
  fees: z.array(feeSchema).optional(),
  /** 跑动次数: visits in person. @default 0 (no-meeting) */
  visits: z.number().int().min(0).max(9).optional(),
  /** The e-licence type issued on approval. @default none: the item yields no licence */
  licenceType: licenceTypeCodeSchema.optional(),
  /**
   * The department that issues the licence (发证机关): its USCC is in the licence identifier and
   * only it may revoke. @default the item's first department
   */
  issuingDepartment: departmentCodeSchema.optional(),
  /** @default the province's delivery options */
  delivery: z.array(z.enum(deliveryOptions)).min(1).optional(),
  /** An officer formally accepts after the automatic pre-review. @default false (automatic) */
  manualAcceptance: z.boolean().optional(),
  /** Who may apply (受理条件 the pre-review can check). @default both persons and organisations */
  applicantKinds: z.array(z.enum(['person', 'organisation'])).min(1).optional(),
  /** 容缺受理: working days to supply missing deficiency-allowed materials. @default the province's */
  deficiencyDays: z.number().int().positive().optional(),
  form: z.array(formFieldSchema).optional(),
});

/** A service item as written in a province config: materials may name library entries. */
export const serviceItemEntrySchema = serviceItemSchema.extend({ materials: z.array(materialEntrySchema).min(1) });

/** A bundle question: its answer decides which optional items the bundle includes. */
export const bundleSituationSchema = z.strictObject({
  code: questionCodeSchema,
  question: z.string().min(1),
  help: z.string().min(1).optional(),
  options: z
    .array(
      z.strictObject({
        code: questionCodeSchema,
        label: z.string().min(1),
        addItems: z.array(itemCodeSchema).min(1).optional(),
        removeItems: z.array(itemCodeSchema).min(1).optional(),
      }),
    )
    .min(2),
});

/** 一件事一次办: one application covering several items, one form, each material asked once. */
export const bundleSchema = z.strictObject({
  code: itemCodeSchema,
  name: z.string().min(1),
  description: z.string().min(1).optional(),
  /** 牵头事项: its department coordinates; the application's `itemCode`. */
  leadItem: itemCodeSchema,
  /** Items in sequence by stage, in parallel within one (a later stage may use an earlier one's licence). */
  stages: z.array(z.array(itemCodeSchema).min(1)).min(1),
  /** Items included only when a bundle situation answer adds them. */
  optionalItems: z.array(itemCodeSchema).min(1).optional(),
  situations: z.array(bundleSituationSchema).optional(),
  /** The bundle's own promise in working days (e.g. 3 for business start-up, "3550"). */
  committedDays: z.number().int().positive(),
});

export const departmentSchema = z.strictObject({
  code: departmentCodeSchema,
  name: z.string().min(1),
  /** Where work items are pushed (signed). TLS only: a work item carries personal data. */
  webhookUrl: z.url({ protocol: /^https$/ }).optional(),
  /** Where the department's supervisor (电子监察) hears of deadline warnings, signed like pushes. TLS only. */
  supervisorWebhookUrl: z.url({ protocol: /^https$/ }).optional(),
  /**
   * The name of the department's HMAC key in the key store (locally department-keys.json, in AWS
   * a Secrets Manager secret under the province's prefix). @default the department code
   */
  keyRef: z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,128}$/).optional(),
  /**
   * 统一社会信用代码 (GB 32100) of the department: the issuer field of the GB/T 36904 identifiers of
   * the licences it issues. Required of every department that issues one (infra/provinces/rules.ts).
   */
  uscc: z.string().refine(isValidUscc, 'not a valid unified social credit code (GB 32100)').optional(),
});

/** An e-licence type the platform issues or can read from the licence library. */
export const licenceTypeSchema = z.strictObject({
  code: licenceTypeCodeSchema,
  name: z.string().min(1),
  /** Who issues it, when not an item of this catalogue (e.g. 公安部 for 居民身份证). */
  issuer: z.string().min(1).optional(),
  /** How long a licence of this type is valid, in years from issue. @default indefinite (长期有效) */
  validityYears: z.number().int().min(1).max(100).optional(),
});

export type CommitmentText = z.infer<typeof commitmentSchema>;
export type Material = z.infer<typeof materialSchema>;
export type MaterialEntry = z.infer<typeof materialEntrySchema>;
export type LibraryMaterial = z.infer<typeof libraryMaterialSchema>;
export type Situation = z.infer<typeof situationSchema>;
export type BundleSituation = z.infer<typeof bundleSituationSchema>;
export type Stage = z.infer<typeof stageSchema>;
export type Fee = z.infer<typeof feeSchema>;
export type FormField = z.infer<typeof formFieldSchema>;
export type ServiceItem = z.infer<typeof serviceItemSchema>;
export type ServiceItemEntry = z.infer<typeof serviceItemEntrySchema>;
export type Bundle = z.infer<typeof bundleSchema>;
export type Department = z.infer<typeof departmentSchema>;
export type LicenceType = z.infer<typeof licenceTypeSchema>;

/** What the guide and the API need of a province: its catalogue, nothing about its deployment. */
export interface Catalogue {
  readonly departments: readonly Department[];
  readonly licenceTypes: readonly LicenceType[];
  readonly items: readonly ServiceItem[];
  readonly bundles: readonly Bundle[];
  /** The province's delivery options: an item without its own offers these. */
  readonly delivery: readonly DeliveryOption[];
  /** Working days to correct, for items that set none. */
  readonly correctionDays: number;
  /** Working days to supply materials missing at a 容缺 acceptance, for items that set none. */
  readonly deficiencyDays: number;
}

export const findItem = (items: readonly ServiceItem[], code: string): ServiceItem | undefined =>
  items.find((item) => item.code === code);

export const findBundle = (bundles: readonly Bundle[], code: string): Bundle | undefined =>
  bundles.find((bundle) => bundle.code === code);

/** The item's approval stages; without explicit stages every department reviews in parallel. */
export const stagesOf = (item: Pick<ServiceItem, 'departments' | 'stages'>): readonly Stage[] =>
  item.stages ?? [{ departments: item.departments }];

/** The bundle's items in stage order. */
export const bundleItemCodes = (bundle: Bundle): readonly string[] => bundle.stages.flat();

export type ApplicantKind = NonNullable<ServiceItem['applicantKinds']>[number];

/** Who may apply for all of `items` (a bundle admits only whom every item admits). */
export const applicantKindsOf = (items: ReadonlyArray<Pick<ServiceItem, 'applicantKinds'>>): ApplicantKind[] =>
  (['person', 'organisation'] as const).filter((kind) => items.every((item) => (item.applicantKinds ?? [kind]).includes(kind)));

/** Delivery options of an item: its own, else the province's. */
export const deliveryOf = (catalogue: Pick<Catalogue, 'delivery'>, item: ServiceItem): readonly DeliveryOption[] =>
  item.delivery ?? catalogue.delivery;

/** JSON with object keys sorted at every level: the same data always gives the same text. */
export const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

/**
 * The catalogue version: a content hash of everything that decides what a case needs. A hash
 * cannot be forgotten when someone edits the data, unlike a hand-kept number; any change to an
 * item, bundle, licence type, department name or default yields a new version.
 */
export const catalogueVersion = (catalogue: Catalogue): string =>
  createHash('sha256')
    .update(
      canonicalJson({
        departments: catalogue.departments.map(({ code, name }) => ({ code, name })),
        licenceTypes: catalogue.licenceTypes,
        items: catalogue.items,
        bundles: catalogue.bundles,
        delivery: catalogue.delivery,
        correctionDays: catalogue.correctionDays,
        deficiencyDays: catalogue.deficiencyDays,
      }),
    )
    .digest('hex')
    .slice(0, 16);

export interface ItemFilter {
  readonly department?: string;
  readonly type?: ItemType;
  /** Matched case-insensitively against code, national code, name and legal basis. */
  readonly keyword?: string;
}

/** The items matching every given filter, ordered by code (a stable order for paging). */
export const searchItems = (items: readonly ServiceItem[], filter: ItemFilter): ServiceItem[] => {
  const keyword = filter.keyword?.trim().toLowerCase();
  return items
    .filter((item) => filter.department === undefined || item.departments.includes(filter.department))
    .filter((item) => filter.type === undefined || item.type === filter.type)
    .filter(
      (item) =>
        !keyword ||
        [item.code, item.nationalCode ?? '', item.name, item.legalBasis].some((text) => text.toLowerCase().includes(keyword)),
    )
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
};
