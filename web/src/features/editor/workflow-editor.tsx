"use client";

import "@xyflow/react/dist/style.css";
import "./editor.css";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { TRPCClientError } from "@trpc/client";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";

import { ChatPanel } from "@/features/chat/chat-panel";
import { StartRunDialog } from "@/features/runs/start-run-dialog";
import { dropNewDraft, newDraftText, parseNewDraft, stashNotes, type NewDraft } from "@/features/planner/draft-stash";
import { createOfferedSchedule, offerOf } from "@/features/planner/schedule-offer";
import { plannerLabel } from "@/features/planner/types";
import { browserTimeZone } from "@/features/triggers/lib";
import { TriggersPanel } from "@/features/triggers/triggers-panel";
import { blankSpec } from "@/features/workflows/lib/blank-spec";
import { describeError } from "@/features/workflows/lib/errors";
import { useTRPC } from "@/lib/trpc/client";
import type { WorkflowRead } from "@/lib/contracts";

import { Canvas } from "./components/canvas";
import { Dialog, buttonClass, dangerButtonClass, primaryButtonClass } from "./components/dialog";
import { Icon } from "./components/icons";
import { NoticeToast } from "./components/notice";
import { Palette } from "./components/palette";
import { DraftBanner, EmptyCanvasDescribe, RefineDialog, ScheduleOfferCard, useStashedNotes } from "./components/planner";
import { ProblemsPanel } from "./components/problems-panel";
import { SettingsPanel } from "./components/settings-panel";
import { Toolbar } from "./components/toolbar";
import { useLeaveGuard } from "./hooks/use-leave-guard";
import { useShortcuts } from "./hooks/use-shortcuts";
import { useValidation } from "./hooks/use-validation";
import { Inspector } from "./inspector/inspector";
import { makeCatalog } from "./lib/catalog";
import { needsLayout } from "./lib/document";
import { EditorStoreProvider, useEditor, useEditorStoreApi } from "./store/context";
import { documentOf, isDirty } from "./store/store";
import type { WorkflowDoc } from "./types";
import { WorkbenchProvider } from "./workbench/context";
import { usePinsFollow } from "./workbench/use-pins-follow";
import { VersionsPanel } from "./workbench/versions-panel";

/** The workflow editor at /workflows/[id]/edit: loads the workflow and the node catalog. */
export function WorkflowEditor({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const workflow = useQuery(trpc.workflows.get.queryOptions({ id: workflowId }, { refetchOnWindowFocus: false, staleTime: Infinity, retry: 1 }));
  const nodeTypes = useQuery(trpc.nodeTypes.list.queryOptions(undefined, { refetchOnWindowFocus: false, staleTime: 5 * 60_000 }));
  const catalog = useMemo(() => (nodeTypes.data ? makeCatalog(nodeTypes.data) : null), [nodeTypes.data]);
  // The editor starts from the version loaded first; later refetches do not reset it.
  const [initial, setInitial] = useState<WorkflowRead | null>(null);
  const [session, setSession] = useState(0);
  if (workflow.data && (!initial || initial.id !== workflow.data.id)) setInitial(workflow.data);

  const error = workflow.error ?? nodeTypes.error;
  if (error) {
    return (
      <Frame>
        <div className="m-auto max-w-md text-center" role="alert">
          <Icon name="alert" className="mx-auto mb-3 size-8 text-danger" />
          <h1 className="text-base font-semibold">This workflow could not be opened</h1>
          <p className="mt-1 text-sm text-muted">{describeError(error).message}</p>
          <a href="/workflows" className={`${buttonClass} mt-4`}>
            Back to workflows
          </a>
        </div>
      </Frame>
    );
  }
  if (!initial || !catalog) {
    return <OpeningEditor />;
  }
  return (
    <EditorStoreProvider key={`${initial.id}:${session}`} init={{ catalog, doc: initial.spec as WorkflowDoc, workflowId: initial.id }}>
      <ReactFlowProvider>
        <EditorShell
          workflow={initial}
          onReload={(fresh) => {
            setInitial(fresh);
            setSession((n) => n + 1);
          }}
        />
      </ReactFlowProvider>
    </EditorStoreProvider>
  );
}

/** What the editor shows while its workflow and the node catalog load. */
function OpeningEditor() {
  return (
    <Frame>
      <div className="m-auto flex items-center gap-2 text-sm text-muted" role="status">
        <Icon name="loader" className="size-4 animate-spin" />
        Opening the editor…
      </div>
    </Frame>
  );
}

/**
 * The editor at /workflows/new?draft=<key>: a planner's draft kept in this tab only
 * (sessionStorage), on a blank canvas as an unsaved change. The first save creates the
 * workflow (and the schedule the request asked for, if ticked) and moves to its editor; a
 * draft never saved leaves no workflow behind.
 */
export function NewWorkflowEditor({ draftKey }: { draftKey: string }) {
  const trpc = useTRPC();
  const nodeTypes = useQuery(trpc.nodeTypes.list.queryOptions(undefined, { refetchOnWindowFocus: false, staleTime: 5 * 60_000 }));
  const catalog = useMemo(() => (nodeTypes.data ? makeCatalog(nodeTypes.data) : null), [nodeTypes.data]);
  // sessionStorage is read in the browser only (undefined while rendered on the server).
  const text = useSyncExternalStore(noSubscription, () => newDraftText(draftKey), () => undefined);
  const found = useMemo(() => (text === undefined ? undefined : parseNewDraft(text)), [text]);
  const [blank] = useState(() => blankSpec() as WorkflowDoc);
  // One object for the editor's life (the shell's first-render effect depends on it).
  const workflow = useMemo<ShellWorkflow | null>(
    () => (found ? { id: "", name: found.name, current_version: 0, spec: blank, problems: [], is_chat: false } : null),
    [found, blank],
  );

  if (nodeTypes.error || found === null) {
    return (
      <Frame>
        <div className="m-auto max-w-md text-center" role="alert">
          <Icon name="alert" className="mx-auto mb-3 size-8 text-danger" />
          <h1 className="text-base font-semibold">{found === null ? "This draft is not here any more" : "The editor could not be opened"}</h1>
          <p className="mt-1 text-sm text-muted">
            {found === null ? "A draft lives in the tab that made it until it is saved. Describe it again from the workflows page." : describeError(nodeTypes.error).message}
          </p>
          <a href="/workflows" className={`${buttonClass} mt-4`}>
            Back to workflows
          </a>
        </div>
      </Frame>
    );
  }
  if (!found || !workflow || !catalog) {
    return <OpeningEditor />;
  }
  return (
    <EditorStoreProvider key={draftKey} init={{ catalog, doc: blank }}>
      <ReactFlowProvider>
        <EditorShell workflow={workflow} unsaved={{ key: draftKey, draft: found }} onReload={() => undefined} />
      </ReactFlowProvider>
    </EditorStoreProvider>
  );
}

const noSubscription = () => () => undefined;

function Frame({ children }: { children: React.ReactNode }) {
  return <div className="orrery-editor fixed inset-x-0 top-14 bottom-0 z-20 flex bg-background">{children}</div>;
}

type Conflict = { currentVersion: number | null };

/** What the shell reads of the workflow (a new one, not saved yet, has the id ""). */
type ShellWorkflow = Pick<WorkflowRead, "id" | "name" | "current_version" | "spec" | "problems" | "is_chat">;
/** A planner's draft not saved anywhere yet (`NewWorkflowEditor`). */
type Unsaved = { key: string; draft: NewDraft };

function EditorShell({ workflow, unsaved, onReload }: { workflow: ShellWorkflow; unsaved?: Unsaved; onReload(fresh: WorkflowRead): void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const store = useEditorStoreApi();
  const flow = useReactFlow();
  const actions = useEditor((s) => s.actions);
  const dirty = useEditor(isDirty);
  const [version, setVersion] = useState(workflow.current_version);
  const [problemsOpen, setProblemsOpen] = useState(false);
  const [triggersOpen, setTriggersOpen] = useState(false);
  const [versionsOpen, setVersionsOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [chatOpen, setChatOpen] = useState(false);
  // The saved workflow (kept current on save) says whether it is a chat: a chat runs the saved version.
  const isChat =
    useQuery(trpc.workflows.get.queryOptions({ id: workflow.id }, { staleTime: Infinity, refetchOnWindowFocus: false, enabled: !unsaved })).data?.is_chat ?? workflow.is_chat;
  const inputs = useEditor((s) => s.inputs);
  const inputNames = useMemo(() => Object.keys(inputs), [inputs]);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [runOpen, setRunOpen] = useState(false);
  const [refineOpen, setRefineOpen] = useState(false);
  useStashedNotes(workflow.id);
  const update = useMutation(trpc.workflows.update.mutationOptions());
  const pinsFollow = usePinsFollow(workflow.id);
  const create = useMutation(trpc.workflows.create.mutationOptions());
  const createSchedule = useMutation(trpc.triggers.createSchedule.mutationOptions());
  const saving = update.isPending || create.isPending;
  const validation = useValidation();
  const guard = useLeaveGuard(dirty);

  // First render: the saved problems, and a layout for documents without positions.
  useEffect(() => {
    actions.setProblems(workflow.problems);
    if (needsLayout(workflow.spec as WorkflowDoc)) actions.requestLayout();
  }, [actions, workflow]);

  // A new workflow's draft lands as an unsaved change (undo goes back to the blank canvas).
  const draft = unsaved?.draft.draft;
  useEffect(() => {
    if (!draft || store.getState().draft) return;
    actions.applyDraft(draft.document as WorkflowDoc, { planner: draft.planner, explanations: draft.explanations, schedule: offerOf(draft) });
    actions.notify(`Drafted by ${plannerLabel(draft.planner)}: review it, then save`, "success");
  }, [actions, draft, store]);

  /**
   * After a save: the schedule the draft asked for, created when it is ticked (then, or
   * unticked, it is offered no more). Returns words for the save's notice.
   */
  const settleSchedule = useCallback(
    async (workflowId: string): Promise<string> => {
      const offer = store.getState().draft?.schedule;
      if (!offer) return "";
      const outcome = await createOfferedSchedule(offer, workflowId, browserTimeZone(), createSchedule.mutateAsync);
      store.getState().actions.scheduleSettled();
      if (!outcome) return "";
      void queryClient.invalidateQueries({ queryKey: trpc.triggers.schedules.queryKey({ workflowId }) });
      return "created" in outcome ? ` · schedule created: ${outcome.created}` : ` · the schedule was not created: ${outcome.failed}`;
    },
    [store, createSchedule, queryClient, trpc],
  );

  /** The first save of a new workflow: creates it, then opens its own editor. */
  const saveNew = useCallback(
    async (draftKey: string): Promise<boolean> => {
      if (create.isPending) return false;
      const state = store.getState();
      const rev = state.rev;
      try {
        const created = await create.mutateAsync({ name: workflow.name, spec: documentOf(state) });
        store.getState().actions.markSaved(rev);
        const scheduled = await settleSchedule(created.id);
        const notes = store.getState().draft;
        stashNotes(created.id, { planner: notes?.planner ?? "demo", explanations: notes?.explanations ?? {}, notice: `Saved · version ${created.current_version}${scheduled}` });
        dropNewDraft(draftKey);
        queryClient.setQueryData(trpc.workflows.get.queryKey({ id: created.id }), created);
        void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
        router.replace(`/workflows/${created.id}/edit`);
        return true;
      } catch (error) {
        actions.notify(`Not saved: ${describeError(error).message}`, "error");
        return false;
      }
    },
    [create, store, workflow.name, settleSchedule, queryClient, trpc, router, actions],
  );

  const save = useCallback(
    async (basedOnVersion?: number): Promise<boolean> => {
      if (unsaved) return saveNew(unsaved.key);
      if (update.isPending) return false;
      const state = store.getState();
      const rev = state.rev;
      const renames = state.renames;
      try {
        const saved = await update.mutateAsync({ id: workflow.id, spec: documentOf(state), basedOnVersion: basedOnVersion ?? version });
        setVersion(saved.current_version);
        store.getState().actions.markSaved(rev);
        // Renamed nodes take their pins along (the saved version names them by their new ids).
        const followed = await pinsFollow(renames);
        if (followed) store.getState().actions.renamesApplied(renames);
        if (store.getState().rev === rev) store.getState().actions.setProblems(saved.problems);
        queryClient.setQueryData(trpc.workflows.get.queryKey({ id: workflow.id }), saved);
        void queryClient.invalidateQueries({ queryKey: trpc.workflows.list.queryKey() });
        const scheduled = await settleSchedule(workflow.id);
        if (followed) actions.notify(`Saved · version ${saved.current_version}${scheduled}`, "success");
        else actions.notify(`Saved · version ${saved.current_version}, but the pins of renamed nodes could not follow them: save again to retry`, "error");
        setConflict(null);
        return true;
      } catch (error) {
        if (error instanceof TRPCClientError && error.data?.code === "CONFLICT") {
          const current = (error.data as { currentVersion?: number | null }).currentVersion ?? null;
          setConflict({ currentVersion: current });
        } else {
          actions.notify(`Not saved: ${describeError(error).message}`, "error");
        }
        return false;
      }
    },
    [unsaved, saveNew, update, store, workflow.id, version, queryClient, trpc, actions, settleSchedule, pinsFollow],
  );

  useShortcuts({ onSave: () => void save() });

  const reloadTheirs = async () => {
    const fresh = await queryClient.fetchQuery({ ...trpc.workflows.get.queryOptions({ id: workflow.id }), staleTime: 0 });
    setConflict(null);
    onReload(fresh);
  };

  const keepMine = async () => {
    let current = conflict?.currentVersion;
    if (current == null) {
      const fresh = await queryClient.fetchQuery({ ...trpc.workflows.get.queryOptions({ id: workflow.id }), staleTime: 0 });
      current = fresh.current_version;
    }
    await save(current);
  };

  const run = async () => {
    if (isDirty(store.getState()) && !(await save())) return;
    setRunOpen(true);
  };

  /**
   * A test run executes the saved version: the draft is saved first when it has changes. A new
   * workflow's first save opens its own editor, where the test runs: not here.
   */
  const saveIfDirty = useCallback(
    async () => (unsaved ? (await save(), false) : (!isDirty(store.getState()) && !Object.keys(store.getState().renames).length) || (await save())),
    [unsaved, store, save],
  );

  return (
    <WorkbenchProvider workflowId={workflow.id} save={saveIfDirty}>
      <div className="orrery-editor fixed inset-x-0 top-14 bottom-0 z-20 flex flex-col bg-background" data-testid="workflow-editor">
        <Toolbar
          name={workflow.name}
          version={version}
          saving={saving}
          validation={validation}
          problemsOpen={problemsOpen}
          onSave={() => void save()}
          onRun={unsaved ? null : () => void run()}
          onToggleProblems={() => setProblemsOpen((v) => !v)}
          triggersOpen={triggersOpen}
          onToggleTriggers={unsaved ? undefined : () => setTriggersOpen((v) => !v)}
          versionsOpen={versionsOpen}
          onToggleVersions={unsaved ? undefined : () => setVersionsOpen((v) => !v)}
          onFit={() => void flow.fitView({ padding: 0.2, maxZoom: 1.1, duration: 250 })}
          onRefine={unsaved ? undefined : () => setRefineOpen(true)}
          settingsOpen={settingsOpen}
          onToggleSettings={() => setSettingsOpen((v) => !v)}
          chatOpen={chatOpen}
          onToggleChat={isChat && !unsaved ? () => setChatOpen((v) => !v) : undefined}
        />
        <div className="flex min-h-0 flex-1">
          <Palette />
          <main className="relative min-w-0 flex-1" aria-label="Canvas">
            <Canvas />
            <DraftBanner />
            <ScheduleOfferCard />
            <EmptyCanvasDescribe />
            <NoticeToast />
            {problemsOpen ? <ProblemsPanel onClose={() => setProblemsOpen(false)} /> : null}
            {versionsOpen ? (
              <VersionsPanel
                workflowId={workflow.id}
                currentVersion={version}
                onClose={() => setVersionsOpen(false)}
                onRestored={(fresh) => {
                  queryClient.setQueryData(trpc.workflows.get.queryKey({ id: workflow.id }), fresh);
                  store.getState().actions.markSaved(store.getState().rev); // the draft is replaced, not left behind
                  onReload(fresh);
                }}
              />
            ) : null}
            {settingsOpen ? <SettingsPanel onClose={() => setSettingsOpen(false)} /> : null}
            {chatOpen && isChat ? <ChatPanel workflowId={workflow.id} beforeSend={saveIfDirty} onClose={() => setChatOpen(false)} /> : null}
            {triggersOpen && !unsaved ? <TriggersPanel workflowId={workflow.id} inputNames={inputNames} onClose={() => setTriggersOpen(false)} /> : null}
          </main>
          <Inspector />
        </div>

        <Dialog
          open={!!conflict}
          title="Someone else saved this workflow"
          testId="conflict-dialog"
          onClose={() => setConflict(null)}
          actions={
            <>
              <button type="button" className={buttonClass} onClick={() => setConflict(null)}>
                Cancel
              </button>
              <button type="button" className={buttonClass} onClick={() => void reloadTheirs()}>
                Reload theirs
              </button>
              <button type="button" className={dangerButtonClass} onClick={() => void keepMine()}>
                Keep mine and overwrite
              </button>
            </>
          }
        >
          You edited version {version}, but version {conflict?.currentVersion ?? "newer"} has been saved since (in another tab or by another
          session). Reload theirs to discard your changes, or keep yours: they become a new version on top of theirs.
        </Dialog>

        <Dialog
          open={!!guard.pending}
          title="Leave without saving?"
          testId="leave-dialog"
          onClose={guard.clear}
          actions={
            <>
              <button type="button" className={buttonClass} onClick={guard.clear}>
                Stay
              </button>
              <button
                type="button"
                className={dangerButtonClass}
                onClick={() => {
                  const href = guard.pending!;
                  guard.clear();
                  store.getState().actions.markSaved(store.getState().rev); // lifts the guard
                  router.push(href);
                }}
              >
                Discard changes
              </button>
              <button
                type="button"
                className={primaryButtonClass}
                onClick={async () => {
                  const href = guard.pending!;
                  if (await save()) {
                    guard.clear();
                    router.push(href);
                  }
                }}
              >
                Save and leave
              </button>
            </>
          }
        >
          This workflow has changes that are not saved yet.
        </Dialog>

        <DeleteContainerDialog />

        {unsaved ? null : (
          <>
            <RefineDialog workflowId={workflow.id} open={refineOpen} onClose={() => setRefineOpen(false)} />
            <StartRunDialog
              workflowId={workflow.id}
              workflowName={workflow.name}
              inputs={store.getState().inputs}
              version={version}
              open={runOpen}
              onClose={() => setRunOpen(false)}
            />
          </>
        )}
      </div>
    </WorkbenchProvider>
  );
}

/** Deleting a map or loop that has a body: delete the body too, or keep it where it is drawn. */
function DeleteContainerDialog() {
  const pending = useEditor((s) => s.pendingDelete);
  const actions = useEditor((s) => s.actions);
  const containers = pending?.containers ?? [];
  const body = containers.reduce((n, c) => n + c.body, 0);
  const names = containers.map((c) => c.name).join(", ");
  return (
    <Dialog
      open={!!pending}
      title={containers.length === 1 ? `Delete ${names} and its body?` : `Delete ${names} and their bodies?`}
      testId="delete-container-dialog"
      onClose={actions.cancelDelete}
      actions={
        <>
          <button type="button" className={buttonClass} onClick={actions.cancelDelete}>
            Cancel
          </button>
          <button type="button" className={buttonClass} onClick={() => actions.confirmDelete("keep")}>
            Keep the {body === 1 ? "node" : `${body} nodes`} inside
          </button>
          <button type="button" className={dangerButtonClass} onClick={() => actions.confirmDelete("delete")}>
            Delete {body === 1 ? "it too" : `all ${body}`}
          </button>
        </>
      }
    >
      {containers.length === 1 ? names : "These containers"} {containers.length === 1 ? "has" : "have"} {body} node{body === 1 ? "" : "s"} in {containers.length === 1 ? "its" : "their"} body. Delete{" "}
      {body === 1 ? "it" : "them"} as well, or keep {body === 1 ? "it" : "them"} on the canvas where {body === 1 ? "it is" : "they are"} (outside any container)? Undo brings everything back either way.
    </Dialog>
  );
}
