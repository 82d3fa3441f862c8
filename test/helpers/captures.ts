// A December-2025-style capture of the live API: built-in models of every type, as the live API of that day sent them.
// Synthetic: the real capture is not redistributable here, so this one rebuilds its known departure from the August 2026
// spec (the five text booleans it lacked); other ways a real capture departs are covered by the deviation tests.
import { loadCatalog } from '../../src/catalog/load-catalog.js'
import { BUILT_IN_FIXTURES } from '../../src/config.js'
import { MODEL_TYPES } from '../../src/schemas/model-types.js'

/** The text capability booleans the August 2026 spec made required, which the live API of December 2025 did not send. */
export const AUGUST_2026_BOOLEANS = ['supportsReasoningEffort', 'supportsMultipleImages', 'supportsTeeAttestation', 'supportsE2EE', 'supportsXSearch'] as const

/** How many built-in models of each type the capture takes: 62 in all (the real capture had 63). */
const PER_TYPE: Readonly<Record<string, number>> = { text: 20, image: 8, video: 8, inpaint: 5, music: 5, tts: 5, embedding: 5, asr: 5, upscale: 2 }

/** `GET /models?type=all` as captured in December 2025: text models lack the five booleans. */
export async function decemberCapture (): Promise<{ object: 'list', type: 'all', data: Array<Record<string, any>> }> {
  const builtIn = await loadCatalog(BUILT_IN_FIXTURES, { strict: true })
  const data = MODEL_TYPES.flatMap(type => builtIn.content.models.filter(model => model.type === type).slice(0, PER_TYPE[type]))
    .map(model => {
      const copy = structuredClone(model) as Record<string, any>
      for (const key of AUGUST_2026_BOOLEANS) delete copy.model_spec.capabilities?.[key]
      return copy
    })
  return { object: 'list', type: 'all', data }
}
