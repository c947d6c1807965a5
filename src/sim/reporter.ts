/**
 * The websocket side of one run, with ComfyUI's routing rules (§8.2): executing/executed/
 * execution_* only to the prompt's client; progress_state, progress and previews to that client
 * or, when the prompt has none, to every socket.
 */
import type { JsonObject } from "./types.js";
import type { WsHub } from "./ws.js";

interface NodeProgress {
  value: number;
  max: number;
  state: "running" | "finished";
}

export class RunReporter {
  readonly messages: Array<[string, JsonObject]> = [];
  private readonly progress = new Map<string, NodeProgress>();

  constructor(
    private readonly hub: WsHub,
    readonly promptId: string,
    readonly clientId: string | undefined,
  ) {}

  /** add_message(): recorded for the history, sent to the client (or all when broadcast). */
  status(type: string, data: JsonObject, broadcast = false): void {
    const full = { prompt_id: this.promptId, ...data, timestamp: Date.now() };
    this.messages.push([type, full]);
    if (this.clientId !== undefined || broadcast) this.hub.send(type, full, this.clientId);
  }

  toClient(type: string, data: JsonObject): void {
    if (this.clientId !== undefined) this.hub.send(type, data, this.clientId);
  }

  executing(node: string): void {
    this.toClient("executing", { node, display_node: node, prompt_id: this.promptId });
  }

  executed(node: string, output: JsonObject): void {
    this.toClient("executed", { node, display_node: node, output, prompt_id: this.promptId });
  }

  nodeState(node: string, value: number, max: number, state: NodeProgress["state"]): void {
    this.progress.set(node, { value, max, state });
    const nodes: JsonObject = {};
    for (const [id, p] of this.progress) {
      nodes[id] = {
        ...p,
        node_id: id,
        prompt_id: this.promptId,
        display_node_id: id,
        parent_node_id: null,
        real_node_id: id,
      };
    }
    this.hub.send("progress_state", { prompt_id: this.promptId, nodes }, this.clientId);
  }

  /** One progress tick; the preview frame order differs by socket flavour (see WsHub). */
  step(node: string, value: number, max: number, preview: Buffer | undefined): void {
    this.nodeState(node, value, max, "running");
    const progress = { value, max, prompt_id: this.promptId, node };
    if (!preview) {
      this.hub.send("progress", progress, this.clientId);
      return;
    }
    const meta = { node_id: node, prompt_id: this.promptId, display_node_id: node, parent_node_id: null, real_node_id: node };
    this.hub.sendPreview(preview, meta, this.clientId, progress);
  }
}
