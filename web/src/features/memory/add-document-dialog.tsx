"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useRef, useState, type ChangeEvent, type FormEvent, type KeyboardEvent } from "react";

import { Button } from "@/components/ui/button";
import { Dialog, DialogFooter } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { describeError } from "@/features/workflows/lib/errors";
import { useTRPC } from "@/lib/trpc/client";

import { useRefreshCollection } from "./hooks";
import {
  type DocumentForm,
  type DocumentFormErrors,
  type DocumentTab,
  EMPTY_DOCUMENT_FORM,
  FILE_ACCEPT,
  MAX_DOCUMENT_BYTES,
  byteLength,
  checkFile,
  documentInput,
  formatBytes,
  plural,
  readByEngine,
  validateDocumentForm,
} from "./lib";
import { Field, describedBy, inputClass, textareaClass } from "@/components/ui/form";

const TABS: { id: DocumentTab; label: string }[] = [
  { id: "text", label: "Paste text" },
  { id: "file", label: "Upload file" },
  { id: "url", label: "From URL" },
];

/** "Add document": paste text, upload a file (.md/.txt read here, as text; PDF, Word and HTML
 * sent as they are, for the engine to read), or fetch a web page (and its site's pages). */
export function AddDocumentDialog({ collectionId, open, onClose }: { collectionId: string; open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} size="lg" title="Add document" description="The text is split into chunks and embedded in the background; searches then find the chunks closest in meaning.">
      {open ? <AddDocumentForm collectionId={collectionId} onClose={onClose} /> : null}
    </Dialog>
  );
}

function AddDocumentForm({ collectionId, onClose }: { collectionId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const { toast } = useToast();
  const refresh = useRefreshCollection();
  const baseId = useId();
  const ids = { title: `${baseId}-title`, text: `${baseId}-text`, file: `${baseId}-file`, url: `${baseId}-url`, follow: `${baseId}-follow`, status: `${baseId}-status` };
  const tabRefs = useRef<Partial<Record<DocumentTab, HTMLButtonElement | null>>>({});
  const [tab, setTab] = useState<DocumentTab>("text");
  const [form, setForm] = useState<DocumentForm>(EMPTY_DOCUMENT_FORM);
  const [errors, setErrors] = useState<DocumentFormErrors>({});
  const [duplicateOf, setDuplicateOf] = useState<string | null>(null);

  const add = useMutation(
    trpc.memory.addDocument.mutationOptions({
      onSuccess: ({ document, deduplicated, also_added = [] }) => {
        const crawling = !!document.crawl && document.crawl.status !== "done";
        if (deduplicated && also_added.length === 0 && !crawling) {
          setDuplicateOf(document.title);
          return;
        }
        void refresh(collectionId);
        const more = also_added.length ? ` and ${plural(also_added.length, "more page")}` : "";
        const description =
          document.status === "queued" && document.chunk_count === 0
            ? "The file is read and embedded in the background"
            : `${plural(document.chunk_count, "chunk")}, embedding in the background`;
        toast({
          title: `Added “${document.title}”${more}`,
          description: crawling ? `${description}; the site's other pages are being added` : description,
          tone: "success",
        });
        onClose();
      },
    }),
  );
  const serverError = add.error ? describeError(add.error) : null;

  function choose(next: DocumentTab) {
    setTab(next);
    setErrors({});
    setDuplicateOf(null);
    add.reset();
  }

  function onTabKeyDown(event: KeyboardEvent) {
    const index = TABS.findIndex((t) => t.id === tab);
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TABS.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = TABS[(moves[event.key]! + TABS.length) % TABS.length]!.id;
    choose(next);
    tabRefs.current[next]?.focus();
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setDuplicateOf(null);
    add.reset();
    if (!file) return setForm((f) => ({ ...f, file: null }));
    const problem = checkFile(file);
    if (problem) {
      event.target.value = "";
      setForm((f) => ({ ...f, file: null }));
      return setErrors((e) => ({ ...e, file: problem }));
    }
    if (readByEngine(file.name)) {
      const base64 = await asBase64(file);
      setForm((f) => ({ ...f, file: { name: file.name, base64, size: file.size } }));
    } else {
      const text = await file.text();
      setForm((f) => ({ ...f, file: { name: file.name, text } }));
    }
    setErrors((e) => ({ ...e, file: undefined }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateDocumentForm(tab, form);
    setErrors(found);
    setDuplicateOf(null);
    if (Object.keys(found).length) return;
    add.mutate(documentInput(collectionId, tab, form));
  }

  const edit = (field: "title" | "text" | "url" | "follow") => (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
    setForm((f) => ({ ...f, [field]: event.target.value }));
    if (duplicateOf) setDuplicateOf(null);
  };
  const textBytes = tab === "text" ? byteLength(form.text) : 0;

  return (
    <form onSubmit={submit} noValidate className="space-y-3">
      <div role="tablist" aria-label="Where the document comes from" className="flex gap-1 border-b border-border" onKeyDown={onTabKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`${baseId}-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`${baseId}-panel`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => choose(t.id)}
            className={`-mb-px border-b-2 px-3 py-2 text-sm transition ${
              tab === t.id ? "border-accent font-medium text-foreground" : "border-transparent text-muted hover:text-foreground"
            }`}
          >
            {t.label}
          </button>
        ))}
      </div>

      <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${tab}`} className="space-y-3">
        {tab === "text" ? (
          <Field
            label="Text"
            id={ids.text}
            error={errors.text}
            hint={textBytes > MAX_DOCUMENT_BYTES / 2 ? `${formatBytes(textBytes)} of ${formatBytes(MAX_DOCUMENT_BYTES)}` : "Markdown or plain text."}
          >
            <textarea id={ids.text} rows={10} autoFocus className={`${textareaClass} font-mono text-[13px]`} value={form.text} onChange={edit("text")} {...describedBy(ids.text, errors.text, true)} />
          </Field>
        ) : tab === "file" ? (
          <Field
            label="File"
            id={ids.file}
            error={errors.file}
            hint={
              form.file
                ? `${form.file.name} · ${formatBytes("base64" in form.file ? form.file.size : byteLength(form.file.text))}`
                : `A PDF (up to 200 pages), Word (.docx), HTML, Markdown or text file, up to ${formatBytes(MAX_DOCUMENT_BYTES)}.`
            }
          >
            <input
              id={ids.file}
              type="file"
              accept={FILE_ACCEPT}
              onChange={(e) => void onFile(e)}
              className="block w-full text-sm text-muted file:mr-3 file:h-8 file:rounded-md file:border file:border-border file:bg-surface file:px-3 file:text-sm file:font-medium file:text-foreground hover:file:bg-surface-muted"
              {...describedBy(ids.file, errors.file, true)}
            />
          </Field>
        ) : (
          <>
            <Field label="URL" id={ids.url} error={errors.url} hint="The engine fetches the page and keeps its main text.">
              <input id={ids.url} type="url" autoFocus className={inputClass} value={form.url} placeholder="https://example.com/article" onChange={edit("url")} {...describedBy(ids.url, errors.url, true)} />
            </Field>
            <Field label="Also add" id={ids.follow} hint="Pages of the same site only, each a document of its own (20 at most).">
              <select id={ids.follow} className={inputClass} value={form.follow} onChange={edit("follow")}>
                <option value="">Only this page</option>
                <option value="sitemap">Pages in the site’s sitemap</option>
                <option value="links">Pages this page links to</option>
              </select>
            </Field>
          </>
        )}
        <Field label="Title" id={ids.title} error={errors.title} hint={tab === "text" ? "Optional: the first line by default." : tab === "file" ? "Optional: the file name by default." : "Optional: the page’s title by default."}>
          <input id={ids.title} className={inputClass} value={form.title} maxLength={500} onChange={edit("title")} {...describedBy(ids.title, errors.title, true)} />
        </Field>
      </div>

      {duplicateOf !== null ? (
        <div id={ids.status} role="status" data-testid="deduplicated" className="rounded-md border border-warning/40 bg-warning/10 px-3 py-2 text-sm">
          <strong className="font-medium">Already in this collection</strong>
          <span className="text-muted">: “{duplicateOf}” holds the same text, so nothing was added.</span>
        </div>
      ) : null}
      {serverError ? (
        <div role="alert" className="rounded-md bg-danger-surface px-3 py-2 text-sm text-danger">
          {serverError.message}
          {serverError.details.length ? <p className="mt-1">{serverError.details.join(" ")}</p> : null}
        </div>
      ) : null}

      <DialogFooter>
        <Button variant="secondary" onClick={onClose}>
          {duplicateOf !== null ? "Close" : "Cancel"}
        </Button>
        <Button type="submit" variant="primary" pending={add.isPending}>
          {add.isPending ? (tab === "url" ? "Fetching…" : "Adding…") : "Add document"}
        </Button>
      </DialogFooter>
    </form>
  );
}

/** The file's bytes as base64 (without the data: URL's prefix). */
function asBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error ?? new Error("The file could not be read."));
    reader.readAsDataURL(file);
  });
}
