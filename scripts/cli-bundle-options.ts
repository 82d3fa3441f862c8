// esbuild's options for bundling the command line, shared by the published bundle (build-bundle.ts) and the one the
// end-to-end tests spawn (test/helpers/cli-bundle.ts), so that both leave the same packages outside.
import type { BuildOptions } from 'esbuild'

export const CLI_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // pino-pretty is imported only when a terminal wants pretty logs; Swagger UI serves files found beside its own
  // code (__dirname), so both stay in node_modules. zod only words 400 bodies and is imported on the first one: kept
  // out, start-up does not even parse it.
  external: ['pino-pretty', '@fastify/swagger-ui', 'zod'],
  // The bundled CommonJS dependencies call require() for Node's built-in modules, which ESM does not define.
  banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);" },
  logLevel: 'warning'
} as const satisfies BuildOptions
