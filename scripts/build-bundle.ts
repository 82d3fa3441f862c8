// Second step of `npm run build`: bundles the command line (src/cli.ts and the dependencies it loads) into one ESM
// file, dist/venice-models-mock.mjs, which dist/bin.js loads in place of the compiled modules. Node then compiles one
// file instead of some 400 modules, which takes about half the start-up time (BENCHMARKS.md has the numbers).
import { build } from 'esbuild'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const OUTFILE = `${ROOT}dist/venice-models-mock.mjs`

await build({
  absWorkingDir: ROOT,
  entryPoints: ['src/cli.ts'],
  outfile: OUTFILE,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Not minified: stack traces keep their names, and minifying saved under 10 ms of start-up.
  sourcemap: 'linked',
  sourcesContent: false,
  // pino-pretty is imported only when a terminal wants pretty logs; Swagger UI serves files found beside its own
  // code (__dirname), so both stay in node_modules. zod only words 400 bodies and is imported on the first one: kept
  // out, start-up does not even parse it.
  external: ['pino-pretty', '@fastify/swagger-ui', 'zod'],
  // The bundled CommonJS dependencies call require() for Node's built-in modules, which ESM does not define.
  banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);" },
  logLevel: 'warning'
})

// A dependency that cannot live in a bundle usually fails as soon as it is evaluated: better now than at start-up.
const bundled = await import(pathToFileURL(OUTFILE).href) as Partial<typeof import('../src/cli.js')>
if (typeof bundled.main !== 'function') throw new Error(`${OUTFILE} does not export main()`)
