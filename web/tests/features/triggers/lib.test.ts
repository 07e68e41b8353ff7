import { describe, expect, it } from "vitest";

import { callOutcome, parseMapping, parseObject, parseSample } from "@/features/triggers/lib";

describe("the Triggers panel's helpers", () => {
  it("reads a JSON object of inputs, and says why other text is not one", () => {
    expect(parseObject('{"topic": "tides"}')).toEqual({ value: { topic: "tides" } });
    expect(parseObject("")).toEqual({ value: {} });
    expect(parseObject("[1]")).toEqual({ error: expect.stringContaining("JSON object") });
    expect(parseObject("{topic")).toEqual({ error: expect.stringContaining("Not JSON") });
  });

  it("takes a mapping only when every template is text", () => {
    expect(parseMapping('{"topic": "{{ body.t }}"}')).toEqual({ value: { topic: "{{ body.t }}" } });
    expect(parseMapping('{"count": 3}')).toEqual({ error: expect.stringContaining('"count"') });
  });

  it("sends a sample that is not JSON as text", () => {
    expect(parseSample('{"a": 1}')).toEqual({ a: 1 });
    expect(parseSample("name=Ada")).toBe("name=Ada");
    expect(parseSample("  ")).toBeNull();
  });

  it("names a call's outcome from its status", () => {
    expect(callOutcome(202)).toEqual({ label: "Started", ok: true });
    expect(callOutcome(200)).toEqual({ label: "Ran", ok: true });
    expect(callOutcome(401)).toEqual({ label: "Bad signature", ok: false });
    expect(callOutcome(418)).toEqual({ label: "Error 418", ok: false });
  });
});
