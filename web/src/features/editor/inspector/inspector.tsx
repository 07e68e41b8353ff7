"use client";

import { Icon } from "../components/icons";
import { useEditor } from "../store/context";
import { InputsEditor } from "./inputs-editor";
import { NodeInspector } from "./node-inspector";
import { Section, smallButton } from "./ui";

/** The right-hand panel: the selected node, a multi-selection, an edge, or the workflow itself. */
export function Inspector() {
  const selection = useEditor((s) => s.selection);
  return (
    <aside aria-label="Inspector" className="thin-scroll h-full w-[22.5rem] shrink-0 overflow-y-auto border-l border-border bg-surface" data-testid="inspector">
      {selection.nodes.length === 1 ? (
        <NodeInspector key={selection.nodes[0]} nodeId={selection.nodes[0]!} />
      ) : selection.nodes.length > 1 || selection.edges.length ? (
        <SelectionSummary />
      ) : (
        <WorkflowPanel />
      )}
    </aside>
  );
}

function SelectionSummary() {
  const selection = useEditor((s) => s.selection);
  const actions = useEditor((s) => s.actions);
  const n = selection.nodes.length;
  const e = selection.edges.length;
  const parts = [n ? `${n} node${n === 1 ? "" : "s"}` : "", e ? `${e} connection${e === 1 ? "" : "s"}` : ""].filter(Boolean);
  return (
    <Section title="Selection">
      <p className="text-sm">{parts.join(" and ")} selected.</p>
      <div className="flex flex-wrap gap-2">
        {n ? (
          <button type="button" className={smallButton} onClick={() => actions.duplicateSelection()}>
            <Icon name="copy" className="size-3.5" />
            Duplicate
          </button>
        ) : null}
        <button type="button" className={`${smallButton} text-danger`} onClick={() => actions.deleteSelection()}>
          <Icon name="trash" className="size-3.5" />
          Delete
        </button>
      </div>
      <p className="text-[11.5px] leading-relaxed text-muted">
        <kbd className="font-mono">Del</kbd> deletes · <kbd className="font-mono">⌘/Ctrl C</kbd> copies · <kbd className="font-mono">⌘/Ctrl D</kbd> duplicates
      </p>
    </Section>
  );
}

function WorkflowPanel() {
  const inputs = useEditor((s) => s.inputs);
  const general = useEditor((s) => s.problems.general);
  const actions = useEditor((s) => s.actions);
  const counts = useEditor((s) => `${s.nodes.length} nodes · ${s.edges.length} connections`);
  return (
    <div data-testid="workflow-panel">
      <div className="border-b border-border px-4 py-4">
        <h2 className="text-[15px] font-semibold">Workflow</h2>
        <p className="text-xs text-muted">{counts}. Select a node to configure it.</p>
      </div>
      <Section title="Run inputs">
        <InputsEditor inputs={inputs} problems={general} onChange={(next) => actions.setInputs(next)} />
      </Section>
      <Section title="Shortcuts">
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-[11.5px] text-muted">
          {[
            ["⌘/Ctrl S", "Save"],
            ["⌘/Ctrl Z · ⇧Z", "Undo · redo"],
            ["⌘/Ctrl C · V · D", "Copy · paste · duplicate"],
            ["Del / ⌫", "Delete the selection"],
            ["⇧ drag", "Select an area"],
            ["⇧ click", "Add to the selection"],
          ].map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="font-mono text-foreground">{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </Section>
    </div>
  );
}
