import { oneLine, str, type NodeTypeUI } from "../types";

/** The browser node: a page opened in headless Chromium (through the SSRF guard). */
export const browserUI: NodeTypeUI = {
  type: "browser",
  summary: (config) => `${oneLine(str(config.url), 48) || "(no URL)"}${config.selector ? ` · ${oneLine(str(config.selector), 20)}` : ""}`,
};
