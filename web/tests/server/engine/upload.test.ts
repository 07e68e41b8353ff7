import { describe, expect, it } from "vitest";

import { engineUploadUrl, forwardUpload } from "@/server/engine/upload";

const MiB = 1024 * 1024;

/** A browser's upload body made as it is read: `pieces` of 1 MiB, counting how many were pulled. */
function upload(pieces: number) {
  const seen = { pulled: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled === pieces) return controller.close();
      seen.pulled += 1;
      controller.enqueue(new Uint8Array(MiB).fill(97));
    },
  });
  return { body, seen };
}

describe("forwardUpload: the BFF's upload route", () => {
  it("passes the browser's body on as a stream, unread, with the session's token and the length", async () => {
    // Given Ada's browser uploading 64 MiB to the BFF
    const { body, seen } = upload(64);
    const request = new Request("http://web/api/uploads?name=talk.mp4&run_id=r1&evil=1", {
      method: "POST",
      body,
      headers: { "content-length": String(64 * MiB), cookie: "sb-session=secret", "content-type": "video/mp4" },
      duplex: "half",
    } as RequestInit);
    let pulledWhenSent = -1;
    let sent: { url: string; init: RequestInit } | undefined;
    let received = 0;
    const engine = (async (url: string, init: RequestInit) => {
      pulledWhenSent = seen.pulled;
      sent = { url, init };
      // The engine reads the stream as it arrives
      const reader = (init.body as ReadableStream<Uint8Array>).getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) received += read.value.byteLength;
      return Response.json({ id: "a1", size: received }, { status: 201 });
    }) as unknown as typeof fetch;

    // When the BFF forwards it
    const answer = await forwardUpload(request, { engineUrl: "http://engine:8000/", accessToken: "tok", fetch: engine });

    // Then the engine got the body as a stream the BFF had not read (at most the piece a stream
    // reads ahead), all 64 MiB of it
    expect(pulledWhenSent).toBeLessThanOrEqual(1);
    expect(sent!.init.body).toBeInstanceOf(ReadableStream);
    expect((sent!.init as { duplex?: string }).duplex).toBe("half");
    expect(received).toBe(64 * MiB);
    // with the token, the length and only the name and run asked for; never the cookie or the claimed type
    expect(sent!.url).toBe("http://engine:8000/api/v1/assets/?name=talk.mp4&run_id=r1");
    const headers = new Headers(sent!.init.headers);
    expect(headers.get("authorization")).toBe("Bearer tok");
    expect(headers.get("content-length")).toBe(String(64 * MiB));
    expect(headers.get("cookie")).toBeNull();
    expect(headers.get("content-type")).toBe("application/octet-stream");
    // And the engine's answer comes back as it is
    expect(answer.status).toBe(201);
    expect(await answer.json()).toEqual({ id: "a1", size: 64 * MiB });
  });

  it("says the engine is unreachable (503) rather than failing", async () => {
    const request = new Request("http://web/api/uploads?name=a.txt", { method: "POST", body: "hello" });
    const down = (async () => {
      throw new TypeError("fetch failed");
    }) as unknown as typeof fetch;
    const answer = await forwardUpload(request, { engineUrl: "http://engine", accessToken: "tok", fetch: down });
    expect(answer.status).toBe(503);
    expect((await answer.json()).detail).toBe("The engine is unreachable.");
  });

  it("builds the engine's URL from the name and run only", () => {
    expect(engineUploadUrl("http://engine", "http://web/api/uploads")).toBe("http://engine/api/v1/assets/");
    expect(engineUploadUrl("http://engine/", "http://web/api/uploads?name=a%2Fb.png")).toBe("http://engine/api/v1/assets/?name=a%2Fb.png");
  });
});
