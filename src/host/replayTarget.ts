// Which deployment the extension's driver talks to while a debug session replays a recording: the
// recording (a ReplayClient) for the session's lifetime, else the configured deployment. The graph
// view follows the driver, so it shows the replay too.
import * as vscode from "vscode";
import type { LangGraphApi } from "../engine/client";
import { replayOf } from "../engine/recording/openRecording";
import type { ReplayClient } from "../engine/recording/replayClient";
import type { Deployment } from "./deployment";

export class ReplayTarget {
  private replay: ReplayClient | undefined;

  constructor(private readonly deployment: Deployment) {}

  /** The client the driver uses now. */
  client(): Promise<LangGraphApi> {
    return this.replay ? Promise.resolve(this.replay) : this.deployment.client();
  }

  get replaying(): ReplayClient | undefined {
    return this.replay;
  }

  /** Reads a recording through VS Code's file system (local, remote or virtual workspaces alike). */
  async open(file: string): Promise<{ client: ReplayClient; warnings: string[] }> {
    const uri = vscode.Uri.file(file);
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch (error) {
      throw new Error(`Cannot read the recording ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return replayOf(bytes, file);
  }

  /** The driver replays `client` from now on (the caller makes the driver forget what it showed). */
  use(client: ReplayClient): void {
    this.replay = client;
  }

  /** Back to the deployment, when `client` is still the one in use. Returns whether it was. */
  release(client?: ReplayClient): boolean {
    if (!this.replay || (client && client !== this.replay)) return false;
    this.replay = undefined;
    return true;
  }
}
