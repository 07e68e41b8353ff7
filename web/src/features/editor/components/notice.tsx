"use client";

import { useEffect } from "react";

import { useEditor } from "../store/context";
import { Icon } from "./icons";

/** The editor's toast: a refused connection's reason, "Saved", a failed save. */
export function NoticeToast() {
  const notice = useEditor((s) => s.notice);
  const dismiss = useEditor((s) => s.actions.dismissNotice);
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => dismiss(notice.id), notice.tone === "error" ? 6000 : 3000);
    return () => clearTimeout(timer);
  }, [notice, dismiss]);

  return (
    <div aria-live="polite" className="pointer-events-none absolute inset-x-0 top-3 z-40 flex justify-center px-4">
      {notice ? (
        <div
          key={notice.id}
          role={notice.tone === "error" ? "alert" : "status"}
          data-testid="editor-notice"
          data-tone={notice.tone}
          className={`pointer-events-auto flex max-w-xl items-start gap-2 rounded-xl border px-3.5 py-2.5 text-[13px] shadow-lg ${
            notice.tone === "error"
              ? "border-danger/30 bg-danger-surface text-danger"
              : notice.tone === "success"
                ? "border-success/30 bg-surface text-foreground"
                : "border-border bg-surface text-foreground"
          }`}
        >
          <Icon
            name={notice.tone === "error" ? "alert" : notice.tone === "success" ? "check-circle" : "check"}
            className={`mt-0.5 size-4 shrink-0 ${notice.tone === "success" ? "text-success" : ""}`}
          />
          <span className="leading-snug">{notice.message}</span>
          <button type="button" aria-label="Dismiss" onClick={() => dismiss(notice.id)} className="-mr-1 ml-1 rounded p-0.5 opacity-60 hover:opacity-100">
            <Icon name="x" className="size-3.5" />
          </button>
        </div>
      ) : null}
    </div>
  );
}
