import { bareReference, oneLine, str, type NodeTypeUI } from "../types";

/**
 * The map container: its body runs once per item of a list. The card says what it iterates
 * and how: "for each of steps.script.output.scenes, 4 at a time".
 */
export const mapUI: NodeTypeUI = {
  type: "map",
  summary(config) {
    const items = bareReference(str(config.items));
    const concurrency = typeof config.concurrency === "number" ? config.concurrency : 4;
    const pace = concurrency === 1 ? "one at a time" : `${concurrency} at a time`;
    const policy = config.on_item_failure === "continue" ? ", failures kept" : "";
    return items ? `for each of ${oneLine(items, 48)}, ${pace}${policy}` : "for each item of… (set the list)";
  },
  container: {
    defaultSize: { width: 640, height: 320 },
    variables: [
      { value: "map.item", detail: "this item" },
      { value: "map.index", detail: "its position, from 0" },
    ],
    bodyFields: ["result"],
    noun: "item",
    firstNumber: 0,
  },
};
