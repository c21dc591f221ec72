/**
 * A process file's changes on its diagrams: the draft's with added and changed elements marked,
 * and the compared version's with removed and changed ones. Read-only viewers (pan and zoom).
 */
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/diagram-js.css';
import { Alert, Typography } from 'antd';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { useEffect, useRef, useState } from 'react';
import { markProblems, type DiagramHighlight } from './problem-markers.js';

function DiagramView({ xml, highlight, label }: { xml: string; highlight: DiagramHighlight; label: string }) {
  const container = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const viewer = new NavigatedViewer({ container: container.current! });
    let unmark = () => undefined as void;
    viewer.importXML(xml).then(
      () => {
        (viewer.get('canvas') as { zoom(level: string): void }).zoom('fit-viewport');
        unmark = markProblems(viewer, [], highlight);
      },
      (failure: Error) => setError(failure.message),
    );
    return () => {
      unmark();
      viewer.destroy();
    };
  }, [xml, highlight]);
  return (
    <figure style={{ margin: 0 }}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      {error && <Alert type="error" showIcon title={error} />}
      <div className="fd-diagram-view" ref={container} role="img" aria-label={label} />
    </figure>
  );
}

export interface ProcessDiffProps {
  before: string | null;
  after: string;
  /** The element changes of the processes in this file, merged. */
  changes: { added: string[]; removed: string[]; changed: string[] };
  afterLabel: string;
  beforeLabel: string;
}

export function ProcessDiff({ before, after, changes, afterLabel, beforeLabel }: ProcessDiffProps) {
  const [afterMarks] = useState(() => ({ added: changes.added, changed: changes.changed }));
  const [beforeMarks] = useState(() => ({ removed: changes.removed, changed: changes.changed }));
  return (
    <>
      <DiagramView xml={after} highlight={afterMarks} label={afterLabel} />
      {before !== null && <DiagramView xml={before} highlight={beforeMarks} label={beforeLabel} />}
    </>
  );
}
