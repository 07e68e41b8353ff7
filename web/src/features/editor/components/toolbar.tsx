"use client";

import Link from "next/link";
import type { ReactNode } from "react";

import type { ValidationStatus } from "../hooks/use-validation";
import { useEditor } from "../store/context";
import { isDirty } from "../store/store";
import { LastRunToggle } from "../workbench/node-badges";
import { buttonClass, primaryButtonClass } from "./dialog";
import { Icon, type IconName } from "./icons";

function ToolButton({ label, shortcut, onClick, disabled, children, testId }: { label: string; shortcut?: string; onClick(): void; disabled?: boolean; children: ReactNode; testId?: string }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={shortcut ? `${label} (${shortcut})` : label}
      onClick={onClick}
      disabled={disabled}
      data-testid={testId}
      className="inline-flex size-8 items-center justify-center rounded-lg text-muted transition hover:bg-surface-muted hover:text-foreground disabled:pointer-events-none disabled:opacity-35"
    >
      {children}
    </button>
  );
}

/** A button that opens and closes one of the editor's side panels; no handler, no button. */
function PanelToggle({ onToggle, open, icon, label, testId, title }: { onToggle?: () => void; open?: boolean; icon: IconName; label: string; testId: string; title: string }) {
  if (!onToggle) return null;
  return (
    <button type="button" onClick={onToggle} aria-pressed={open} className={buttonClass} data-testid={testId} title={title}>
      <Icon name={icon} className="size-3.5" />
      {label}
    </button>
  );
}

export function Toolbar({
  name,
  version,
  saving,
  validation,
  problemsOpen,
  triggersOpen,
  onToggleTriggers,
  versionsOpen,
  onToggleVersions,
  onSave,
  onRun,
  onToggleProblems,
  onFit,
  onRefine,
  settingsOpen,
  onToggleSettings,
  chatOpen,
  onToggleChat,
}: {
  name: string;
  version: number;
  saving: boolean;
  validation: ValidationStatus;
  problemsOpen: boolean;
  triggersOpen: boolean;
  /** The Triggers panel; absent (a workflow not saved yet): no button. */
  onToggleTriggers?: () => void;
  versionsOpen?: boolean;
  onToggleVersions?(): void;
  onSave(): void;
  onRun: (() => void) | null;
  onToggleProblems(): void;
  onFit(): void;
  /** "Change it so that…" (the planner proposes a change); absent: no button. */
  onRefine?: () => void;
  /** The workflow's settings panel (budgets, node defaults, concurrency); absent: no button. */
  settingsOpen?: boolean;
  onToggleSettings?(): void;
  /** The Chat panel (the saved workflow is a chat); absent: no button. */
  chatOpen?: boolean;
  onToggleChat?: () => void;
}) {
  const dirty = useEditor(isDirty);
  const canUndo = useEditor((s) => s.history.past.length > 0);
  const canRedo = useEditor((s) => s.history.future.length > 0);
  const problemCount = useEditor((s) => s.problems.all.length);
  const actions = useEditor((s) => s.actions);

  return (
    <div className="flex h-12 shrink-0 items-center gap-2 border-b border-border bg-surface px-3" role="toolbar" aria-label="Editor">
      <Link href="/workflows" className="inline-flex items-center gap-1 rounded-lg px-1.5 py-1 text-[13px] text-muted transition hover:bg-surface-muted hover:text-foreground">
        <Icon name="chevron-left" className="size-4" />
        Workflows
      </Link>
      <span className="text-border">/</span>
      <h1 className="flex min-w-0 items-center gap-2 text-[14px] font-semibold" data-testid="editor-title">
        <span className="truncate">{name}</span>
        {dirty ? <span className="size-2 shrink-0 rounded-full bg-warning" role="img" aria-label="Unsaved changes" title="Unsaved changes" data-testid="dirty-dot" /> : null}
      </h1>
      <span className="shrink-0 rounded-md bg-surface-muted px-1.5 py-0.5 font-mono text-[11px] text-muted" data-testid="editor-version">
        {version ? `v${version}` : "new"}
      </span>
      <span className="hidden shrink-0 text-xs text-muted lg:inline" aria-live="polite" data-testid="save-state">
        {saving ? "Saving…" : dirty ? "Unsaved changes" : "All changes saved"}
      </span>

      <div className="mx-auto flex items-center gap-0.5 rounded-xl border border-border bg-background px-1 py-0.5">
        <ToolButton label="Undo" shortcut="⌘/Ctrl Z" onClick={actions.undo} disabled={!canUndo} testId="undo">
          <Icon name="undo" />
        </ToolButton>
        <ToolButton label="Redo" shortcut="⌘/Ctrl ⇧ Z" onClick={actions.redo} disabled={!canRedo} testId="redo">
          <Icon name="redo" />
        </ToolButton>
        <span className="mx-1 h-5 w-px bg-border" />
        <ToolButton label="Auto-layout" onClick={actions.requestLayout} testId="auto-layout">
          <Icon name="layout" />
        </ToolButton>
        <ToolButton label="Fit to view" onClick={onFit}>
          <Icon name="fit" />
        </ToolButton>
      </div>

      <button
        type="button"
        onClick={onToggleProblems}
        aria-pressed={problemsOpen}
        data-testid="validation-status"
        className={`inline-flex h-8 items-center gap-1.5 rounded-lg px-2.5 text-[13px] font-medium transition hover:bg-surface-muted ${
          problemCount ? "text-danger" : "text-muted"
        }`}
      >
        {validation === "checking" ? (
          <Icon name="loader" className="size-4 animate-spin" />
        ) : problemCount ? (
          <Icon name="alert" className="size-4" />
        ) : (
          <Icon name="check-circle" className="size-4 text-success" />
        )}
        {problemCount ? `${problemCount} problem${problemCount === 1 ? "" : "s"}` : validation === "failed" ? "Not checked" : "Valid"}
      </button>
      {onRefine ? (
        <button type="button" onClick={onRefine} className={buttonClass} data-testid="refine-button" title="Describe a change; the planner proposes it">
          <Icon name="git-branch" className="size-3.5" />
          Change it…
        </button>
      ) : null}
      <LastRunToggle className={buttonClass} />
      <PanelToggle onToggle={onToggleVersions} open={versionsOpen} icon="git-branch" label="Versions" testId="versions-button" title="Versions: diff, restore, runs" />
      <PanelToggle onToggle={onToggleSettings} open={settingsOpen} icon="sliders" label="Settings" testId="settings-button" title="Budgets, node defaults, concurrency" />
      <PanelToggle onToggle={onToggleTriggers} open={triggersOpen} icon="clock" label="Triggers" testId="triggers-button" title="Webhooks and schedules" />
      <PanelToggle onToggle={onToggleChat} open={chatOpen} icon="message-square" label="Chat" testId="chat-button" title="Chat with this workflow" />
      {onRun ? (
        <button type="button" onClick={onRun} className={buttonClass} data-testid="run-button">
          <Icon name="play" className="size-3.5" />
          Run
        </button>
      ) : null}
      <button type="button" onClick={onSave} disabled={saving} className={primaryButtonClass} title="Save (⌘/Ctrl S)" data-testid="save-button">
        <Icon name={saving ? "loader" : "save"} className={`size-3.5 ${saving ? "animate-spin" : ""}`} />
        Save
      </button>
    </div>
  );
}
