// The rules of a province config that span fields. Each finding names the path of the offending
// field, so `cdk synth` and `npm start` say exactly what to fix; all findings come at once.
//
// Decisions worth knowing:
// - Material codes are province-wide identities: the same code is the same document in every item.
//   A document used by more than one item is defined once in the material library (`materials`);
//   an inline definition belongs to one item only. That is what lets a bundle ask for it once.
// - Every e-licence type named anywhere (an item's result, a material's "may be satisfied by") must
//   be declared in `licenceTypes`. An error, not a warning: an undeclared type is a typo or a source
//   the platform cannot read, and either way the applicant would be offered something that never
//   matches. Declaring an external type (身份证, 结婚证 ...) is one line with its issuer.
// - A department reviews once per case (one work item each), so it appears in one stage of an item
//   and in one merged stage of a bundle.
import type * as z from 'zod';
import { bundleItemCodes, findItem, type Material, type ServiceItem } from '#core/catalogue.ts';
import { mergeStages } from '#core/guide.ts';
import type { ProvinceSource } from './schema.ts';

type Path = (string | number)[];

const documentFields = ['name', 'contentTypes', 'maxBytes', 'licenceTypes'] as const;

/** Reports every second occurrence of a code. */
const duplicates = <T>(list: readonly T[], codeOf: (entry: T) => string | undefined, path: (index: number) => Path, what: string, report: (path: Path, message: string) => void) => {
  const seen = new Map<string, number>();
  list.forEach((entry, index) => {
    const code = codeOf(entry);
    if (code === undefined) return;
    const first = seen.get(code);
    if (first === undefined) seen.set(code, index);
    else report(path(index), `duplicate ${what} "${code}" (first at index ${first})`);
  });
};

export const checkProvince = (p: ProvinceSource, ctx: z.RefinementCtx): void => {
  const report = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path, message });
  const departments = new Set(p.departments.map((d) => d.code));
  const licenceTypes = new Set(p.licenceTypes.map((t) => t.code));
  const library = new Map(p.materials.map((m) => [m.code, m]));

  duplicates(p.departments, (d) => d.code, (i) => ['departments', i, 'code'], 'department code', report);
  // A key defaults to the department code, whose duplicates are reported above; explicit keys here.
  const keys = new Map<string, number>();
  p.departments.forEach((d, i) => {
    const key = d.keyRef ?? d.code;
    const first = keys.get(key);
    if (first === undefined) keys.set(key, i);
    else if (d.keyRef !== undefined || p.departments[first]?.keyRef !== undefined) {
      report(['departments', i, 'keyRef'], `duplicate department key "${key}" (first at index ${first}): each department signs with its own`);
    }
  });
  // 快递送 (issue #9): originals go to, results come from, and courier exceptions land with a department of the province.
  if (p.serviceCentre !== undefined && !departments.has(p.serviceCentre)) report(['serviceCentre'], `unknown department "${p.serviceCentre}"`);
  duplicates(p.licenceTypes, (t) => t.code, (i) => ['licenceTypes', i, 'code'], 'licence type', report);
  duplicates(p.materials, (m) => m.code, (i) => ['materials', i, 'code'], 'material code', report);
  duplicates(p.items, (item) => item.code, (i) => ['items', i, 'code'], 'item code', report);
  duplicates(p.items, (item) => item.nationalCode, (i) => ['items', i, 'nationalCode'], 'national item code', report);
  duplicates(p.bundles, (b) => b.code, (i) => ['bundles', i, 'code'], 'bundle code', report);

  const checkLicenceTypes = (types: readonly string[] | undefined, path: Path) =>
    types?.forEach((type, k) => {
      if (!licenceTypes.has(type)) report([...path, k], `undeclared licence type "${type}": add it to licenceTypes`);
    });
  p.materials.forEach((m, i) => checkLicenceTypes(m.licenceTypes, ['materials', i, 'licenceTypes']));

  // Which item defines which inline material: a second item using it must go through the library.
  const inlineOwner = new Map<string, string>();

  p.items.forEach((item, i) => {
    const at = (...rest: Path): Path => ['items', i, ...rest];

    item.departments.forEach((code, j) => {
      if (!departments.has(code)) report(at('departments', j), `unknown department "${code}"`);
    });
    duplicates(item.departments, (d) => d, (j) => at('departments', j), 'department', report);
    if (item.committedDays > item.statutoryDays) {
      report(at('committedDays'), `committed days (${item.committedDays}) exceed statutory days (${item.statutoryDays})`);
    }
    if (item.licenceType !== undefined && !licenceTypes.has(item.licenceType)) {
      report(at('licenceType'), `undeclared licence type "${item.licenceType}": add it to licenceTypes`);
    }
    // GB/T 36904: a licence identifier carries its issuer's USCC, so whoever issues needs one.
    if (item.issuingDepartment !== undefined && !item.departments.includes(item.issuingDepartment)) {
      report(at('issuingDepartment'), `department "${item.issuingDepartment}" is not one of the item's departments`);
    } else if (item.licenceType !== undefined) {
      const issuer = item.issuingDepartment ?? item.departments[0];
      const index = p.departments.findIndex((d) => d.code === issuer);
      if (index >= 0 && p.departments[index]?.uscc === undefined) {
        report(['departments', index, 'uscc'], `department "${issuer}" issues ${item.licenceType} licences (item ${item.code}): give its unified social credit code`);
      }
    }

    // Stages: each of the item's departments in exactly one stage, stage shares within the promise.
    if (item.stages) {
      const staged = new Map<string, number>();
      item.stages.forEach((stage, s) =>
        stage.departments.forEach((code, d) => {
          if (!item.departments.includes(code)) report(at('stages', s, 'departments', d), `department "${code}" is not one of the item's departments`);
          else if (staged.has(code)) report(at('stages', s, 'departments', d), `department "${code}" already reviews in stage ${staged.get(code)}`);
          else staged.set(code, s);
        }),
      );
      item.departments.forEach((code, j) => {
        if (!staged.has(code)) report(at('departments', j), `department "${code}" is in no stage`);
      });
      const shares = item.stages.reduce((sum, stage) => sum + (stage.committedDays ?? 0), 0);
      if (shares > item.committedDays) report(at('stages'), `stage committed days add up to ${shares}, more than the item's ${item.committedDays}`);
    }

    // Materials: defined exactly once, library or inline; 容缺 only for non-key materials.
    duplicates(item.materials, (m) => m.code, (j) => at('materials', j, 'code'), 'material code', report);
    item.materials.forEach((m, j) => {
      const fromLibrary = library.get(m.code);
      if (fromLibrary) {
        for (const field of documentFields) {
          if (m[field] !== undefined) report(at('materials', j, field), `material "${m.code}" is defined in the material library; do not redefine ${field} here`);
        }
      } else {
        for (const field of ['name', 'contentTypes', 'maxBytes'] as const) {
          if (m[field] === undefined) report(at('materials', j, field), `material "${m.code}" is not in the material library, so it needs ${field} here`);
        }
        const owner = inlineOwner.get(m.code);
        if (owner !== undefined && owner !== item.code) {
          report(at('materials', j), `material "${m.code}" is also defined by item ${owner}: a shared material belongs in the material library`);
        } else inlineOwner.set(m.code, item.code);
        checkLicenceTypes(m.licenceTypes, at('materials', j, 'licenceTypes'));
      }
      if (m.deficiencyAllowed && m.key !== false) {
        report(at('materials', j, 'deficiencyAllowed'), `容缺受理 is for non-key materials only: set key to false or drop deficiencyAllowed`);
      }
    });

    // Situations: options point at materials of the item; every situational material is reachable.
    const codes = new Set(item.materials.map((m) => m.code));
    const situational = new Set(item.materials.filter((m) => m.situational).map((m) => m.code));
    const reachable = new Set<string>();
    duplicates(item.situations ?? [], (s) => s.code, (q) => at('situations', q, 'code'), 'question code', report);
    (item.situations ?? []).forEach((situation, q) => {
      duplicates(situation.options, (o) => o.code, (o) => at('situations', q, 'options', o, 'code'), 'option code', report);
      situation.options.forEach((option, o) => {
        option.addMaterials?.forEach((code, k) => {
          const path = at('situations', q, 'options', o, 'addMaterials', k);
          if (!codes.has(code)) report(path, `adds material "${code}", which the item does not list`);
          else if (!situational.has(code)) report(path, `adds material "${code}", which is always required: mark it situational`);
          else reachable.add(code);
        });
        option.removeMaterials?.forEach((code, k) => {
          if (!codes.has(code)) report(at('situations', q, 'options', o, 'removeMaterials', k), `removes material "${code}", which the item does not list`);
        });
      });
    });
    item.materials.forEach((m, j) => {
      if (m.situational && !reachable.has(m.code)) report(at('materials', j, 'situational'), `material "${m.code}" is never required: no situation option adds it`);
    });

    item.delivery?.forEach((option, k) => {
      if (!p.delivery.includes(option)) report(at('delivery', k), `delivery "${option}" is not offered by the province (${p.delivery.join(', ')})`);
    });
    duplicates(item.form ?? [], (f) => f.code, (f) => at('form', f, 'code'), 'form field', report);
    (item.form ?? []).forEach((f, k) => {
      if ((f.kind === 'choice') !== (f.choices !== undefined)) report(at('form', k, 'choices'), 'choices go with kind "choice", and only with it');
    });
  });

  p.bundles.forEach((bundle, b) => checkBundle(p, bundle, b, report));
};

const checkBundle = (p: ProvinceSource, bundle: ProvinceSource['bundles'][number], b: number, report: (path: Path, message: string) => void): void => {
  const at = (...rest: Path): Path => ['bundles', b, ...rest];
  const members = bundleItemCodes(bundle);
  const items = p.items as unknown as ServiceItem[]; // stages, questions and forms only: materials unused here
  bundle.stages.forEach((stage, s) =>
    stage.forEach((code, k) => {
      if (!findItem(items, code)) report(at('stages', s, k), `unknown item "${code}"`);
    }),
  );
  duplicates(members, (code) => code, (k) => at('stages', ...position(bundle.stages, k)), 'item', report);
  if (members.length < 2) report(at('stages'), 'a bundle covers at least two items');
  if (!members.includes(bundle.leadItem)) report(at('leadItem'), `lead item "${bundle.leadItem}" is not in the bundle's stages`);
  if (bundle.optionalItems?.includes(bundle.leadItem)) report(at('optionalItems'), 'the lead item cannot be optional');
  bundle.optionalItems?.forEach((code, k) => {
    if (!members.includes(code)) report(at('optionalItems', k), `optional item "${code}" is not in the bundle's stages`);
  });

  const optional = new Set(bundle.optionalItems ?? []);
  const reachable = new Set<string>();
  duplicates(bundle.situations ?? [], (s) => s.code, (q) => at('situations', q, 'code'), 'question code', report);
  (bundle.situations ?? []).forEach((situation, q) => {
    duplicates(situation.options, (o) => o.code, (o) => at('situations', q, 'options', o, 'code'), 'option code', report);
    situation.options.forEach((option, o) => {
      option.addItems?.forEach((code, k) => {
        const path = at('situations', q, 'options', o, 'addItems', k);
        if (!members.includes(code)) report(path, `adds item "${code}", which the bundle does not list`);
        else if (!optional.has(code)) report(path, `adds item "${code}", which is always included: list it in optionalItems`);
        else reachable.add(code);
      });
      option.removeItems?.forEach((code, k) => {
        if (!members.includes(code)) report(at('situations', q, 'options', o, 'removeItems', k), `removes item "${code}", which the bundle does not list`);
        else if (code === bundle.leadItem) report(at('situations', q, 'options', o, 'removeItems', k), 'the lead item cannot be removed');
      });
    });
  });
  bundle.optionalItems?.forEach((code, k) => {
    if (members.includes(code) && code !== bundle.leadItem && !reachable.has(code)) {
      report(at('optionalItems', k), `optional item "${code}" is never included: no bundle situation option adds it`);
    }
  });

  const known = members.map((code) => findItem(items, code)).filter((item): item is ServiceItem => item !== undefined);
  if (known.length !== members.length) return; // unknown items are reported above; the rest needs them all

  // One merged form: a question or field shared by items must mean the same thing in each.
  const questions = new Map<string, { item: string; shape: string }>();
  const bundleQuestions = new Set((bundle.situations ?? []).map((s) => s.code));
  const fields = new Map<string, { item: string; shape: string }>();
  const collisions = new Set<string>();
  for (const item of known) {
    for (const s of item.situations ?? []) {
      const shape = JSON.stringify([s.question, s.options.map((o) => [o.code, o.label])]);
      const seen = questions.get(s.code);
      if (bundleQuestions.has(s.code)) {
        if (!collisions.has(s.code)) report(at('situations'), `bundle question "${s.code}" has the code of a question of item ${item.code}`);
        collisions.add(s.code);
      } else if (!seen) questions.set(s.code, { item: item.code, shape });
      else if (seen.item !== item.code && seen.shape !== shape) {
        report(at('stages', ...positionOf(bundle.stages, item.code)), `question "${s.code}" differs between items ${seen.item} and ${item.code}: a shared question needs the same text and options`);
      }
    }
    for (const f of item.form ?? []) {
      const shape = JSON.stringify([f.label, f.kind, f.required, f.choices ?? null]);
      const seen = fields.get(f.code);
      if (!seen) fields.set(f.code, { item: item.code, shape });
      else if (seen.item !== item.code && seen.shape !== shape) {
        report(at('stages', ...positionOf(bundle.stages, item.code)), `form field "${f.code}" differs between items ${seen.item} and ${item.code}`);
      }
    }
  }

  // One work item per department per case: a department may review in one merged stage only.
  const merged = mergeStages(bundle.stages.map((stage) => stage.map((code) => findItem(known, code) as ServiceItem)));
  const stageOf = new Map<string, number>();
  merged.forEach((stage, s) =>
    stage.departments.forEach((code) => {
      const first = stageOf.get(code);
      if (first !== undefined && first !== s) report(at('stages'), `department "${code}" would review in two stages (${first + 1} and ${s + 1}): put its items in one stage`);
      else stageOf.set(code, s);
    }),
  );

  // The promise may be shorter than the law allows along the critical path, never longer.
  const statutory = bundle.stages.reduce((sum, stage) => sum + Math.max(...stage.map((code) => (findItem(known, code) as ServiceItem).statutoryDays)), 0);
  if (bundle.committedDays > statutory) report(at('committedDays'), `committed days (${bundle.committedDays}) exceed the statutory days of its stages (${statutory})`);

};

/** [stage, index] of the k-th item of the flattened stages. */
const position = (stages: readonly (readonly string[])[], k: number): [number, number] => {
  let rest = k;
  for (const [s, stage] of stages.entries()) {
    if (rest < stage.length) return [s, rest];
    rest -= stage.length;
  }
  return [0, 0];
};

const positionOf = (stages: readonly (readonly string[])[], code: string): [number, number] => {
  for (const [s, stage] of stages.entries()) {
    const k = stage.indexOf(code);
    if (k >= 0) return [s, k];
  }
  return [0, 0];
};

/** Items with every material resolved against the library (checkProvince has vouched for them). */
export const resolveItems = (p: ProvinceSource): ServiceItem[] => {
  const library = new Map(p.materials.map((m) => [m.code, m]));
  return p.items.map((item) => ({
    ...item,
    materials: item.materials.map((entry): Material => {
      const doc = library.get(entry.code);
      const name = doc?.name ?? entry.name;
      const contentTypes = doc?.contentTypes ?? entry.contentTypes;
      const maxBytes = doc?.maxBytes ?? entry.maxBytes;
      if (name === undefined || contentTypes === undefined || maxBytes === undefined) {
        throw new Error(`material ${entry.code} of item ${item.code} has no definition`); // unreachable after checkProvince
      }
      const licenceTypes = doc?.licenceTypes ?? entry.licenceTypes;
      const guidance = entry.guidance ?? doc?.guidance;
      return { ...entry, name, contentTypes, maxBytes, ...(licenceTypes ? { licenceTypes } : {}), ...(guidance ? { guidance } : {}) };
    }),
  }));
};
