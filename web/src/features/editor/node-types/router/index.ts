import type { NodeTypeUI } from "../types";

type Route = { name?: unknown };

const routesOf = (config: Record<string, unknown>): Route[] =>
  Array.isArray(config.routes) ? (config.routes as Route[]) : [];

const defaultRoute = (config: Record<string, unknown>) =>
  config.default_route === undefined ? "else" : config.default_route;

export const routerUI: NodeTypeUI = {
  type: "router",
  summary(config) {
    const names = routesOf(config).map((r) => String(r.name ?? "?"));
    const fallback = defaultRoute(config);
    if (!names.length) return fallback === "else" ? "no routes yet: everything goes to else" : "no routes yet";
    return `${config.match === "all" ? "all of" : "first of"}: ${names.join(", ")}`;
  },
  outputs(config) {
    const names = routesOf(config)
      .map((r) => r.name)
      .filter((n): n is string => typeof n === "string" && n.length > 0);
    return defaultRoute(config) === "else" ? [...names, "else"] : names;
  },
  newItem(path, config) {
    if (path !== "routes") return undefined;
    const taken = new Set(routesOf(config).map((r) => r.name));
    let n = 1;
    while (taken.has(`route_${n}`)) n++;
    return { name: `route_${n}`, condition: { left: "inputs", op: "exists" } };
  },
};
