import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** The signed-in shell's entry module (a dynamic import in WorkstationApp.tsx). */
const SHELL_MODULE = /packages\/ui\/src\/app\/SignedInShell\.tsx$/;

/**
 * Fetch the signed-in shell while the sign-in form is on screen: index.html gets a `modulepreload` for
 * the shell chunk and every chunk it imports, so when the clinician presses Sign in the shell is already
 * downloaded and compiled, and only runs (https://html.spec.whatwg.org/multipage/links.html#link-type-modulepreload).
 * The browser does not run a preloaded module, so the sign-in form does not wait for it.
 */
function preloadSignedInShell(): Plugin {
  return {
    name: 'lantern-preload-signed-in-shell',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (bundle === undefined) return html;
        // The shell's chunk holds its module (it may be a facade, or a group of the chunking below).
        const shell = Object.values(bundle).find((c) => c.type === 'chunk' && !c.isEntry && c.moduleIds.some((id) => SHELL_MODULE.test(id)));
        if (shell === undefined || shell.type !== 'chunk') return html;
        const files = new Set<string>();
        const visit = (fileName: string): void => {
          if (files.has(fileName)) return;
          files.add(fileName);
          const c = bundle[fileName];
          if (c?.type === 'chunk') for (const i of c.imports) visit(i);
        };
        visit(shell.fileName);
        const links = [...files].filter((f) => !html.includes(f)).map((f) => `    <link rel="modulepreload" crossorigin href="./${f}">\n`).join('');
        return html.replace('</head>', `${links}  </head>`);
      },
    },
  };
}

/** Every module the signed-in shell imports statically (filled at the end of the module graph build). */
const shellModules = new Set<string>();

/** Collects the shell's static module graph, so the chunking below can put it in one file. */
function collectSignedInShell(): Plugin {
  return {
    name: 'lantern-collect-signed-in-shell',
    apply: 'build',
    buildEnd() {
      shellModules.clear();
      const shell = [...this.getModuleIds()].find((id) => SHELL_MODULE.test(id));
      const visit = (id: string): void => {
        if (shellModules.has(id)) return;
        shellModules.add(id);
        for (const i of this.getModuleInfo(id)?.importedIds ?? []) visit(i);
      };
      if (shell !== undefined) visit(shell);
    },
  };
}

/**
 * V8's explicit compile hint (https://v8.dev/blog/explicit-compile-hints): with `//# allFunctionsCalledOnLoad`
 * at the top of a script, V8 compiles all its functions while it streams the file in, on a background
 * thread, instead of lazily on the main thread the first time each runs. The entry runs nearly all of
 * its code to draw the sign-in form, and the signed-in shell all of its at sign-in.
 */
function compileHints(): Plugin {
  return {
    name: 'lantern-compile-hints',
    apply: 'build',
    // After minification, which drops comments. V8 compiles eagerly the functions that follow the comment,
    // so vite's small preload map, put above it in the shell's chunk afterwards, stays lazy. The file
    // name's hash is of the content before: the same line is added to every build, so a name still
    // changes exactly when what the file does changes.
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const c of Object.values(bundle)) {
        if (c.type === 'chunk' && (c.isEntry || c.moduleIds.some((id) => SHELL_MODULE.test(id)))) c.code = `//# allFunctionsCalledOnLoad\n${c.code}`;
      }
    },
  };
}

// The renderer build served by browser mode (host/serve) and loaded by Electron from disk.
export default defineConfig({
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  base: './',
  plugins: [react(), collectSignedInShell(), preloadSignedInShell(), compileHints()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    // Chromium (Electron and browser mode) supports modulepreload: no polyfill in the entry.
    modulePreload: { polyfill: false },
    rollupOptions: {
      treeshake: {
        // @lantern/core is pure (no I/O, no globals: CONVENTIONS.md 1), so a module of it whose exports are
        // not used is dropped. Otherwise its barrel pulls every zod schema, the policy tables and the CDS
        // knowledge base into the sign-in chunk for one list of error codes.
        moduleSideEffects: (id) => !/\/packages\/core\/src\//.test(id),
      },
      output: {
        codeSplitting: {
          groups: [
            { name: 'sign-in', tags: ['$initial'], priority: 2 },
            { name: 'SignedInShell', test: (id) => shellModules.has(id), priority: 1 },
          ],
        },
      },
    },
  },
});
