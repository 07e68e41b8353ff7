"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";

export type MenuItem =
  | { label: string; icon?: ReactNode; onSelect: () => void; danger?: boolean; disabled?: boolean; href?: undefined }
  | { label: string; icon?: ReactNode; href: string; danger?: boolean; disabled?: boolean; onSelect?: undefined };

export type MenuProps = {
  /** The trigger's accessible name, e.g. "Actions for Video". */
  label: string;
  /** What the trigger shows (an icon by default: three dots). */
  trigger?: ReactNode;
  items: (MenuItem | "separator")[];
  /** Which edge of the trigger the menu lines up with. */
  align?: "start" | "end";
  triggerClassName?: string;
};

/**
 * A menu button (WAI-ARIA menu pattern): Enter/Space/ArrowDown open it on the first
 * item, ArrowUp on the last; arrows, Home and End move; Esc closes and returns focus
 * to the trigger; Tab or a click outside closes it.
 */
export function Menu({ label, trigger, items, align = "end", triggerClassName = "" }: MenuProps) {
  const [open, setOpen] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const openAt = useRef<"first" | "last">("first");

  useEffect(() => {
    if (!open) return;
    focusItem(menuRef.current, openAt.current === "first" ? 0 : -1);
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  function close(refocus = true) {
    setOpen(false);
    if (refocus) triggerRef.current?.focus();
  }

  function onTriggerKeyDown(event: KeyboardEvent) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      openAt.current = event.key === "ArrowDown" ? "first" : "last";
      setOpen(true);
    }
  }

  function onMenuKeyDown(event: KeyboardEvent) {
    const els = itemEls(menuRef.current);
    const index = els.indexOf(document.activeElement as HTMLElement);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: els.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      focusItem(menuRef.current, moves[event.key]!);
    } else if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === "Tab") {
      close(false);
    }
  }

  const itemClass = (item: MenuItem) =>
    `flex w-full cursor-default items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm outline-none select-none aria-disabled:opacity-50 [&_svg]:size-4 [&_svg]:shrink-0 ${
      item.danger ? "text-danger focus:bg-danger-surface hover:bg-danger-surface" : "focus:bg-surface-muted hover:bg-surface-muted"
    }`;

  return (
    <div ref={rootRef} className="relative inline-flex">
      <button
        ref={triggerRef}
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => {
          openAt.current = "first";
          setOpen((was) => !was);
        }}
        onKeyDown={onTriggerKeyDown}
        className={`inline-flex size-8 items-center justify-center rounded-md text-muted transition hover:bg-surface-muted hover:text-foreground aria-expanded:bg-surface-muted aria-expanded:text-foreground ${triggerClassName}`}
      >
        {trigger ?? (
          <svg viewBox="0 0 16 16" fill="currentColor" aria-hidden="true" className="size-4">
            <circle cx="3" cy="8" r="1.35" />
            <circle cx="8" cy="8" r="1.35" />
            <circle cx="13" cy="8" r="1.35" />
          </svg>
        )}
      </button>
      {open ? (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label={label}
          onKeyDown={onMenuKeyDown}
          className={`absolute top-full z-30 mt-1 min-w-44 rounded-lg border border-border bg-surface p-1 shadow-lg ${align === "end" ? "right-0" : "left-0"}`}
        >
          {items.map((item, i) =>
            item === "separator" ? (
              <div key={`sep-${i}`} role="separator" className="-mx-1 my-1 h-px bg-border" />
            ) : item.href !== undefined ? (
              <Link
                key={item.label}
                href={item.href}
                role="menuitem"
                tabIndex={-1}
                aria-disabled={item.disabled || undefined}
                onClick={() => setOpen(false)}
                className={itemClass(item)}
              >
                {item.icon}
                {item.label}
              </Link>
            ) : (
              <button
                key={item.label}
                type="button"
                role="menuitem"
                tabIndex={-1}
                aria-disabled={item.disabled || undefined}
                onClick={() => {
                  if (item.disabled) return;
                  close(); // focus back on the trigger first: a dialog opened next returns it there
                  item.onSelect();
                }}
                className={itemClass(item)}
              >
                {item.icon}
                {item.label}
              </button>
            ),
          )}
        </div>
      ) : null}
    </div>
  );
}

function itemEls(menu: HTMLElement | null): HTMLElement[] {
  return Array.from(menu?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])') ?? []);
}

/** Focuses the item at `index`, wrapping around (-1 is the last). */
function focusItem(menu: HTMLElement | null, index: number) {
  const els = itemEls(menu);
  if (els.length) els[(index + els.length) % els.length]!.focus();
}
