// The code node's runtime: evaluated first in every fresh V8 isolate, before the user's code.
//
// It removes what a code step must not have (WebAssembly, shared memory and Atomics, timers),
// installs a `console` whose lines are kept (bounded) to become step logs, and defines
// `__orrery`, through which the sandbox process starts the user's function and reads its result.
// The user's code is the body of `async function (input)`, compiled with the AsyncFunction
// constructor (which parses it as exactly one function body: it cannot close the function and
// run code outside it). `//# sourceURL=code.js` names its frames in stacks; the constructor puts
// two lines before the body, which the engine subtracts.
(() => {
  "use strict";
  const g = globalThis;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const AsyncFunction = (async function () {}).constructor;
  const MAX_LOG_LINES = 100;
  const MAX_LOG_LINE_CHARS = 2000;

  for (const name of ["WebAssembly", "SharedArrayBuffer", "Atomics", "__TimerManager"]) {
    try {
      delete g[name];
    } catch {}
  }
  const noTimers = (name) => () => {
    throw new Error(`${name} is not available in a code node: it computes a value and returns it`);
  };
  for (const name of ["setTimeout", "setInterval", "clearTimeout", "clearInterval", "__timer_manager"]) {
    try {
      Object.defineProperty(g, name, { value: noTimers(name), writable: false, configurable: false });
    } catch {
      try {
        g[name] = noTimers(name);
      } catch {}
    }
  }

  const logs = [];
  let dropped = 0;
  const text = (value) => {
    if (typeof value === "string") return value;
    if (value instanceof Error) return `${value.name}: ${value.message}`;
    try {
      const json = stringify(value);
      return json === undefined ? String(value) : json;
    } catch {
      return String(value);
    }
  };
  const writer = (level) =>
    function (...args) {
      if (logs.length >= MAX_LOG_LINES) {
        dropped += 1;
        return;
      }
      let line = "";
      try {
        line = args.map(text).join(" ");
      } catch (e) {
        line = `(a value that cannot be printed: ${e && e.message})`;
      }
      if (line.length > MAX_LOG_LINE_CHARS) line = `${line.slice(0, MAX_LOG_LINE_CHARS)}… (${line.length} characters)`;
      logs.push([level, line]);
    };
  Object.defineProperty(g, "console", {
    value: Object.freeze({
      log: writer("info"),
      info: writer("info"),
      debug: writer("debug"),
      warn: writer("warning"),
      error: writer("error"),
    }),
    writable: false,
    configurable: false,
  });

  const describe = (error) => {
    try {
      if (error instanceof Error) {
        let stack = "";
        try {
          stack = String(error.stack);
        } catch {}
        return { name: String(error.name), message: String(error.message), stack };
      }
      return { name: "", message: text(error), stack: "" };
    } catch {
      return { name: "", message: "(an error that cannot be described)", stack: "" };
    }
  };

  const state = { outcome: "pending", error: null, output: null, size: 0 };
  const settle = (outcome, error) => {
    if (state.outcome === "pending") {
      state.outcome = outcome;
      state.error = error;
    }
  };
  const finish = (value, maxChars) => {
    let json;
    try {
      json = value === undefined ? "null" : stringify(value);
    } catch (e) {
      settle("output_invalid", describe(e));
      return;
    }
    if (json === undefined) {
      settle("output_invalid", { name: "", message: `the code returned a ${typeof value}, which is not JSON`, stack: "" });
      return;
    }
    if (json.length > maxChars) {
      state.size = json.length;
      settle("output_too_large", null);
      return;
    }
    state.output = json;
    settle("ok", null);
  };

  const api = {
    start(code, inputJson, maxChars) {
      let run;
      try {
        run = new AsyncFunction("input", `${code}\n//# sourceURL=code.js`);
      } catch (e) {
        settle("syntax", describe(e));
        return;
      }
      let promise;
      try {
        promise = run.call(undefined, parse(inputJson));
      } catch (e) {
        settle("runtime", describe(e));
        return;
      }
      promise.then(
        (value) => finish(value, maxChars),
        (e) => settle("runtime", describe(e)),
      );
    },
    result() {
      return stringify({ outcome: state.outcome, error: state.error, size: state.size, logs, dropped });
    },
    output() {
      return state.output;
    },
  };
  Object.defineProperty(g, "__orrery", { value: Object.freeze(api), writable: false, configurable: false });
})();
