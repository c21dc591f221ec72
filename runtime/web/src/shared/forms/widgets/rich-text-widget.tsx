/**
 * A rich-text field (`"contentMediaType": "text/html"` on a string): a small editor on the browser's
 * own contenteditable with a toolbar for bold, italic, underline, lists and links. What it hands
 * the form is sanitized to the allowlist the server applies again (../../rich-text.tsx); pasted
 * markup is sanitized before it lands. No library, no eval: it runs under the strict CSP as is.
 */
import { BoldOutlined, DisconnectOutlined, ItalicOutlined, LinkOutlined, OrderedListOutlined, UnderlineOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { WidgetProps } from '@rjsf/utils';
import { Button, Input, Popover, Space, Tooltip, theme } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n/index.js';
import type { MessageKey } from '../../i18n/en.js';
import { isBlankRichText, sanitizeRichText, SAFE_LINK } from '../../rich-text.js';

const COMMANDS: Array<{ command: string; label: MessageKey; icon: ReactNode }> = [
  { command: 'bold', label: 'form.richText.bold', icon: <BoldOutlined /> },
  { command: 'italic', label: 'form.richText.italic', icon: <ItalicOutlined /> },
  { command: 'underline', label: 'form.richText.underline', icon: <UnderlineOutlined /> },
  { command: 'insertUnorderedList', label: 'form.richText.bulletList', icon: <UnorderedListOutlined /> },
  { command: 'insertOrderedList', label: 'form.richText.numberedList', icon: <OrderedListOutlined /> },
];

/** An address as typed: a bare host gets https://; anything but http, https and mailto is refused (null). */
export function linkAddressOf(text: string): string | null {
  const address = text.trim();
  if (!address) return null;
  if (SAFE_LINK.test(address)) return address;
  return /^[\w-]+(\.[\w-]+)+([/?#].*)?$/.test(address) ? `https://${address}` : null;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function RichTextWidget({ id, label, value, onChange, onBlur, disabled, readonly, rawErrors }: WidgetProps) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const editor = useRef<HTMLDivElement>(null);
  // What the editor last handed the form: a value coming back unchanged must not reset the caret.
  const emitted = useRef<string | null>(null);
  const selection = useRef<Range | null>(null);
  const [linkOpen, setLinkOpen] = useState(false);
  const [address, setAddress] = useState('');
  const [focused, setFocused] = useState(false);
  const editable = !disabled && !readonly;

  useEffect(() => {
    const element = editor.current;
    const incoming = typeof value === 'string' ? value : '';
    if (!element || incoming === emitted.current) return;
    element.innerHTML = sanitizeRichText(incoming);
    emitted.current = incoming;
  }, [value]);

  function emit() {
    const element = editor.current;
    if (!element) return;
    const html = sanitizeRichText(element.innerHTML);
    const next = isBlankRichText(html) ? '' : html;
    emitted.current = next;
    onChange(next === '' ? undefined : next);
  }

  function run(command: string, argument?: string) {
    editor.current?.focus();
    document.execCommand(command, false, argument);
    emit();
  }

  /** The selection inside the editor, kept while the link box has the focus. */
  function keepSelection() {
    const current = window.getSelection();
    selection.current = current && current.rangeCount > 0 && editor.current?.contains(current.anchorNode) ? current.getRangeAt(0).cloneRange() : null;
  }

  function applyLink() {
    const href = linkAddressOf(address);
    if (!href) return;
    editor.current?.focus();
    const current = window.getSelection();
    if (selection.current && current) {
      current.removeAllRanges();
      current.addRange(selection.current);
    }
    // Over selected text the text becomes the link; with nothing selected the address shows itself.
    if (current && !current.isCollapsed) document.execCommand('createLink', false, href);
    else document.execCommand('insertHTML', false, sanitizeRichText(`<a href="${escapeHtml(href)}">${escapeHtml(href)}</a>`));
    setLinkOpen(false);
    setAddress('');
    emit();
  }

  const invalidAddress = address.trim() !== '' && linkAddressOf(address) === null;
  const linkBox = (
    <Space.Compact style={{ width: 320 }}>
      <Input
        autoFocus
        value={address}
        onChange={(event) => setAddress(event.target.value)}
        onPressEnter={(event) => {
          event.preventDefault();
          applyLink();
        }}
        placeholder="https://"
        aria-label={t('form.richText.linkAddress')}
        status={invalidAddress ? 'error' : ''}
        title={invalidAddress ? t('form.richText.linkInvalid') : undefined}
      />
      <Button type="primary" onClick={applyLink} disabled={linkAddressOf(address) === null}>
        {t('form.richText.linkApply')}
      </Button>
    </Space.Compact>
  );

  const border = rawErrors && rawErrors.length > 0 ? token.colorError : focused ? token.colorPrimary : token.colorBorder;
  return (
    <div data-rich-text={id}>
      {editable && (
        <Space size={2} role="toolbar" aria-label={t('form.richText.toolbar')} aria-controls={id} style={{ marginBottom: 4 }}>
          {COMMANDS.map(({ command, label: key, icon }) => (
            <Tooltip key={command} title={t(key)}>
              {/* mousedown would move the focus and lose the selection the command applies to */}
              <Button size="small" type="text" icon={icon} aria-label={t(key)} onMouseDown={(event) => event.preventDefault()} onClick={() => run(command)} />
            </Tooltip>
          ))}
          <Popover open={linkOpen} onOpenChange={(open) => setLinkOpen(open)} trigger="click" content={linkBox} title={t('form.richText.link')}>
            <Button size="small" type="text" icon={<LinkOutlined />} aria-label={t('form.richText.link')} onMouseDown={(event) => { event.preventDefault(); keepSelection(); }} />
          </Popover>
          <Tooltip title={t('form.richText.unlink')}>
            <Button size="small" type="text" icon={<DisconnectOutlined />} aria-label={t('form.richText.unlink')} onMouseDown={(event) => event.preventDefault()} onClick={() => run('unlink')} />
          </Tooltip>
        </Space>
      )}
      <div
        ref={editor}
        id={id}
        role="textbox"
        aria-multiline="true"
        aria-label={label}
        aria-readonly={!editable}
        aria-invalid={rawErrors && rawErrors.length > 0 ? true : undefined}
        className="fd-rich-text"
        contentEditable={editable}
        suppressContentEditableWarning
        onInput={emit}
        onFocus={() => {
          setFocused(true);
          // New paragraphs as <p>, which the allowlist keeps (a <div> would be flattened away).
          document.execCommand('defaultParagraphSeparator', false, 'p');
        }}
        onBlur={() => {
          setFocused(false);
          onBlur(id, value);
        }}
        onPaste={(event) => {
          const html = event.clipboardData.getData('text/html');
          if (!html) return;
          event.preventDefault();
          document.execCommand('insertHTML', false, sanitizeRichText(html));
          emit();
        }}
        style={{
          minHeight: 120,
          maxHeight: 480,
          overflowY: 'auto',
          padding: '4px 11px',
          border: `1px solid ${border}`,
          borderRadius: token.borderRadius,
          background: editable ? token.colorBgContainer : token.colorBgContainerDisabled,
          outline: 'none',
          lineHeight: token.lineHeight,
        }}
      />
    </div>
  );
}
