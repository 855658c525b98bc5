// What the CLI's bundle (bundle-cli.mjs) and the Action's (bundle-action.mjs) build the same way.
import { createRequire } from 'node:module';

/**
 * yaml ships CommonJS for Node and the same code as ES modules for other platforms. The ES build
 * starts about twice as fast once bundled (no module wrappers; esbuild drops what is unused). The
 * two differ only where we never go: yaml-1.1 `!!binary` (we pin the core schema), the warnings
 * of its `parse()` (a tag or a collection key, which our plain scalars cannot hold) and its
 * LOG_TOKENS / LOG_STREAM debugging output. The library (dist/index.js) keeps yaml's Node build.
 */
export const yamlModules = {
  name: 'yaml-es-modules',
  setup(build) {
    const browserEntry = createRequire(import.meta.url).resolve('yaml/package.json').replace(/package\.json$/, 'browser/index.js');
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: browserEntry }));
  },
};
/** Bundled CommonJS (ajv's runtime, commander, picocolors) calls require(): esbuild's helper needs a real one. */
export const REQUIRE = "import { createRequire as __qdRequire } from 'node:module'; const require = __qdRequire(import.meta.url);";
