// The README's screenshots: which browser check takes each one and which source files it shows.
// `npm run screenshots` reruns those checks, writes the images into media/screenshots/ and records
// a content hash of the sources in media/screenshots/manifest.json; the drift check recomputes the
// hash from the working tree and fails when an image is older than the code it shows.
// Keep each source list narrow: only what changes the picture, so unrelated work does not
// invalidate images.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Image name (media/screenshots/<name>.png) → the browser check that takes it and what it depends on. */
export const readmeScreenshots = {
  explorer: {
    check: 'explorer.ts',
    sources: [
      'src/vscode/explorer',
      'src/vscode/manifest',
      'schemas/editor/application.graph.schema.json',
      'package.nls.json',
      'test/fixtures/workspace/manifests/graph-app.manifest.json',
    ],
  },
  walkthrough: {
    check: 'walkthrough.ts',
    sources: ['src/vscode/walkthrough', 'media/walkthrough', 'package.nls.json'],
  },
  token: {
    check: 'token.ts',
    sources: [
      'src/vscode/token',
      'src/webview/token.ts',
      'media/token.css',
      'package.nls.json',
      'test/fixtures/workspace/tokens/crm-delegated.jwt',
    ],
  },
};

export const screenshotsDir = 'media/screenshots';
export const manifestPath = `${screenshotsDir}/manifest.json`;

function filesUnder(root, path) {
  const abs = join(root, path);
  if (!existsSync(abs)) return [];
  if (statSync(abs).isFile()) return [path];
  return readdirSync(abs, { recursive: true })
    .map(String)
    .filter((f) => statSync(join(abs, f)).isFile())
    .map((f) => relative(root, join(abs, f)).split(sep).join('/'));
}

/**
 * A SHA-256 over the listed files' paths and contents (folders walked, files sorted; line endings
 * normalised so a checkout on Windows gives the same hash). Contents, not modification times:
 * git checkouts reset mtimes.
 */
export function sourceHash(root, sources) {
  const files = [...new Set(sources.flatMap((s) => filesUnder(root, s)))].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file), 'utf8').replace(/\r\n/g, '\n'));
    hash.update('\0');
  }
  return { hash: hash.digest('hex'), files: files.length };
}

/** Problems with the README images: missing, not recorded, or older than their sources. */
export function staleScreenshots(root) {
  const problems = [];
  const manifest = existsSync(join(root, manifestPath))
    ? JSON.parse(readFileSync(join(root, manifestPath), 'utf8'))
    : {};
  for (const [name, spec] of Object.entries(readmeScreenshots)) {
    const image = `${screenshotsDir}/${name}.png`;
    const entry = manifest[`${name}.png`];
    if (!existsSync(join(root, image))) problems.push(`${image} is missing: regenerate with npm run screenshots`);
    else if (!entry) problems.push(`${image} is not recorded in ${manifestPath}: regenerate with npm run screenshots`);
    else if (entry.sourceHash !== sourceHash(root, spec.sources).hash)
      problems.push(
        `${image} is older than the code it shows (${spec.sources.join(', ')}): regenerate with npm run screenshots`,
      );
  }
  return problems;
}
