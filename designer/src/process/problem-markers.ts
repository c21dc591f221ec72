/**
 * The check's problems on the diagram: a red outline and a badge on each element a problem
 * names (its message as the badge's tooltip), and the diff's added, changed and removed elements marked.
 * Returns what undoes the marks.
 */
import type { DraftProblem } from '../draft/draft-model.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- diagram-js services are untyped here */
export interface DiagramHighlight {
  added?: string[];
  changed?: string[];
  removed?: string[];
}

/** A bpmn-js Modeler or Viewer: what the marks need of it. */
export interface Diagram {
  get(service: string): unknown;
}

export function markProblems(modeler: Diagram, problems: DraftProblem[], highlight?: DiagramHighlight): () => void {
  const registry = modeler.get('elementRegistry') as any;
  const canvas = modeler.get('canvas') as any;
  const overlays = modeler.get('overlays') as any;
  const marks: Array<[string, string]> = [];
  const overlayIds: string[] = [];
  const mark = (id: string, marker: string) => {
    if (!registry.get(id)) return;
    canvas.addMarker(id, marker);
    marks.push([id, marker]);
  };

  const byElement = new Map<string, DraftProblem[]>();
  for (const problem of problems) if (problem.element) byElement.set(problem.element, [...(byElement.get(problem.element) ?? []), problem]);
  for (const [id, list] of byElement) {
    if (!registry.get(id)) continue;
    mark(id, 'fd-problem');
    const badge = document.createElement('div');
    badge.className = 'fd-problem-badge';
    badge.setAttribute('role', 'note');
    // Text, never markup: messages quote what the bundle author typed.
    badge.textContent = String(list.length);
    badge.title = list.map((p) => `${p.code}: ${p.message}`).join('\n');
    overlayIds.push(overlays.add(id, 'fd-problem', { position: { top: -12, right: 12 }, html: badge }));
  }
  for (const id of highlight?.added ?? []) mark(id, 'fd-added');
  for (const id of highlight?.changed ?? []) mark(id, 'fd-changed');
  for (const id of highlight?.removed ?? []) mark(id, 'fd-removed');

  return () => {
    // Elements deleted meanwhile took their marks and overlays with them.
    for (const [id, marker] of marks) if (registry.get(id)) canvas.removeMarker(id, marker);
    for (const id of overlayIds) if (overlays.get(id)) overlays.remove(id);
  };
}
