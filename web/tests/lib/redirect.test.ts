import { describe, expect, it } from "vitest";

import { HOME_PATH, isPublicPath, loginPathFor, safeNextPath } from "@/lib/redirect";

describe("safeNextPath", () => {
  it("keeps a same-origin path with its query and hash", () => {
    expect(safeNextPath("/runs")).toBe("/runs");
    expect(safeNextPath("/workflows/abc?tab=runs#latest")).toBe("/workflows/abc?tab=runs#latest");
  });

  it.each([
    ["protocol-relative", "//evil.com"],
    ["protocol-relative with path", "//evil.com/workflows"],
    ["absolute https", "https://evil.com"],
    ["absolute http", "http://evil.com/login"],
    ["backslash trick", "/\\evil.com"],
    ["double backslash", "\\\\evil.com"],
    ["tab inside the slashes", "/\t/evil.com"],
    ["newline inside the slashes", "/\n/evil.com"],
    ["javascript scheme", "javascript:alert(1)"],
    ["relative path", "workflows"],
    ["empty", ""],
    ["triple slash", "///evil.com"],
  ])("refuses %s (%j)", (_name, next) => {
    expect(safeNextPath(next)).toBe(HOME_PATH);
  });

  it("falls back when there is no next, or it points at the auth pages", () => {
    expect(safeNextPath(null)).toBe(HOME_PATH);
    expect(safeNextPath(undefined)).toBe(HOME_PATH);
    expect(safeNextPath("/login")).toBe(HOME_PATH);
    expect(safeNextPath("/signup?next=/runs")).toBe(HOME_PATH);
  });

  it("uses the given fallback", () => {
    expect(safeNextPath("https://evil.com", "/")).toBe("/");
  });

  it("normalises dot segments without leaving the origin", () => {
    expect(safeNextPath("/a/../runs")).toBe("/runs");
  });
});

describe("isPublicPath", () => {
  it("lets the auth pages, the Auth proxy and the API through", () => {
    for (const path of ["/login", "/signup", "/auth/v1/token", "/api/trpc/system.health"]) {
      expect(isPublicPath(path)).toBe(true);
    }
  });

  it("protects everything else, including look-alikes", () => {
    for (const path of ["/", "/workflows", "/runs/1", "/loginx", "/signups", "/apis", "/auth"]) {
      expect(isPublicPath(path)).toBe(false);
    }
  });
});

describe("loginPathFor", () => {
  it("carries the requested page in `next`", () => {
    expect(loginPathFor("/runs", "?status=failed")).toBe("/login?next=%2Fruns%3Fstatus%3Dfailed");
  });

  it("omits `next` for the home page", () => {
    expect(loginPathFor("/")).toBe("/login");
  });
});
