/** Bundles `entry` (default src/page/main.ts) into one IIFE; `module` is page-bundle.generated.ts's text. */
export function bundlePage(root: string, entry?: string): Promise<{ code: string; module: string }>;
