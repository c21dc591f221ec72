/**
 * A text input whose text reaches the form only when it is valid: while it is not, the input
 * keeps it and says what is wrong, so a half-typed id or pattern never breaks the file.
 */
import { Input, Typography } from 'antd';
import { useEffect, useId, useState } from 'react';

export interface CheckedInputProps {
  value: string;
  /** The input's accessible name. */
  label: string;
  /** What is wrong with a text, or null when it may be written. */
  problemOf(text: string): string | null;
  onCommit(text: string): void;
  /** `blur`: written when the input is left or Enter is pressed (a rename); `change`: as it is typed. */
  commitOn?: 'change' | 'blur';
  placeholder?: string;
  isCode?: boolean;
}

export function CheckedInput({ value, label, problemOf, onCommit, commitOn = 'change', placeholder, isCode }: CheckedInputProps) {
  const [text, setText] = useState(value);
  const errorId = useId();
  useEffect(() => setText(value), [value]);
  const problem = problemOf(text);
  const commit = (next: string) => {
    if (next !== value && problemOf(next) === null) onCommit(next);
  };
  return (
    <div>
      <Input
        aria-label={label}
        aria-invalid={problem !== null}
        aria-describedby={problem ? errorId : undefined}
        status={problem ? 'error' : undefined}
        value={text}
        placeholder={placeholder}
        spellCheck={false}
        style={isCode ? { fontFamily: 'monospace' } : undefined}
        onChange={(event) => {
          setText(event.target.value);
          if (commitOn === 'change') commit(event.target.value);
        }}
        onBlur={() => commitOn === 'blur' && commit(text)}
        onPressEnter={() => commitOn === 'blur' && commit(text)}
      />
      {problem && (
        <Typography.Text id={errorId} type="danger" style={{ fontSize: 12 }}>
          {problem}
        </Typography.Text>
      )}
    </div>
  );
}
