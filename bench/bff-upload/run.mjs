// Asset upload and download MiB/s through the web's BFF (POST /api/uploads, GET /api/assets/<id>)
// from a real Chromium page, beside the same transfers straight to the engine (with the token,
// from Node), on the whole stack as `make dev` runs it, with the load average.
// Run from the repository root after `make build-web`: scripts/e2e.sh ../bench/bff-upload/run.mjs
import { loadavg } from "node:os";
import { randomUUID } from "node:crypto";
import { test } from "node:test";

import { BASE_URL, ENGINE_URL, launchBrowser, signUp } from "../../web/e2e/support.mjs";

const MiB = 1024 * 1024;
const FILE_MIB = 64;
const FILES = 3;

test("asset throughput through the BFF and straight to the engine", async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(120_000);
    const token = await signUp(page, `bench-${randomUUID().slice(0, 8)}@example.com`, `pw-${randomUUID()}`);
    await page.goto(`${BASE_URL}/assets`);
    const load = [loadavg()[0]];

    // Through the BFF, from the page (the browser sends a Blob, as a file input's File)
    const viaBff = await page.evaluate(
      async ({ fileMiB, files }) => {
        const bytes = new Uint8Array(fileMiB * 1024 * 1024);
        for (let i = 0; i < bytes.length; i += 4096) bytes[i] = i % 251;
        bytes.set(new TextEncoder().encode("%PDF-1.7\n"));
        const blob = new Blob([bytes]);
        const ids = [];
        let at = performance.now();
        for (let i = 0; i < files; i++) {
          const r = await fetch(`/api/uploads?name=bench-${i}.pdf`, { method: "POST", body: blob, headers: { "content-type": "application/octet-stream" } });
          if (r.status !== 201) throw new Error(`upload: ${r.status} ${await r.text()}`);
          ids.push((await r.json()).id);
        }
        const upS = (performance.now() - at) / 1000;
        at = performance.now();
        for (const id of ids) {
          const r = await fetch(`/api/assets/${id}`);
          const reader = r.body.getReader();
          let got = 0;
          for (let c = await reader.read(); !c.done; c = await reader.read()) got += c.value.byteLength;
          if (got !== fileMiB * 1024 * 1024) throw new Error(`download: ${got} bytes`);
        }
        const downS = (performance.now() - at) / 1000;
        return { upS, downS, ids };
      },
      { fileMiB: FILE_MIB, files: FILES },
    );

    // Straight to the engine, from Node, with the same token
    const bytes = new Uint8Array(FILE_MIB * MiB);
    bytes.set(new TextEncoder().encode("%PDF-1.7\n"));
    const blob = new Blob([bytes]);
    const auth = { authorization: `Bearer ${token}` };
    const ids = [];
    let at = performance.now();
    for (let i = 0; i < FILES; i++) {
      const r = await fetch(`${ENGINE_URL}/api/v1/assets/?name=direct-${i}.pdf`, { method: "POST", body: blob, headers: auth });
      if (r.status !== 201) throw new Error(`upload: ${r.status} ${await r.text()}`);
      ids.push((await r.json()).id);
    }
    const upS = (performance.now() - at) / 1000;
    at = performance.now();
    for (const id of ids) {
      const r = await fetch(`${ENGINE_URL}/api/v1/assets/${id}/content`, { headers: auth });
      let got = 0;
      for await (const chunk of r.body) got += chunk.byteLength;
      if (got !== FILE_MIB * MiB) throw new Error(`download: ${got} bytes`);
    }
    const downS = (performance.now() - at) / 1000;
    load.push(loadavg()[0]);

    const total = FILE_MIB * FILES;
    const row = (name, up, down) => `${name.padEnd(34)}${(total / up).toFixed(0).padStart(10)}${(total / down).toFixed(0).padStart(12)}`;
    console.log(`${FILES} files of ${FILE_MIB} MiB each way; the stack, Chromium and this client share the machine's cores`);
    console.log(`${"path".padEnd(34)}${"up MiB/s".padStart(10)}${"down MiB/s".padStart(12)}`);
    console.log(row("browser -> BFF -> engine", viaBff.upS, viaBff.downS));
    console.log(row("Node -> engine", upS, downS));
    console.log(`load average ${load[0].toFixed(2)} -> ${load[1].toFixed(2)}`);
  } finally {
    await browser.close();
  }
});
