import type { Rule } from '../types';

/** The semantic rule registry: every rule the engine runs, in report order. */
export const rules: readonly Rule[] = [];
