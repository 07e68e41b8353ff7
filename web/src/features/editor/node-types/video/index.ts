import { bareReference, oneLine, str, type NodeTypeUI } from "../types";

/** The video node: scenes (image, narration, caption) assembled into an MP4 with subtitles. */
export const videoUI: NodeTypeUI = {
  type: "video",
  summary(config) {
    const size = `${typeof config.width === "number" ? config.width : 1280}x${typeof config.height === "number" ? config.height : 720}`;
    const scenes = bareReference(str(config.scenes));
    return `${size} from ${oneLine(scenes, 40) || "(set the scenes)"}`;
  },
};
