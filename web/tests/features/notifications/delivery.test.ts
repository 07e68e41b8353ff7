import { describe, expect, it } from "vitest";

import { deliveryNote } from "@/features/notifications/delivery";

const at = (iso: string) => iso.slice(11, 16);

describe("the bell's word on a notification's delivery", () => {
  it("says nothing of one delivered, or not tried yet", () => {
    expect(deliveryNote({ delivered_at: "2026-12-07T10:00:00Z", delivery_error: null }, at)).toBeNull();
    expect(deliveryNote({ delivered_at: null, delivery_error: null, next_delivery_at: "2026-12-07T10:00:00Z" }, at)).toBeNull();
  });

  it("says why the last attempt failed and when the next one is", () => {
    expect(deliveryNote({ delivery_error: "webhook: your webhook answered 503", next_delivery_at: "2026-12-07T10:02:00Z" }, at)).toBe(
      "Not delivered (webhook: your webhook answered 503); tried again at 10:02.",
    );
  });

  it("says when no attempt follows (a refusal, or six failures)", () => {
    expect(deliveryNote({ delivery_error: "webhook: your webhook answered 404", next_delivery_at: null }, at)).toBe(
      "Not delivered (webhook: your webhook answered 404); not tried again.",
    );
  });
});
