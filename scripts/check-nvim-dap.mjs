#!/usr/bin/env node
/**
 * Checks that the nvim-dap snippet of docs/NVIM-DAP.md works as written, with a real Neovim and a
 * real nvim-dap checkout, against a sample LangGraph server this script starts. Not part of npm test:
 * it needs `nvim` on the PATH and NVIM_DAP_PATH pointing at an nvim-dap checkout.
 *
 *   NVIM_DAP_PATH=~/src/nvim-dap node scripts/check-nvim-dap.mjs [--python]
 *
 * The snippet's first ```lua block runs unchanged apart from two substitutions: the adapter path
 * becomes this checkout's dist/debugAdapter.js and deploymentUrl the started server's URL. Headless
 * Neovim then starts the configuration, waits for the stop before `tools`, prints the frames and
 * the State variables, continues and waits for the session to end; then runs it on the hitl graph
 * and answers its interrupt() with the docs' `resume` request. Exit code 0 only if all of that happened.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startServer, stopAllServers } from "./start-sample-server.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const adapter = path.join(root, "dist", "debugAdapter.js");
const kind = process.argv.includes("--python") ? "python" : "js";

function fail(message) {
  console.error(`check-nvim-dap: FAILED: ${message}`);
  process.exitCode = 1;
}

/** The snippet as the docs show it: the first ```lua block of docs/NVIM-DAP.md. */
function snippet() {
  const docs = readFileSync(path.join(root, "docs", "NVIM-DAP.md"), "utf8");
  const block = /```lua\n([\s\S]*?)```/.exec(docs);
  if (!block) throw new Error("docs/NVIM-DAP.md has no ```lua block");
  return block[1];
}

/**
 * Lua that drives the sessions the snippet configured and prints what it saw: the snippet's own
 * configuration (stop before tools, frames, State, continue), then the same on the hitl graph, whose
 * interrupt() is answered with the docs' `resume` line.
 */
const DRIVER = String.raw`
local out = function(text) io.stdout:write(text .. "\n") end
local stops, finished = 0, 0
dap.listeners.after.event_stopped["check-nvim-dap"] = function(session, body)
  stops = stops + 1
  out("stopped: " .. body.reason .. " (" .. tostring(body.description) .. ")")
  session:request("stackTrace", { threadId = body.threadId }, function(err, trace)
    assert(not err, vim.inspect(err))
    for _, frame in ipairs(trace.stackFrames) do out("frame: " .. frame.name) end
    session:request("scopes", { frameId = trace.stackFrames[1].id }, function(err2, scopes)
      assert(not err2, vim.inspect(err2))
      local state = scopes.scopes[1]
      out("scope: " .. state.name)
      session:request("variables", { variablesReference = state.variablesReference }, function(err3, vars)
        assert(not err3, vim.inspect(err3))
        for _, v in ipairs(vars.variables) do out("  " .. v.name .. " = " .. v.value) end
        if body.reason == "interrupt" then
          out("resume")
          require("dap").session():request("resume", { value = "yes" })
        else
          out("continue")
          dap.continue()
        end
      end)
    end)
  end)
end
dap.listeners.after.event_output["check-nvim-dap"] = function(_, body)
  if body.category == "stderr" or body.category == "important" then out("console: " .. body.output:gsub("\n$", "")) end
end
dap.listeners.after.event_terminated["check-nvim-dap"] = function()
  out("terminated")
  finished = finished + 1
end

local first = dap.configurations.python[1]
dap.run(first)
local ended = vim.wait(90000, function() return finished == 1 end, 50)
out(string.format("agent: stops=%d ended=%s", stops, tostring(ended)))
vim.wait(1000, function() return dap.session() == nil end, 50)
local hitl = vim.tbl_extend("force", first, { name = "LangGraph: run hitl", assistant = "hitl", input = { topic = "bees" }, breakpoints = {} })
dap.run(hitl)
local ended2 = vim.wait(90000, function() return finished == 2 end, 50)
out(string.format("hitl: stops=%d ended=%s", stops, tostring(ended2)))
out((ended and ended2 and stops >= 2) and "NVIM-DAP-CHECK OK" or "NVIM-DAP-CHECK FAILED")
vim.cmd("qa!")
`;

async function main() {
  const dapPath = process.env.NVIM_DAP_PATH;
  const nvim = spawnSync("nvim", ["--version"], { encoding: "utf8" });
  if (nvim.error) return fail("`nvim` is not on the PATH (Debian: apt-get install neovim).");
  if (!dapPath || !existsSync(path.join(dapPath, "lua", "dap.lua"))) return fail("set NVIM_DAP_PATH to an nvim-dap checkout (a folder with lua/dap.lua).");
  if (!existsSync(adapter)) return fail("dist/debugAdapter.js is missing: run `node esbuild.mjs` first.");
  const nvimVersion = nvim.stdout.split("\n")[0];
  const dapVersion = existsSync(path.join(dapPath, ".git")) ? spawnSync("git", ["-C", dapPath, "describe", "--tags"], { encoding: "utf8" }).stdout.trim() : path.basename(dapPath);

  const server = await startServer(kind);
  const dir = mkdtempSync(path.join(os.tmpdir(), "check-nvim-dap-"));
  try {
    const lua = snippet();
    const configured = lua.replace(/vim\.fn\.expand\("[^"]*debugAdapter\.js"\)/, JSON.stringify(adapter)).replace("http://127.0.0.1:2024", server.url);
    if (configured.includes("~/langgraph-debugger") || !configured.includes(server.url)) throw new Error("the snippet's adapter path or deploymentUrl was not found for substitution");
    const init = path.join(dir, "init.lua");
    writeFileSync(init, `vim.opt.runtimepath:prepend(${JSON.stringify(dapPath)})\n${configured}\n${DRIVER}`);
    console.log(`check-nvim-dap: ${nvimVersion}, nvim-dap ${dapVersion}, ${kind} server at ${server.url}`);
    const output = await runNvim(init, dir);
    process.stdout.write(output.replace(/^/gm, "  | "));
    if (!/stopped: function breakpoint \(Paused before tools\)/.test(output)) fail("no stop before tools");
    else if (!/frame: tools/.test(output) || !/ {2}messages = Array\(2\)/.test(output)) fail("the frames or State variables were not as expected");
    else if (!/stopped: interrupt \(Approve this draft\?\)/.test(output)) fail("the hitl run did not stop at interrupt()");
    else if (!output.includes("NVIM-DAP-CHECK OK")) fail("a session did not end after continue / resume");
    else console.log(`check-nvim-dap: OK (${nvimVersion}, nvim-dap ${dapVersion}, ${kind} server)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await stopAllServers();
  }
}

/** Runs headless Neovim on the init file; resolves to what it printed (stdout and stderr). */
function runNvim(init, cwd) {
  return new Promise((resolve) => {
    const child = spawn("nvim", ["--headless", "--clean", "-u", init], { cwd, env: { ...process.env, XDG_STATE_HOME: cwd, XDG_CACHE_HOME: cwd }, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.on("data", (d) => (text += d));
    child.stderr.on("data", (d) => (text += d));
    const timer = setTimeout(() => {
      text += "\n(check-nvim-dap: Neovim did not quit within 120 s; killed)\n";
      child.kill("SIGKILL");
    }, 120_000);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve(text);
    });
  });
}

await main().catch((error) => {
  fail(error instanceof Error ? error.message : String(error));
  return stopAllServers();
});
