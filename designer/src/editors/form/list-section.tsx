/**
 * An editable list of a file (rules, policies, clocks, targets, grants…): each item in a card of
 * its own with a button to remove it, and a button to add a new one. A long list (`folded`) shows
 * its items as folded panels whose controls are made only when opened. A list the schema lets be
 * left out goes away with its last item.
 */
import { Button, Card, Collapse, Form, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useEditorTexts } from '../editor-texts.js';
import { fieldPath } from '../field-paths.js';
import { orNothingWhenEmpty, withItemAdded, withItemRemoved } from '../list-edits.js';
import { useFieldMessages, useHasMessagesUnder } from './editor-scope.js';
import { useFieldValue } from './field-controls.js';

export interface ListSectionProps<T> {
  /** The formik path of the list, e.g. `policies.0.clocks`. */
  path: string;
  title: string;
  help?: string;
  /** What one item is called, after "Add" and "Remove": "rule", "规则". */
  itemName: string;
  /** The heading of an item's card, e.g. its id. */
  itemTitle(item: T, index: number): string;
  /** A new item, given the list it joins (to find a free id). */
  newItem(list: readonly T[]): T;
  /** Whether the property may be left out: it is removed with the last item. */
  optional?: boolean;
  /** Items as folded panels (for the top-level lists, which may be long). */
  folded?: boolean;
  /** The controls of one item, given its path. */
  children(itemPath: string, item: T, index: number): ReactNode;
}

function ItemHeading({ path, heading }: { path: string; heading: string }) {
  const t = useEditorTexts();
  const hasMessages = useHasMessagesUnder(path);
  return (
    <span>
      {heading} {hasMessages && <Tag color="error">{t('list.hasMessages')}</Tag>}
    </span>
  );
}

export function ListSection<T>({ path, title, help, itemName, itemTitle, newItem, optional, folded, children }: ListSectionProps<T>) {
  const t = useEditorTexts();
  const [list, setList] = useFieldValue<T[]>(path);
  const messages = useFieldMessages(path);
  const items = list ?? [];
  const remove = (index: number) => setList(optional ? orNothingWhenEmpty(withItemRemoved(items, index)) : withItemRemoved(items, index));
  const removeButton = (index: number, heading: string) => (
    <Button
      size="small"
      danger
      aria-label={t('list.remove', { what: `${itemName} ${heading}` })}
      onClick={(event) => {
        event.stopPropagation();
        remove(index);
      }}
    >
      {t('list.remove', { what: '' })}
    </Button>
  );
  const headings = items.map((item, index) => itemTitle(item, index));
  return (
    <section aria-label={title} style={{ marginBottom: 16 }}>
      <Typography.Title level={5}>{title}</Typography.Title>
      {help && <Typography.Paragraph type="secondary">{help}</Typography.Paragraph>}
      {messages.length > 0 && <Form.ErrorList errors={messages} />}
      <Space orientation="vertical" style={{ width: '100%' }}>
        {items.length === 0 && <Typography.Text type="secondary">{t('list.empty')}</Typography.Text>}
        {folded && items.length > 0 && (
          <Collapse
            items={items.map((item, index) => ({
              key: String(index),
              label: <ItemHeading path={fieldPath(path, index)} heading={headings[index]!} />,
              extra: removeButton(index, headings[index]!),
              children: children(fieldPath(path, index), item, index),
            }))}
          />
        )}
        {!folded &&
          items.map((item, index) => (
            <Card key={index} size="small" title={<ItemHeading path={fieldPath(path, index)} heading={headings[index]!} />} extra={removeButton(index, headings[index]!)}>
              {children(fieldPath(path, index), item, index)}
            </Card>
          ))}
        <Button onClick={() => setList(withItemAdded(items, newItem(items)))}>{t('list.add', { what: itemName })}</Button>
      </Space>
    </section>
  );
}
