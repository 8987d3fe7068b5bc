// DefinitionSubstitutions as CDK applies them: `${Name}` in the ASL text replaced by its value.
// Values are JSON-escaped because every substitution in our ASL sits inside a JSON string.

export const applySubstitutions = (definitionText: string, substitutions: Readonly<Record<string, string>>): unknown => {
  const unresolved = new Set<string>();
  const text = definitionText.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    const value = substitutions[name];
    if (value === undefined) {
      unresolved.add(whole);
      return whole;
    }
    return JSON.stringify(value).slice(1, -1);
  });
  if (unresolved.size > 0) throw new Error(`unresolved definition substitution(s): ${[...unresolved].join(', ')}`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`the definition is not valid JSON after substitution: ${(error as Error).message}`, { cause: error });
  }
};
