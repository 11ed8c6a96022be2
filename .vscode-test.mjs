// `npm run test:desktop`: the same in-host suite under @vscode/test-electron, for machines that can
// download desktop VS Code. Runs the minimum supported version and the current stable release.
import { defineConfig } from '@vscode/test-cli';

const common = {
  files: 'out/test/integration/*.test.js',
  workspaceFolder: 'test/fixtures/workspace',
  mocha: { ui: 'bdd', timeout: 60_000 },
  env: { VSCODE_RUNNING_TESTS: '1' },
};

export default defineConfig([
  { ...common, label: 'minimum', version: '1.100.0' },
  { ...common, label: 'stable', version: 'stable' },
]);
