// Visits every state of a definition, including those inside Parallel branches and Map item
// processors, telling the visitor which Map/Parallel states enclose it.
import { isJsonObject, type JsonObject } from './json.ts';

export type StateVisitor = (name: string, state: JsonObject, scopes: readonly string[]) => void;

const nestedDefinitions = (state: JsonObject): JsonObject[] => {
  if (state.Type === 'Parallel' && Array.isArray(state.Branches)) return state.Branches.filter(isJsonObject);
  if (state.Type === 'Map') {
    const processor = state.ItemProcessor ?? state.Iterator;
    return isJsonObject(processor) ? [processor] : [];
  }
  return [];
};

export const walkStates = (definition: JsonObject, visit: StateVisitor, scopes: readonly string[] = []): void => {
  const states = definition.States;
  if (!isJsonObject(states)) throw new Error('a definition (or a branch or item processor) has no States object');
  for (const [name, state] of Object.entries(states)) {
    if (!isJsonObject(state)) throw new Error(`state ${name} is not an object`);
    visit(name, state, scopes);
    for (const nested of nestedDefinitions(state)) walkStates(nested, visit, [...scopes, name]);
  }
};
