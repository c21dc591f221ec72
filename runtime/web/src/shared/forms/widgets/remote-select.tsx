/**
 * A select whose options come from the API as the user types (people, records, data sources),
 * with the chosen value's label looked up by id when the form opens with one.
 */
import type { WidgetProps } from '@rjsf/utils';
import { Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';

export interface RemoteOption {
  value: string;
  label: string;
}

export interface RemoteSelectProps {
  id: string;
  value: string | undefined;
  onChange(value: string | undefined): void;
  onBlur?(): void;
  search(text: string): Promise<RemoteOption[]>;
  /** The label of a value already chosen. */
  labelOf(value: string): Promise<string | null>;
  disabled?: boolean;
  placeholder?: string | undefined;
  ariaLabel?: string | undefined;
}

/** What an rjsf widget hands its RemoteSelect: id, label, value and events. */
export function fromWidget(props: WidgetProps): Pick<RemoteSelectProps, 'id' | 'ariaLabel' | 'value' | 'onChange' | 'onBlur' | 'disabled' | 'placeholder'> {
  return {
    id: props.id,
    ariaLabel: props.label,
    value: props.value as string | undefined,
    onChange: (value) => props.onChange(value ?? undefined),
    onBlur: () => props.onBlur(props.id, props.value),
    disabled: props.disabled || props.readonly,
    placeholder: props.placeholder,
  };
}

export function RemoteSelect({ id, value, onChange, onBlur, search, labelOf, disabled, placeholder, ariaLabel }: RemoteSelectProps) {
  const [options, setOptions] = useState<RemoteOption[]>([]);
  const [busy, setBusy] = useState(false);
  const round = useRef(0);

  const run = (text: string) => {
    const mine = ++round.current;
    setBusy(true);
    search(text).then(
      (found) => {
        if (mine === round.current) setOptions(found);
      },
      () => undefined,
    ).finally(() => mine === round.current && setBusy(false));
  };

  useEffect(() => {
    if (!value || options.some((o) => o.value === value)) return;
    let live = true;
    labelOf(value).then((label) => live && label && setOptions((list) => [{ value, label }, ...list.filter((o) => o.value !== value)]), () => undefined);
    return () => {
      live = false;
    };
  }, [value]);

  return (
    <Select
      id={id}
      aria-label={ariaLabel}
      showSearch={{ filterOption: false, onSearch: run }}
      allowClear
      value={value || undefined}
      options={options}
      onChange={(next: string | undefined) => onChange(next ?? undefined)}
      onBlur={onBlur}
      onFocus={() => options.length <= 1 && run('')}
      notFoundContent={busy ? <Spin size="small" /> : undefined}
      disabled={disabled ?? false}
      placeholder={placeholder}
      style={{ width: '100%' }}
    />
  );
}
