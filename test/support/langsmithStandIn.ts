// A small local stand-in for LangSmith's API, for a dev server started with LANGSMITH_ENDPOINT
// pointing at it: it keeps the runs the server's tracer posts (`POST /runs`, `/runs/batch`,
// `/runs/multipart`, `PATCH /runs/{id}`), gives each project (`session_name`) an id when its first
// run arrives, and answers `GET /api/v1/sessions?name=…` (and `/sessions`) with that project, as
// LangSmith does. Everything else (`/info`, the server's metadata submissions) gets `{}`.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** A run as the tracer posted it (the fields the trace link needs). */
export interface PostedRun {
  id: string;
  trace_id?: string;
  parent_run_id?: string | null;
  session_name?: string;
  name?: string;
  end_time?: string | number;
}

export interface LangSmithStandIn {
  url: string;
  /** Runs posted so far, by id (a patch merged over its post). */
  runs: Map<string, PostedRun>;
  /** Project name → the id given to it. */
  projects: Map<string, string>;
  /** Every request, as `METHOD /path` with the API key it carried. */
  requests: { method: string; path: string; apiKey: string | undefined }[];
  close(): Promise<void>;
}

export async function startLangSmithStandIn(): Promise<LangSmithStandIn> {
  const runs = new Map<string, PostedRun>();
  const projects = new Map<string, string>();
  const requests: LangSmithStandIn["requests"] = [];

  const keep = (run: PostedRun | undefined) => {
    if (!run?.id) return;
    runs.set(run.id, { ...runs.get(run.id), ...run });
    if (run.session_name && !projects.has(run.session_name)) projects.set(run.session_name, randomUUID());
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://stand-in");
      const apiKey = request.headers["x-api-key"];
      requests.push({ method: request.method ?? "", path: url.pathname, apiKey: typeof apiKey === "string" ? apiKey : undefined });
      const body = Buffer.concat(chunks);
      const answer = (status: number, value: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(value));
      };
      const path = url.pathname.replace(/^\/api\/v1/, "");
      if (request.method === "GET" && path === "/sessions") {
        const name = url.searchParams.get("name");
        return answer(200, [...projects].filter(([n]) => !name || n === name).map(([n, id]) => ({ id, name: n })));
      }
      if (request.method === "POST" && path === "/runs/multipart") {
        for (const part of multipartParts(body, String(request.headers["content-type"]))) {
          const m = /^(post|patch)\.([^.]+)$/.exec(part.name);
          if (m) keep({ ...(JSON.parse(part.body) as PostedRun), id: m[2] });
        }
        return answer(202, {});
      }
      if (request.method === "POST" && path === "/runs/batch") {
        const batch = JSON.parse(body.toString("utf8") || "{}") as { post?: PostedRun[]; patch?: PostedRun[] };
        for (const run of [...(batch.post ?? []), ...(batch.patch ?? [])]) keep(run);
        return answer(202, {});
      }
      if (request.method === "POST" && path === "/runs") keep(JSON.parse(body.toString("utf8")) as PostedRun);
      const patched = /^\/runs\/([^/]+)$/.exec(path);
      if (request.method === "PATCH" && patched) keep({ ...(JSON.parse(body.toString("utf8")) as PostedRun), id: patched[1] });
      return answer(200, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    runs,
    projects,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The named parts of a multipart/form-data body. */
function multipartParts(body: Buffer, contentType: string): { name: string; body: string }[] {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (!boundary) return [];
  return body
    .toString("utf8")
    .split(`--${boundary}`)
    .flatMap((section) => {
      const split = section.indexOf("\r\n\r\n");
      if (split < 0) return [];
      const name = /name="([^"]+)"/.exec(section.slice(0, split))?.[1];
      return name ? [{ name, body: section.slice(split + 4).replace(/\r\n$/, "") }] : [];
    });
}
