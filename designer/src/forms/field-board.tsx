/**
 * Adding, ordering and removing fields by drag and drop (dnd-kit): field types are dragged from
 * the palette into the list (or clicked, or pressed from the keyboard: added last), fields are
 * dragged within the list with the mouse, touch or the keyboard, or onto the remove area. Every
 * move is announced to screen readers in the designer's language; every handle and button has a
 * name.
 */
import { DeleteOutlined, HolderOutlined } from '@ant-design/icons';
import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useDraggable, useDroppable, useSensor, useSensors, type Announcements, type DragEndEvent, type UniqueIdentifier } from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { Button, Empty, Popconfirm, Tag, Tooltip, Typography } from 'antd';
import { useId, type CSSProperties } from 'react';
import { FIELD_KINDS, type FieldKind } from './field-kinds.js';
import type { FieldView } from './form-fields.js';
import { useFormDesignerTexts } from './form-designer-texts.js';

const NEW = 'new:';
const TRASH = 'trash';

export interface FieldBoardProps {
  fields: FieldView[];
  selected: string | null;
  /** Why a kind cannot be added now, by kind. */
  unavailableKinds: Partial<Record<FieldKind, string>>;
  labelOf(field: FieldView): string;
  onSelect(id: string): void;
  onAdd(kind: FieldKind, at?: number): void;
  onMove(from: number, to: number): void;
  onRemove(id: string): void;
}

const kindOfDrag = (id: UniqueIdentifier): FieldKind | null => (String(id).startsWith(NEW) ? (String(id).slice(NEW.length) as FieldKind) : null);
const moved = (transform: { x: number; y: number } | null): CSSProperties['transform'] => (transform ? `translate3d(${transform.x}px, ${transform.y}px, 0)` : undefined);

export function FieldBoard(props: FieldBoardProps) {
  const { fields, onAdd, onMove, onRemove } = props;
  const t = useFormDesignerTexts();
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const ids = fields.map((field) => field.id);
  const listHeading = useId();

  const nameOf = (id: UniqueIdentifier) => {
    const kind = kindOfDrag(id);
    return kind ? t('dnd.newField', { kind: t(`kind.${kind}`) }) : t('dnd.field', { id: String(id) });
  };
  const positionOf = (id: UniqueIdentifier) => ({ position: ids.indexOf(String(id)) + 1, count: ids.length });
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('dnd.start', { item: nameOf(active.id) }),
    onDragOver: ({ active, over }) => {
      if (!over) return t('dnd.outside', { item: nameOf(active.id) });
      return over.id === TRASH ? t('dnd.overTrash', { item: nameOf(active.id) }) : t('dnd.over', { item: nameOf(active.id), ...positionOf(over.id) });
    },
    onDragEnd: ({ active, over }) => {
      if (!over) return t('dnd.cancel', { item: nameOf(active.id) });
      return over.id === TRASH ? t('dnd.endTrash', { item: nameOf(active.id) }) : t('dnd.end', { item: nameOf(active.id), ...positionOf(over.id) });
    },
    onDragCancel: ({ active }) => t('dnd.cancel', { item: nameOf(active.id) }),
  };

  const dropped = ({ active, over }: DragEndEvent) => {
    if (!over) return;
    const kind = kindOfDrag(active.id);
    const at = ids.indexOf(String(over.id));
    if (kind) {
      if (over.id !== TRASH) onAdd(kind, at >= 0 ? at : ids.length);
    } else if (over.id === TRASH) onRemove(String(active.id));
    else if (at >= 0 && active.id !== over.id) onMove(ids.indexOf(String(active.id)), at);
  };

  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={dropped} accessibility={{ announcements, screenReaderInstructions: { draggable: t('dnd.instructions') } }}>
      <FieldPalette {...props} />
      <SortableContext items={ids} strategy={verticalListSortingStrategy}>
        <Typography.Title level={5} id={listHeading}>
          {t('list.title')}
        </Typography.Title>
        {fields.length === 0 ? (
          <EmptyList />
        ) : (
          <ul aria-labelledby={listHeading} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {fields.map((field) => (
              <FieldItem key={field.id} field={field} {...props} />
            ))}
          </ul>
        )}
      </SortableContext>
      <TrashArea />
    </DndContext>
  );
}

function FieldPalette({ unavailableKinds, onAdd }: FieldBoardProps) {
  const t = useFormDesignerTexts();
  const heading = useId();
  return (
    <section aria-labelledby={heading} style={{ marginBottom: 16 }}>
      <Typography.Title level={5} id={heading}>
        {t('palette.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('palette.hint')}
      </Typography.Paragraph>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
        {FIELD_KINDS.map((kind) => (
          <PaletteItem key={kind} kind={kind} unavailable={unavailableKinds[kind]} onAdd={onAdd} />
        ))}
      </div>
    </section>
  );
}

function PaletteItem({ kind, unavailable, onAdd }: { kind: FieldKind; unavailable: string | undefined; onAdd: FieldBoardProps['onAdd'] }) {
  const t = useFormDesignerTexts();
  const { listeners, setNodeRef, transform, isDragging } = useDraggable({ id: `${NEW}${kind}`, disabled: unavailable !== undefined });
  // Dragged by the pointer only: from the keyboard the button adds the field last, to be moved from there.
  const { onKeyDown: _keyboardDrag, ...pointerListeners } = listeners ?? {};
  const button = (
    <Button
      ref={setNodeRef}
      size="small"
      {...pointerListeners}
      aria-label={t('palette.add', { kind: t(`kind.${kind}`) })}
      data-field-kind={kind}
      disabled={unavailable !== undefined}
      onClick={() => onAdd(kind)}
      style={{ transform: moved(transform), zIndex: isDragging ? 10 : undefined, position: 'relative' }}
    >
      {t(`kind.${kind}`)}
    </Button>
  );
  return unavailable ? (
    <Tooltip title={unavailable}>
      <span>{button}</span>
    </Tooltip>
  ) : (
    button
  );
}

function FieldItem({ field, selected, labelOf, onSelect, onRemove }: FieldBoardProps & { field: FieldView }) {
  const t = useFormDesignerTexts();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging, isOver, active } = useSortable({ id: field.id });
  const isNewOver = isOver && active !== null && kindOfDrag(active.id) !== null;
  const isSelected = field.id === selected;
  const style: CSSProperties = {
    transform: moved(transform),
    transition,
    display: 'flex',
    alignItems: 'center',
    gap: 4,
    padding: '4px 6px',
    marginBottom: 4,
    border: '1px solid #d9d9d9',
    borderTop: isNewOver ? '3px solid #1f6feb' : '1px solid #d9d9d9',
    borderRadius: 6,
    background: isSelected ? '#e6f0ff' : '#fff',
    opacity: isDragging ? 0.6 : 1,
    position: 'relative',
    zIndex: isDragging ? 10 : undefined,
  };
  return (
    <li ref={setNodeRef} style={style} data-field-id={field.id}>
      <Button ref={setActivatorNodeRef} type="text" size="small" icon={<HolderOutlined />} {...attributes} {...listeners} aria-label={t('list.drag', { id: field.id })} style={{ cursor: 'grab' }} />
      <Button type="text" size="small" aria-label={t('list.edit', { id: field.id })} aria-pressed={isSelected} onClick={() => onSelect(field.id)} style={{ flex: 1, justifyContent: 'flex-start', overflow: 'hidden' }}>
        <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{labelOf(field)}</span>
        <Typography.Text type="secondary" code style={{ fontSize: 11 }}>
          {field.id}
        </Typography.Text>
      </Button>
      <Tag>{t(`kind.${field.kind}`)}</Tag>
      {field.isRequired && <Tag color="red">{t('list.required')}</Tag>}
      {field.visibility && <Tag color="purple">{t('list.conditional')}</Tag>}
      <Popconfirm title={t('list.removeConfirm', { id: field.id })} okText={t('list.removeOk')} cancelText={t('list.cancel')} onConfirm={() => onRemove(field.id)}>
        <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('list.remove', { id: field.id })} />
      </Popconfirm>
    </li>
  );
}

function EmptyList() {
  const t = useFormDesignerTexts();
  const { setNodeRef } = useDroppable({ id: 'empty-list' });
  return (
    <div ref={setNodeRef}>
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('list.empty')} />
    </div>
  );
}

function TrashArea() {
  const t = useFormDesignerTexts();
  const { setNodeRef, isOver, active } = useDroppable({ id: TRASH });
  const isFieldDragged = active !== null && kindOfDrag(active.id) === null;
  return (
    <div
      ref={setNodeRef}
      aria-hidden={!isFieldDragged}
      style={{ marginTop: 8, padding: 8, textAlign: 'center', border: `1px dashed ${isOver ? '#cf1322' : '#d9d9d9'}`, borderRadius: 6, color: isOver ? '#cf1322' : '#8c8c8c', visibility: isFieldDragged ? 'visible' : 'hidden' }}
    >
      <DeleteOutlined /> {t('list.trash')}
    </div>
  );
}
