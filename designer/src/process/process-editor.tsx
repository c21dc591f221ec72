/**
 * A draft's BPMN file in the bpmn-js Modeler with the properties panel and Flowdesk's settings.
 * Edits go back to the draft as XML (bpmn-js keeps the diagram layout and any other modeler's
 * extension elements and attributes as they were). The last check's problems are marked on the
 * elements they name; a problem opened from the list selects its element.
 */
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/diagram-js.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import { Alert } from 'antd';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import Modeler from 'bpmn-js/lib/Modeler';
import { useEffect, useRef, useState } from 'react';
import flowdeskExtension from '../../../docs/schemas/flowdesk-bpmn-extension.json';
import { api } from '../../../runtime/web/index.js';
import type { DraftCatalogue, DraftProblem } from '../draft/draft-model.js';
import { flowdeskPropertiesModule, type ModelerContextHolder } from './flowdesk-properties.js';
import { markProblems, type DiagramHighlight } from './problem-markers.js';
import { useProcessTexts } from './process-texts.js';
import { runnablePaletteModule } from './runnable-palette.js';

export interface ProcessEditorProps {
  xml: string;
  onChange(xml: string): void;
  catalogue: DraftCatalogue;
  problems: DraftProblem[];
  /** An element to select and show (a problem opened from the check's list). */
  focusElement?: string | null;
  /** Elements to mark as added or changed (the diff view). */
  highlight?: DiagramHighlight;
}

/** Who can be assigned and which groups exist, for the settings' pickers (the admin sees all). */
function useDirectory() {
  const [directory, setDirectory] = useState<{ people: Array<{ id: string; label: string }>; teams: Array<{ id: string; label: string }>; roles: string[] }>({ people: [], teams: [], roles: [] });
  useEffect(() => {
    void Promise.all([
      api<{ items: Array<{ id: string; name: string; login: string | null }> }>('/people', { query: { kind: 'user', limit: 50 } }).catch(() => ({ items: [] })),
      api<{ teams: Array<{ id: string; name: string }> }>('/teams').catch(() => ({ teams: [] })),
      api<{ roles: string[] }>('/roles').catch(() => ({ roles: [] })),
    ]).then(([people, teams, roles]) =>
      setDirectory({
        people: people.items.map((p) => ({ id: p.id, label: p.login ? `${p.name} (${p.login})` : p.name })),
        teams: teams.teams.map((team) => ({ id: team.id, label: team.name })),
        roles: roles.roles,
      }),
    );
  }, []);
  return directory;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- bpmn-js services are untyped here */
export function ProcessEditor({ xml, onChange, catalogue, problems, focusElement, highlight }: ProcessEditorProps) {
  const t = useProcessTexts();
  const directory = useDirectory();
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const modelerRef = useRef<Modeler | null>(null);
  const emitted = useRef<string | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const [ready, setReady] = useState(0);
  const [importError, setImportError] = useState<string | null>(null);
  const holder = useRef<ModelerContextHolder>({ current: { catalogue, ...directory, roles: [], t } });
  holder.current.current = { catalogue, people: directory.people, teams: directory.teams, roles: [...new Set([...catalogue.roles, ...directory.roles])].sort(), t };

  useEffect(() => {
    const modeler = new Modeler({
      container: canvasRef.current!,
      propertiesPanel: { parent: panelRef.current! },
      additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, flowdeskPropertiesModule(holder.current), runnablePaletteModule],
      moddleExtensions: { flowdesk: flowdeskExtension },
    } as any);
    modelerRef.current = modeler;
    // Every change goes to the draft at once (the draft batches its saves): a check or publish
    // right after an edit sees it.
    modeler.on('commandStack.changed', async () => {
      const { xml: saved } = await modeler.saveXML({ format: true });
      if (saved === undefined || saved === emitted.current) return;
      emitted.current = saved;
      onChangeRef.current(saved);
    });
    return () => {
      modeler.destroy();
      modelerRef.current = null;
    };
  }, []);

  // The file changed from outside the modeler (loaded, reloaded after a conflict, edited as text).
  useEffect(() => {
    const modeler = modelerRef.current;
    if (!modeler || xml === emitted.current) return;
    emitted.current = xml;
    modeler.importXML(xml).then(
      () => {
        setImportError(null);
        (modeler.get('canvas') as any).zoom('fit-viewport', 'auto');
        setReady((n) => n + 1);
      },
      (error: Error) => setImportError(error.message),
    );
  }, [xml]);

  useEffect(() => {
    const modeler = modelerRef.current;
    if (!modeler || !ready) return;
    return markProblems(modeler, problems, highlight);
  }, [problems, highlight, ready]);

  useEffect(() => {
    const modeler = modelerRef.current;
    if (!modeler || !ready || !focusElement) return;
    const element = (modeler.get('elementRegistry') as any).get(focusElement);
    if (!element) return;
    (modeler.get('selection') as any).select(element);
    (modeler.get('canvas') as any).scrollToElement(element);
  }, [focusElement, ready]);

  return (
    <div className="fd-modeler">
      {importError && <Alert type="error" showIcon role="alert" title={importError} style={{ marginBottom: 8 }} />}
      <div className="fd-modeler-body">
        <div className="fd-modeler-canvas" ref={canvasRef} data-testid="bpmn-canvas" />
        <div className="fd-modeler-panel" ref={panelRef} aria-label={t('group.record')} />
      </div>
    </div>
  );
}
