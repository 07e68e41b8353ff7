"use client";
/**
 * A router route's condition in the inspector: a visual builder (field, operator, value; groups
 * whose items must all or any hold) with a "Raw JSON" toggle kept in sync with it. A condition
 * the builder cannot show (a `not`, a malformed one) stays raw JSON, with a note saying why.
 */
import { useId, useState } from "react";

import { Icon } from "../../components/icons";
import { JsonInput } from "../../inspector/schema-field";
import { TemplateInput } from "../../inspector/template-input";
import { FieldShell, controlClass, iconButton, inputClass, smallButton } from "../../inspector/ui";
import { problemsAt } from "../../lib/problems";
import { pathString } from "../../lib/schema-form";
import type { CustomFieldProps } from "../fields";
import {
  OPERATORS,
  UNARY,
  fromCondition,
  fromRoot,
  newRule,
  parseValue,
  rootGroup,
  valueText,
  withOperator,
  type Group,
  type Item,
  type Operator,
  type Rule,
} from "./conditions";

/** Nesting the builder offers (a group inside the top one); deeper trees are still shown. */
const MAX_DEPTH = 1;

export function ConditionField({ nodeId, field, path, value, problems, update }: CustomFieldProps) {
  const id = useId();
  const [raw, setRaw] = useState(false);
  const where = path ?? [];
  const fieldPath = pathString(where);
  const errors = problemsAt(problems, fieldPath, true);
  const read = fromCondition(value);
  const set = (next: unknown) => update(where, next, { key: `condition:${fieldPath}` });

  const toggle = (
    <button
      type="button"
      className="text-[11px] font-medium text-accent hover:underline disabled:text-muted disabled:no-underline"
      onClick={() => setRaw((r) => !r)}
      disabled={!read.ok && !raw}
      aria-pressed={raw || !read.ok}
      data-testid="condition-raw-toggle"
    >
      {raw || !read.ok ? "Builder" : "Raw JSON"}
    </button>
  );

  if (raw || !read.ok) {
    return (
      <FieldShell id={id} label={field.title} errors={errors} aside={read.ok ? toggle : undefined}>
        {!read.ok ? (
          <p className="rounded-md bg-surface-muted px-2 py-1.5 text-[11.5px] text-muted" data-testid="condition-raw-note">
            The builder cannot show this condition: {read.reason} It is kept as JSON.
          </p>
        ) : null}
        <div data-testid="condition-raw">
          <JsonInput id={id} value={value} onChange={set} invalid={errors.length > 0} />
        </div>
      </FieldShell>
    );
  }

  const wasRule = read.item.kind === "rule";
  return (
    <FieldShell id={id} label={field.title} errors={errors} aside={toggle}>
      <div data-testid="condition-builder">
        <GroupEditor nodeId={nodeId} group={rootGroup(read.item)} depth={0} onChange={(g) => set(fromRoot(g, wasRule))} />
      </div>
    </FieldShell>
  );
}

function GroupEditor({ nodeId, group, depth, onChange, onRemove }: { nodeId: string; group: Group; depth: number; onChange(g: Group): void; onRemove?(): void }) {
  const setItem = (index: number, item: Item) => onChange({ ...group, items: group.items.map((x, i) => (i === index ? item : x)) });
  const removeItem = (index: number) => onChange({ ...group, items: group.items.filter((_, i) => i !== index) });
  return (
    <div className={`space-y-2 ${depth ? "rounded-lg border border-border p-2" : ""}`} data-testid="condition-group">
      <div className="flex items-center gap-1.5 text-[12px] text-muted">
        <span>Match</span>
        <select
          aria-label="Match all or any"
          className={controlClass}
          value={group.combine}
          onChange={(e) => onChange({ ...group, combine: e.target.value as Group["combine"] })}
          data-testid="condition-combine"
        >
          <option value="all">all (and)</option>
          <option value="any">any (or)</option>
        </select>
        <span>of</span>
        {onRemove ? (
          <button type="button" className={`${iconButton} ml-auto`} aria-label="Remove group" onClick={onRemove}>
            <Icon name="trash" className="size-3.5" />
          </button>
        ) : null}
      </div>
      {group.items.length === 0 ? (
        <p className="text-[11.5px] text-muted">{group.combine === "all" ? "No conditions: always holds." : "No conditions: never holds."}</p>
      ) : null}
      {group.items.map((item, index) =>
        item.kind === "group" ? (
          <GroupEditor key={index} nodeId={nodeId} group={item} depth={depth + 1} onChange={(g) => setItem(index, g)} onRemove={() => removeItem(index)} />
        ) : (
          <RuleEditor key={index} nodeId={nodeId} rule={item} onChange={(r) => setItem(index, r)} onRemove={() => removeItem(index)} />
        ),
      )}
      <div className="flex gap-1.5">
        <button type="button" className={smallButton} onClick={() => onChange({ ...group, items: [...group.items, newRule()] })} data-testid="condition-add-rule">
          <Icon name="plus" className="size-3.5" />
          Condition
        </button>
        {depth < MAX_DEPTH ? (
          <button
            type="button"
            className={smallButton}
            onClick={() => onChange({ ...group, items: [...group.items, { kind: "group", combine: group.combine === "all" ? "any" : "all", items: [newRule()] }] })}
            data-testid="condition-add-group"
          >
            <Icon name="plus" className="size-3.5" />
            Group
          </button>
        ) : null}
      </div>
    </div>
  );
}

function RuleEditor({ nodeId, rule, onChange, onRemove }: { nodeId: string; rule: Rule; onChange(r: Rule): void; onRemove(): void }) {
  const id = useId();
  return (
    <div className="space-y-1.5 rounded-lg bg-surface-muted/60 p-2" data-testid="condition-rule">
      <div className="flex items-start gap-1.5">
        <div className="min-w-0 flex-1">
          <TemplateInput id={`${id}-left`} nodeId={nodeId} value={rule.left} onChange={(left) => onChange({ ...rule, left })} multiline={false} expression placeholder="steps.node.output.field" />
        </div>
        <button type="button" className={iconButton} aria-label="Remove condition" onClick={onRemove}>
          <Icon name="x" className="size-3.5" />
        </button>
      </div>
      <div className="flex gap-1.5">
        <select aria-label="Operator" className={controlClass} value={rule.op} onChange={(e) => onChange(withOperator(rule, e.target.value as Operator))} data-testid="condition-op">
          {OPERATORS.map((o) => (
            <option key={o.op} value={o.op}>
              {o.label}
            </option>
          ))}
        </select>
        {UNARY.has(rule.op) ? null : <ValueInput value={rule.right} onChange={(right) => onChange({ ...rule, right })} />}
      </div>
    </div>
  );
}

/** The value compared with: `5`, `true`, `[1, 2]` are JSON; other text is a string (`"5"`: the string). */
function ValueInput({ value, onChange }: { value: unknown; onChange(v: unknown): void }) {
  const [text, setText] = useState(valueText(value));
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if (JSON.stringify(parseValue(text)) !== JSON.stringify(value)) setText(valueText(value));
  }
  return (
    <input
      aria-label="Value"
      className={`${inputClass} min-w-0 flex-1`}
      value={text}
      placeholder="value"
      title='Numbers, true/false and JSON are read as such; quote text that looks like one ("5").'
      data-testid="condition-value"
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseValue(e.target.value));
      }}
    />
  );
}
