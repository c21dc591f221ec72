/** Any draft file as text: JSON files are checked as they are typed and saved only when they parse. */
import { Alert, Input } from 'antd';
import { useEffect, useState } from 'react';
import { useDesignerTexts } from '../designer-texts.js';

export function TextFileEditor({ path, content, onChange }: { path: string; content: string; onChange(text: string): void }) {
  const t = useDesignerTexts();
  const [text, setText] = useState(content);
  const [error, setError] = useState<string | null>(null);
  // Another editor (or a reload) changed the file: show that.
  useEffect(() => setText(content), [content]);
  const isJson = path.endsWith('.json');
  return (
    <div>
      {error && <Alert type="error" showIcon title={t('draft.jsonInvalid', { message: error })} style={{ marginBottom: 8 }} />}
      <Input.TextArea
        aria-label={path}
        className="fd-code"
        value={text}
        autoSize={{ minRows: 20, maxRows: 60 }}
        spellCheck={false}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          if (isJson) {
            try {
              JSON.parse(next);
            } catch (failure) {
              setError((failure as Error).message);
              return;
            }
          }
          setError(null);
          onChange(next);
        }}
      />
    </div>
  );
}
