// Editor features computed in core from offsets: hovers, completions and GUID lenses. The VS Code
// adapter only converts offsets to positions and shapes the results.

export { completionsAt } from './features/completion';
export { FeatureParses } from './features/context';
export type { CompletionKind, CompletionResult, FeatureContext, GuidLens, HoverResult } from './features/context';
export { guidLenses } from './features/guidLenses';
export { hoverAt } from './features/hover';
