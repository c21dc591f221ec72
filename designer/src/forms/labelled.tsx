/**
 * A visible label above a control that is not a native labelled input (rows of inputs, custom
 * widgets): the control gets the label's text as its accessible name.
 */
import { Typography } from 'antd';
import type { ReactNode } from 'react';

export function Labelled({ label, children }: { label: string; children(label: string): ReactNode }) {
  return (
    <div style={{ marginBottom: 8 }}>
      <Typography.Text style={{ display: 'block', fontSize: 13, marginBottom: 2 }}>{label}</Typography.Text>
      {children(label)}
    </div>
  );
}
