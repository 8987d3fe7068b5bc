// What the platform asks EMS to carry (快递送, issue #9): the originals a case must show, from the
// applicant to the service centre (pickup, before approval), and the result, from the service
// centre to the applicant (delivery, after issuance). Pure: orders are plain data built from the
// case, its recorded requirement and the service centre's contract address.
import type { CaseRecord } from './case.ts';
import type { CourierKind } from './courier-tracking.ts';
import type { Requirement } from './guide.ts';

/** A postal address as an EMS order carries it (sender or receiver). */
export interface PostalAddress {
  readonly name: string;
  readonly mobile: string;
  /** Province, city, county: GB/T 2260 names. */
  readonly prov: string;
  readonly city: string;
  readonly county: string;
  readonly address: string;
}

export interface CourierOrder {
  /** logisticsOrderNo: ours, one per case and kind, so creating it twice yields one parcel. */
  readonly orderNo: string;
  readonly kind: CourierKind;
  readonly sender: PostalAddress;
  readonly receiver: PostalAddress;
  readonly cargo: { readonly name: string; readonly quantity: number };
}

/** The order number of a case's pickup or delivery: `<caseNo>-P` / `<caseNo>-D`. */
export const orderNoOf = (caseNo: string, kind: CourierKind): string => `${caseNo}-${kind === 'pickup' ? 'P' : 'D'}`;

/** The case and kind of one of our order numbers, or undefined. */
export const parseOrderNo = (orderNo: string): { caseNo: string; kind: CourierKind } | undefined => {
  const m = /^(\d{2}-\d{8}-[0-9A-Z]{10})-([PD])$/.exec(orderNo);
  return m ? { caseNo: m[1] as string, kind: m[2] === 'P' ? 'pickup' : 'delivery' } : undefined;
};

/** The materials whose originals must be seen (by EMS pickup, never by a visit). */
export const originalsOf = (requirement: Pick<Requirement, 'materials'>): ReadonlyArray<{ code: string; name: string }> =>
  requirement.materials.filter((m) => m.originalRequired).map(({ code, name }) => ({ code, name }));

/**
 * The department that receives originals and sends results (政务服务中心 / 综合窗口): the province's
 * `serviceCentre`, else the lead item's first department (牵头部门).
 */
export const serviceCentreOf = (configured: string | undefined, requirement: Pick<Requirement, 'items' | 'leadItem' | 'departments'>): string =>
  configured ?? requirement.items.find((item) => item.code === requirement.leadItem)?.departments[0] ?? requirement.departments[0] ?? '';

/** The applicant's address from the case's EMS delivery choice; undefined when none was given. */
export const applicantAddressOf = (c: Pick<CaseRecord, 'delivery'>): PostalAddress | undefined => {
  if (c.delivery?.method !== 'ems') return undefined;
  const a = c.delivery.address;
  return { name: a.recipient, mobile: a.mobile, prov: a.province, city: a.city, county: a.county, address: a.detail };
};

/** Originals from the applicant to the service centre. */
export const pickupOrderOf = (input: {
  readonly caseNo: string;
  readonly from: PostalAddress;
  readonly serviceCentre: PostalAddress;
  readonly originals: ReadonlyArray<{ readonly name: string }>;
}): CourierOrder => ({
  orderNo: orderNoOf(input.caseNo, 'pickup'),
  kind: 'pickup',
  sender: input.from,
  receiver: input.serviceCentre,
  cargo: { name: `申请材料原件（办件 ${input.caseNo}）：${input.originals.map((m) => m.name).join('、')}`.slice(0, 200), quantity: input.originals.length },
});

/** The result (licence or decision) from the service centre to the applicant. */
export const deliveryOrderOf = (input: {
  readonly caseNo: string;
  readonly to: PostalAddress;
  readonly serviceCentre: PostalAddress;
  readonly licenceId?: string | undefined;
}): CourierOrder => ({
  orderNo: orderNoOf(input.caseNo, 'delivery'),
  kind: 'delivery',
  sender: input.serviceCentre,
  receiver: input.to,
  cargo: { name: input.licenceId ? `行政许可证件 ${input.licenceId}` : `办理结果（办件 ${input.caseNo}）`, quantity: 1 },
});
