// Test inputs that need no server: repository paths, the quiet test configuration, temporary fixture directories and
// small valid models (apart from app.ts, so that tests of plain modules do not load Fastify).
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig, type Config } from '../../src/config.js'

export const REFERENCE_DIR = fileURLToPath(new URL('../reference/', import.meta.url))
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface Closable { teardown: (fn: () => unknown) => void }

/** The default configuration with logging silenced, plus overrides. */
export function testConfig (overrides: Partial<Config> = {}): Config {
  return Object.freeze({ ...loadConfig({ LOG_LEVEL: 'silent' }, []), ...overrides })
}

/** A fixture directory in the temporary directory, from a map of relative path → content (objects are JSON-encoded). */
export async function fixtureDir (t: Closable, files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'venice-fixtures-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 2))
  }
  return dir
}

/** A small valid model of each shape the tests need. */
export function textModel (id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    object: 'model',
    owned_by: 'venice.ai',
    type: 'text',
    created: 1700000000,
    context_length: 32768,
    model_spec: {
      privacy: 'private',
      name: id,
      availableContextTokens: 32768,
      pricing: { input: { usd: 0.5, diem: 0.5 }, output: { usd: 1, diem: 1 } },
      traits: [],
      capabilities: {
        optimizedForCode: false,
        quantization: 'fp8',
        supportsFunctionCalling: true,
        supportsAudioInput: false,
        supportsReasoning: false,
        supportsReasoningEffort: false,
        supportsResponseSchema: true,
        supportsMultipleImages: false,
        supportsVision: false,
        supportsVideoInput: false,
        supportsWebSearch: true,
        supportsLogProbs: true,
        supportsTeeAttestation: false,
        supportsE2EE: false,
        supportsXSearch: false
      },
      constraints: { temperature: { default: 0.7 }, top_p: { default: 0.9 } }
    },
    ...overrides
  }
}

export function imageModel (id: string): Record<string, unknown> {
  return {
    id,
    object: 'model',
    owned_by: 'venice.ai',
    type: 'image',
    created: 1700000000,
    model_spec: {
      privacy: 'private',
      name: id,
      pricing: { generation: { usd: 0.01, diem: 0.01 }, upscale: { '2x': { usd: 0.02, diem: 0.02 }, '4x': { usd: 0.08, diem: 0.08 } } },
      traits: []
    }
  }
}
