/** The analysis as a JSON document (--json): stable keys in snake_case, bigints exact. */
import type { Analysis } from "./types.js";

export function analysisToJson(analysis: Analysis, configFile: string | undefined): Record<string, unknown> {
  return {
    workflow: analysis.source,
    config: configFile ?? null,
    definitions: analysis.defsSource,
    parameters: analysis.candidates.map((c) => ({
      name: c.name,
      category: c.category,
      type: c.type,
      proposed: c.proposed,
      paths: c.refs.map((r) => r.path),
      class_type: [...new Set(c.refs.map((r) => r.classType))].join("/"),
      title: c.refs[0]?.title ?? null,
      node_ids: c.refs.map((r) => r.nodeId),
      current: c.current,
      range: c.range ?? null,
      values: c.values ?? null,
      options: c.options ?? null,
      node_min: c.bounds?.min ?? null,
      node_max: c.bounds?.max ?? null,
      notes: c.notes,
    })),
    unused_nodes: analysis.unusedNodes.map((n) => ({ node_id: n.nodeId, class_type: n.classType, title: n.title ?? null })),
    unknown_classes: analysis.unknownClasses,
    skipped: analysis.skipped,
    warnings: analysis.warnings,
    empty_reason: analysis.emptyReason ?? null,
  };
}
