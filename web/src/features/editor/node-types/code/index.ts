import { oneLine, str, type NodeTypeUI } from "../types";

/** The code node: its card shows the first line of code that is not a comment. */
export const codeUI: NodeTypeUI = {
  type: "code",
  summary(config) {
    const first = str(config.code)
      .split("\n")
      .map((line) => line.trim())
      .find((line) => line && !line.startsWith("//"));
    return first ? oneLine(first) : "(no code)";
  },
};
