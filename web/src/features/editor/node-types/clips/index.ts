import { bareReference, oneLine, str, type NodeTypeUI } from "../types";

/** The Edit video node: concatenate, trim, transcode or take a thumbnail. */
export const clipsUI: NodeTypeUI = {
  type: "clips",
  summary(config) {
    const operation = str(config.operation) || "transcode";
    const source = bareReference(str(operation === "concatenate" ? config.videos : config.video));
    return `${operation} ${oneLine(source, 44) || "(choose the video)"}`;
  },
};
