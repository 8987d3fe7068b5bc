// Province config: one file per province, validated at synth and at `npm start`.
import { z } from 'zod';
import { departmentSchema, serviceItemSchema } from '#core/catalogue.ts';

export const provinceSchema = z
  .strictObject({
    /** GB/T 2260 division code of the province (two digits), e.g. "32" for Jiangsu. */
    code: z.string().regex(/^\d{2}$/),
    name: z.string().min(1),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/),
    partition: z.enum(['aws', 'aws-cn']),
    /** The province's OIDC provider for applicant tokens (the API Gateway JWT authoriser). */
    oidc: z
      .strictObject({ issuer: z.url({ protocol: /^https$/ }), audience: z.array(z.string().min(1)).min(1) })
      .optional(),
    departments: z.array(departmentSchema).min(1),
    items: z.array(serviceItemSchema).min(1),
  })
  .superRefine((province, ctx) => {
    const known = new Set(province.departments.map((d) => d.code));
    province.items.forEach((item, i) => {
      item.departments.forEach((code, j) => {
        if (!known.has(code)) {
          ctx.addIssue({ code: 'custom', path: ['items', i, 'departments', j], message: `unknown department "${code}"` });
        }
      });
      if (item.committedDays > item.statutoryDays) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'committedDays'], message: 'committed days exceed statutory days' });
      }
    });
  });

export type Province = z.infer<typeof provinceSchema>;
