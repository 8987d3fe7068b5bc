// A simple layered layout of an ASL state machine (top-level states): each state's row is the
// longest path to it from StartAt once back edges (the correction and acceptance loops back to
// PreReview) are set aside, so every forward edge points down.

interface AslState {
  Type: string;
  Next?: string;
  Default?: string;
  Choices?: Array<{ Next: string }>;
  Catch?: Array<{ Next: string }>;
  ItemProcessor?: { States: Record<string, AslState> };
}

export interface AslDocument {
  StartAt: string;
  States: Record<string, AslState>;
}

export interface LaidNode {
  name: string;
  type: string;
  x: number;
  y: number;
}

export interface LaidEdge {
  from: string;
  to: string;
  kind: 'next' | 'choice' | 'catch';
  back: boolean;
}

export const NODE = { width: 150, height: 36, gapX: 18, gapY: 34 };

const edgesOf = (asl: AslDocument): Omit<LaidEdge, 'back'>[] =>
  Object.entries(asl.States).flatMap(([from, s]) => [
    ...(s.Next ? [{ from, to: s.Next, kind: 'next' as const }] : []),
    ...(s.Default ? [{ from, to: s.Default, kind: 'choice' as const }] : []),
    ...(s.Choices ?? []).map((c) => ({ from, to: c.Next, kind: 'choice' as const })),
    ...(s.Catch ?? []).map((c) => ({ from, to: c.Next, kind: 'catch' as const })),
  ]);

export const layout = (asl: AslDocument): { nodes: LaidNode[]; edges: LaidEdge[]; width: number; height: number } => {
  const raw = edgesOf(asl);
  // Back edges: those closing a cycle in a depth-first walk from StartAt.
  const back = new Set<string>();
  const onStack = new Set<string>();
  const seen = new Set<string>();
  const walk = (name: string): void => {
    seen.add(name);
    onStack.add(name);
    for (const e of raw.filter((r) => r.from === name)) {
      if (onStack.has(e.to)) back.add(`${e.from}>${e.to}`);
      else if (!seen.has(e.to)) walk(e.to);
    }
    onStack.delete(name);
  };
  walk(asl.StartAt);
  const edges = raw.map((e) => ({ ...e, back: back.has(`${e.from}>${e.to}`) }));
  const forward = edges.filter((e) => !e.back);
  const row = new Map<string, number>([[asl.StartAt, 0]]);
  // Longest path on the acyclic remainder (few states: relax until nothing changes).
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of forward) {
      const r = (row.get(e.from) ?? -1) + 1;
      if (row.has(e.from) && r > (row.get(e.to) ?? -1)) {
        row.set(e.to, r);
        changed = true;
      }
    }
  }
  const rows: string[][] = [];
  for (const name of Object.keys(asl.States)) (rows[row.get(name) ?? 0] ??= []).push(name);
  const widest = Math.max(...rows.map((r) => r?.length ?? 0));
  const width = widest * (NODE.width + NODE.gapX) + NODE.gapX;
  const nodes = rows.flatMap((names, r) => {
    const span = names.length * (NODE.width + NODE.gapX) - NODE.gapX;
    return names.map((name, i) => ({
      name,
      type: asl.States[name]?.Type ?? '',
      x: (width - span) / 2 + i * (NODE.width + NODE.gapX),
      y: NODE.gapY / 2 + r * (NODE.height + NODE.gapY),
    }));
  });
  return { nodes, edges, width, height: rows.length * (NODE.height + NODE.gapY) };
};

/** Every state name, nested ones (inside a Map's ItemProcessor) too, → the top-level state drawn for it. */
export const topLevelOf = (asl: AslDocument): Map<string, string> => {
  const owner = new Map<string, string>();
  const visit = (states: Record<string, AslState>, top: string | undefined): void => {
    for (const [name, state] of Object.entries(states)) {
      owner.set(name, top ?? name);
      if (state.ItemProcessor) visit(state.ItemProcessor.States, top ?? name);
    }
  };
  visit(asl.States, undefined);
  return owner;
};

/** A path of state names as the diagram draws it: top-level states, repeats in a row merged. */
export const drawnPath = (path: readonly string[], owner: Map<string, string>): string[] =>
  path.map((name) => owner.get(name) ?? name).filter((name, i, all) => name !== all[i - 1]);
