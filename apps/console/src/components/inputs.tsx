import { useId, type ReactNode } from 'react';
import { describedBy, FieldError } from './forms';
import { type FieldProblem } from '../lib/graphql-errors';

interface Base {
  id: string;
  label: string;
  hint?: string;
  problems?: FieldProblem[];
}

function Hint({ id, hint }: { id: string; hint?: string }) {
  return hint ? (
    <p className="hint" id={`${id}-hint`}>
      {hint}
    </p>
  ) : null;
}

export function TextField({
  id,
  label,
  hint,
  problems = [],
  value,
  onChange,
  type = 'text',
  required = false,
  multiline = false,
  autoComplete = 'off',
}: Base & {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'date' | 'tel';
  required?: boolean;
  multiline?: boolean;
  autoComplete?: string;
}) {
  const props = {
    id,
    name: id,
    value,
    required,
    autoComplete,
    'aria-invalid': problems.length > 0 || undefined,
    'aria-describedby': describedBy(id, problems, Boolean(hint)),
  };
  return (
    <div className={problems.length > 0 ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <Hint id={id} hint={hint} />
      <FieldError id={id} problems={problems} />
      {multiline ? (
        <textarea {...props} rows={4} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...props} type={type} onChange={(e) => onChange(e.target.value)} />
      )}
    </div>
  );
}

export function SelectField<T extends string>({
  id,
  label,
  hint,
  problems = [],
  value,
  onChange,
  options,
  placeholder,
}: Base & {
  value: T | '';
  onChange: (value: T | '') => void;
  options: readonly { value: T; label: string }[];
  placeholder?: string;
}) {
  return (
    <div className={problems.length > 0 ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <Hint id={id} hint={hint} />
      <FieldError id={id} problems={problems} />
      <select
        id={id}
        name={id}
        value={value}
        aria-invalid={problems.length > 0 || undefined}
        aria-describedby={describedBy(id, problems, Boolean(hint))}
        onChange={(e) => onChange(e.target.value as T | '')}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A group of checkboxes (GOV.UK: a fieldset with a legend), each option with an optional plain-language hint. */
export function CheckboxGroup<T extends string>({
  id,
  label,
  hint,
  problems = [],
  values,
  onChange,
  options,
}: Base & {
  values: readonly T[];
  onChange: (values: T[]) => void;
  options: readonly { value: T; label: string; hint?: string }[];
}) {
  return (
    <fieldset
      className={problems.length > 0 ? 'field field-invalid' : 'field'}
      id={id}
      tabIndex={-1}
      aria-describedby={describedBy(id, problems, Boolean(hint))}
    >
      <legend>{label}</legend>
      <Hint id={id} hint={hint} />
      <FieldError id={id} problems={problems} />
      {options.map((o) => (
        <CheckboxOption
          key={o.value}
          name={id}
          label={o.label}
          hint={o.hint}
          checked={values.includes(o.value)}
          onChange={(checked) =>
            onChange(checked ? [...values, o.value] : values.filter((v) => v !== o.value))
          }
        />
      ))}
    </fieldset>
  );
}

function CheckboxOption({
  name,
  label,
  hint,
  checked,
  onChange,
}: {
  name: string;
  label: string;
  hint?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="checkbox">
      <input
        type="checkbox"
        id={id}
        name={name}
        checked={checked}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function Checkbox({
  id,
  label,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
}) {
  return (
    <div className="checkbox">
      <input type="checkbox" id={id} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
