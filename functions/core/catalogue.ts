// The catalogue (实施清单) as plain data: what a province offers and what each item needs.
// Issue #3 deepens this (situations, bundles, fees, stages); the skeleton needs the shape only.
import { z } from 'zod';

export const materialSchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9-]{1,32}$/),
  name: z.string().min(1),
  key: z.boolean().default(true),
  contentTypes: z.array(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/)).min(1),
  maxBytes: z.number().int().positive(),
});

export const serviceItemSchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9-]{1,40}$/),
  name: z.string().min(1),
  type: z.enum(['许可', '确认', '给付', '征收', '奖励', '裁决', '其他', '公共服务']),
  legalBasis: z.string().min(1),
  materials: z.array(materialSchema).min(1),
  /** Departments that approve, in parallel (stages come with issue #3). */
  departments: z.array(z.string()).min(1),
  statutoryDays: z.number().int().positive(),
  committedDays: z.number().int().positive(),
  /** Licence type code (GB/T 36904) issued on approval. */
  licenceType: z.string().regex(/^[0-9A-Z]{1,16}$/),
});

export const departmentSchema = z.strictObject({
  code: z.string().regex(/^[A-Z0-9]{2,16}$/),
  name: z.string().min(1),
  webhookUrl: z.url().optional(),
});

export type Material = z.infer<typeof materialSchema>;
export type ServiceItem = z.infer<typeof serviceItemSchema>;
export type Department = z.infer<typeof departmentSchema>;

export const findItem = (items: readonly ServiceItem[], code: string): ServiceItem | undefined =>
  items.find((item) => item.code === code);
