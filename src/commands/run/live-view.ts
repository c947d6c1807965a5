/** Turns prompt events into the one-line live view of cr-run (and NDJSON events with --json). */
import type { Ui, Status } from "../../ui/ui.js";
import type { PromptEvent } from "../../core/comfy/wait.js";
import { describeNode, type Workflow } from "../../core/workflow/model.js";
import { formatDuration } from "../../core/time.js";
import { progressBar } from "../../ui/format.js";

/**
 * In a terminal, one line redrawn in place. In plain mode (logs, pipes) every node the server
 * runs is printed once, when it starts, and the cached ones once together; the status line only
 * adds queue positions and sampler steps, which it repeats at most every 15 s.
 */
export class LiveView {
  private node: string | undefined;
  private readonly announced = new Set<string>();
  private step: { value: number; max: number } | undefined;
  private queued: number | undefined;
  private cachedCount = 0;
  private readonly started = Date.now();
  private readonly ticker: NodeJS.Timeout;

  constructor(
    private readonly ui: Ui,
    private readonly status: Status,
    private readonly workflow: Workflow,
    private readonly promptId: string,
  ) {
    this.ticker = setInterval(() => this.render(), 1_000);
    this.ticker.unref();
  }

  handle(event: PromptEvent): void {
    switch (event.kind) {
      case "queued":
        this.queued = event.position;
        break;
      case "started":
        this.queued = undefined;
        break;
      case "cached":
        this.cachedCount = event.nodes.length;
        if (event.nodes.length > 0) this.plainLine(`cached: ${event.nodes.map((id) => describeNode(this.workflow, id)).join(", ")}`);
        break;
      case "executing":
        this.node = event.node;
        this.step = undefined;
        this.announce(event.node);
        break;
      case "progress":
        if (event.node) {
          this.node = event.node;
          this.announce(event.node);
        }
        this.step = { value: event.value, max: event.max };
        break;
      case "executed":
        break;
    }
    this.ui.event(event.kind, { prompt_id: this.promptId, ...eventData(event, this.workflow) });
    this.render();
  }

  stop(): void {
    clearInterval(this.ticker);
  }

  private announce(node: string): void {
    if (this.announced.has(node)) return;
    this.announced.add(node);
    this.plainLine(`running ${describeNode(this.workflow, node)}`);
  }

  private plainLine(text: string): void {
    if (this.ui.mode === "plain") this.ui.info(text);
  }

  private render(): void {
    // Plain mode has printed the node already; a status line would only repeat it.
    if (this.ui.mode === "plain" && this.queued === undefined && !this.step) return;
    const elapsed = formatDuration(Date.now() - this.started);
    if (this.queued !== undefined) {
      this.status.update(`queued, position ${this.queued} · ${elapsed}`);
      return;
    }
    const parts: string[] = [];
    parts.push(this.node ? describeNode(this.workflow, this.node) : "starting");
    if (this.step) parts.push(`${progressBar(this.step.value, this.step.max)} ${this.step.value}/${this.step.max}`);
    if (this.cachedCount > 0) parts.push(`${this.cachedCount} cached`);
    parts.push(elapsed);
    this.status.update(parts.join(" · "));
  }
}

function eventData(event: PromptEvent, workflow: Workflow): Record<string, unknown> {
  const { kind: _kind, ...rest } = event;
  if ("node" in event && event.node) {
    const node = workflow[event.node];
    return { ...rest, class_type: node?.class_type, title: node?._meta?.title };
  }
  return rest;
}
