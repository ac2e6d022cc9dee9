// Error bodies as the JS and Python servers send them, and how the client words them.
import { describe, expect, it } from "vitest";
import {
  LangGraphHttpError,
  LangGraphNetworkError,
  describeNetworkFailure,
  extractServerMessage,
} from "../../src/engine/client/httpError";
import { parseContentLocation } from "../../src/engine/client/resumableStream";

describe("extractServerMessage", () => {
  it("keeps a plain text body (JS server 404 for an unknown assistant)", () => {
    const body = 'No assistant found for "nope". Make sure the assistant ID is for a valid assistant or a valid graph ID.';
    expect(extractServerMessage(body)).toBe(body);
  });

  it("summarises the issues of a Zod error (JS server 400)", () => {
    const body = JSON.stringify({
      success: false,
      error: {
        issues: [
          { code: "invalid_enum_value", path: ["stream_mode", 0], message: "Invalid enum value. Expected 'values' | 'updates', received 'nope'" },
          { code: "invalid_type", path: ["assistant_id"], message: "Required" },
        ],
        name: "ZodError",
      },
    });
    expect(extractServerMessage(body)).toBe(
      "Invalid request: stream_mode.0: Invalid enum value. Expected 'values' | 'updates', received 'nope'; assistant_id: Required",
    );
  });

  it("explains a Zod union error by its most specific branch (JS server 400 for a bad stream_mode)", () => {
    // Captured from the JS server 2.0 for {"stream_mode":["nope"]}, trimmed to the fields that matter.
    const branch = (path: (string | number)[], message: string) => ({ issues: [{ path, message }], name: "ZodError" });
    const body = JSON.stringify({
      success: false,
      error: {
        issues: [
          {
            code: "invalid_union",
            unionErrors: [
              branch(["stream_mode", 0], "Invalid enum value. Expected 'values' | 'updates', received 'nope'"),
              branch(["stream_mode"], "Expected 'values' | 'updates', received array"),
            ],
            path: ["stream_mode"],
            message: "Invalid input",
          },
        ],
        name: "ZodError",
      },
    });
    expect(extractServerMessage(body)).toBe("Invalid request: stream_mode.0: Invalid enum value. Expected 'values' | 'updates', received 'nope'");
    const missing = { code: "invalid_union", unionErrors: [branch(["assistant_id"], "Required"), branch(["assistant_id"], "Required")], path: ["assistant_id"], message: "Invalid input" };
    expect(extractServerMessage(JSON.stringify({ success: false, error: { issues: [missing], name: "ZodError" } }))).toBe(
      "Invalid request: assistant_id: Required",
    );
  });

  it("reads FastAPI's detail as a string or as a list of {loc, msg}", () => {
    expect(extractServerMessage('{"detail":"Thread not found"}')).toBe("Thread not found");
    expect(extractServerMessage('{"detail":[{"loc":["body","assistant_id"],"msg":"field required"}]}')).toBe(
      "body.assistant_id: field required",
    );
  });

  it("prefers message over the error class name, and reads a bare error string or object", () => {
    expect(extractServerMessage('{"error":"Error","message":"Thread with ID x not found"}')).toBe("Thread with ID x not found");
    expect(extractServerMessage('{"error":"Bad things"}')).toBe("Bad things");
    expect(extractServerMessage('{"error":{"message":"nested reason"}}')).toBe("nested reason");
  });

  it("falls back to the JSON text when it has no known field, and to '' for an empty body", () => {
    expect(extractServerMessage('{"weird":1}')).toBe('{"weird":1}');
    expect(extractServerMessage("  \n")).toBe("");
    expect(extractServerMessage('"just a string"')).toBe("just a string");
  });

  it("reduces an HTML error page to its title and truncates very long bodies", () => {
    expect(extractServerMessage("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>x</body></html>")).toBe(
      "502 Bad Gateway",
    );
    const long = extractServerMessage("e".repeat(5000));
    expect(long.length).toBeLessThanOrEqual(501);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("LangGraphHttpError", () => {
  it("names method, path, status and the server's message", () => {
    const error = new LangGraphHttpError(404, "POST", "/threads/t1/runs/stream", 'No assistant found for "nope".');
    expect(error.message).toBe('POST /threads/t1/runs/stream failed: 404 No assistant found for "nope".');
    expect(error).toMatchObject({ status: 404, method: "POST", path: "/threads/t1/runs/stream", name: "LangGraphHttpError" });
  });
});

describe("network failures", () => {
  it("turns undici's 'fetch failed' with ECONNREFUSED into a readable reason", () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    const error = new TypeError("fetch failed", { cause });
    expect(describeNetworkFailure(error)).toBe("connection refused, is the server running? (ECONNREFUSED)");
  });

  it("finds the code inside an AggregateError (IPv4 and IPv6 both refused)", () => {
    const inner = Object.assign(new Error("connect ECONNREFUSED ::1:9"), { code: "ECONNREFUSED" });
    const aggregate = new AggregateError([inner], "");
    expect(describeNetworkFailure(new TypeError("fetch failed", { cause: aggregate }))).toContain("ECONNREFUSED");
  });

  it("keeps an unknown failure's own message", () => {
    expect(describeNetworkFailure(new TypeError("terminated", { cause: new Error("other side closed") }))).toBe("terminated");
    expect(describeNetworkFailure(Object.assign(new Error("odd"), { code: "EODD" }))).toBe("odd (EODD)");
  });

  it("words request and stream failures with the URL", () => {
    const refused = new LangGraphNetworkError("GET", "/ok", "http://127.0.0.1:9/ok", "request", "connection refused (ECONNREFUSED)");
    expect(refused.message).toBe("GET /ok failed: cannot reach the LangGraph server at http://127.0.0.1:9/ok: connection refused (ECONNREFUSED)");
    const broken = new LangGraphNetworkError("POST", "/runs/stream", "http://h/runs/stream", "stream", "terminated", { detail: "last complete event id 4" });
    expect(broken.message).toBe(
      "POST /runs/stream failed: the connection to http://h/runs/stream broke while reading the response: terminated (last complete event id 4)",
    );
  });
});

describe("parseContentLocation", () => {
  it("reads thread and run ids from the run stream's content-location header", () => {
    expect(parseContentLocation("/threads/t-1/runs/r-2")).toEqual({ threadId: "t-1", runId: "r-2" });
    expect(parseContentLocation("http://127.0.0.1:1/threads/t-1/runs/r-2?x=1")).toEqual({ threadId: "t-1", runId: "r-2" });
    expect(parseContentLocation("/runs/r-3")).toEqual({ threadId: undefined, runId: "r-3" });
    expect(parseContentLocation(null)).toEqual({});
    expect(parseContentLocation("/elsewhere")).toEqual({});
  });
});
