// Province config: one file per province, validated at synth, at `npm start` and at Lambda cold
// start. Field shapes come from functions/core/catalogue.ts; the rules that span fields (unknown
// department, duplicate codes, limits, situations pointing nowhere, ...) are in rules.ts, each
// naming the path of the offending field. The parsed config has every item's materials resolved
// against the province's material library, so nothing downstream knows the library exists.
import * as z from 'zod';
import {
  bundleSchema,
  deliveryOptions,
  departmentSchema,
  libraryMaterialSchema,
  licenceTypeSchema,
  serviceItemEntrySchema,
} from '#core/catalogue.ts';
import { checkProvince, resolveItems } from './rules.ts';

export const provinceSourceSchema = z.strictObject({
  /** GB/T 2260 division code of the province (two digits), e.g. "32" for Jiangsu. */
  code: z.string().regex(/^\d{2}$/),
  name: z.string().min(1),
  /** Where the data comes from and how far it may be trusted. */
  description: z.string().min(1).optional(),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/),
  partition: z.enum(['aws', 'aws-cn']),
  /**
   * Years the audit archive keeps each checkpoint and exported trail under Object Lock in
   * compliance mode (issue #18; nobody, the root user included, can delete them sooner). The
   * default follows the 30-year period (定期30年) of 国家档案局令第8号《机关文件材料归档范围和文书档案
   * 保管期限规定》; a province whose 保管期限表 keeps 行政许可 records permanently sets up to 99.
   * @default 30
   */
  auditRetentionYears: z.number().int().min(1).max(99).default(30),
  /**
   * A demo province: it may be synthesised (and deployed, to try it) without sign-in, domain or
   * alarm recipients; the API then trusts an issuer that never resolves (fail closed) and the
   * console is reached on CloudFront's own domain. Only the demo province 99 sets it.
   * @default false: synth refuses the province until `oidc`, `domain` and `alarms` are set
   */
  demo: z.boolean().default(false),
  /**
   * The province's OIDC provider (统一身份认证) for applicants', officers' and supervisors' tokens:
   * the API Gateway JWT authoriser trusts this issuer and these audiences, and the console signs in
   * against it with `audience[0]` as its client id (authorisation code flow with PKCE).
   */
  oidc: z
    .strictObject({ issuer: z.url({ protocol: /^https$/ }), audience: z.array(z.string().min(1)).min(1) })
    .optional(),
  /**
   * The province's public domain (政务服务网 host): the console and the API behind one CloudFront
   * distribution, and `PUBLIC_BASE_URL` (receipts' QR codes) built from it.
   */
  domain: z
    .strictObject({
      /** e.g. `zwfw.jiangsu.gov.cn`: a DNS name the province controls; its CNAME points at the distribution. */
      name: z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'a lowercase DNS name'),
      /**
       * The TLS certificate for `name`: an ACM certificate in us-east-1 (CloudFront's region) in the
       * aws partition; in the China regions an IAM server certificate id (CloudFront in China takes
       * no ACM certificates).
       */
      certificate: z.string().regex(/^(arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}|[A-Z0-9]{21})$/, 'an ACM certificate ARN in us-east-1, or an IAM server certificate id'),
      /**
       * The ICP filing number (ICP备案号) of the domain, required by MIIT before a site may be served
       * from the China regions; synth refuses a China province's domain without it.
       */
      icp: z.string().min(1).optional(),
    })
    .optional(),
  /** Who hears an alarm: e-mail addresses subscribed to the province's alarm topic, or an existing SNS topic. */
  alarms: z
    .strictObject({
      email: z.array(z.email()).default([]),
      /** An existing topic (e.g. the province's on-call rotation) that every alarm notifies too. */
      topicArn: z.string().regex(/^arn:aws(-cn)?:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/, 'an SNS topic ARN').optional(),
    })
    .refine((alarms) => alarms.email.length > 0 || alarms.topicArn !== undefined, 'name at least one e-mail address or a topicArn')
    .optional(),
  /**
   * Browser origins (`https://host[:port]`, no path) of front ends other than the province's console
   * that call the API and upload to presigned URLs (CORS). The console needs none: it is served on
   * the API's own origin (infra/constructs/console.ts). Never `*`.
   */
  allowedOrigins: z
    .array(
      z
        .url({ protocol: /^https$/ })
        .refine((v) => URL.canParse(v) && new URL(v).origin === v, 'an origin: https://host[:port], without path or trailing slash'),
    )
    .optional(),
  departments: z.array(departmentSchema).min(1),
  /** E-licence types the platform issues or reads: every type an item or material names. */
  licenceTypes: z.array(licenceTypeSchema).default([]),
  /** The material library (材料库): documents shared by several items, defined once. */
  materials: z.array(libraryMaterialSchema).default([]),
  items: z.array(serviceItemEntrySchema).min(1),
  bundles: z.array(bundleSchema).default([]),
  /** 电子监察: yellow warning when this many working days or fewer remain; red once overdue. */
  supervision: z
    .strictObject({ yellowRemainingDays: z.number().int().min(0).max(30).default(2) })
    .default({ yellowRemainingDays: 2 }),
  /** How results may reach applicants in this province; items choose among these. */
  delivery: z.array(z.enum(deliveryOptions)).min(1).default(['online', 'ems']),
  /**
   * Working days an applicant has to answer a correction notice, for items that set none. A
   * province's own rule (行政许可法 Art. 32 fixes only the authority's 5 days to notify).
   */
  correctionDays: z.number().int().positive().default(20),
  /** 容缺受理: working days an applicant has to supply what was missing, for items that set none. */
  deficiencyDays: z.number().int().positive().default(10),
  /**
   * 快递送 (issue #9): the department that receives originals collected by EMS and sends results
   * out, and whose inbox gets the courier's exceptions (a parcel refused, returned, lost, or an
   * unusable address). @default the lead item's first department (牵头部门) of each case
   */
  serviceCentre: departmentSchema.shape.code.optional(),
});

export type ProvinceSource = z.infer<typeof provinceSourceSchema>;

export const provinceSchema = provinceSourceSchema.superRefine(checkProvince).transform((source) => ({
  ...source,
  items: resolveItems(source),
}));

export type Province = z.infer<typeof provinceSchema>;
