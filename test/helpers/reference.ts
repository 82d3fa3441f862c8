// The reference files of ../reference/ parsed: the live OpenAPI excerpt and the catalog snapshot (apart from app.ts, whose
// importers, most test files, need neither).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { REFERENCE_DIR } from './fixtures.js'

export const referenceDocument = parseYaml(readFileSync(join(REFERENCE_DIR, 'venice-models-openapi.yaml'), 'utf8')) as {
  components: { schemas: Record<string, unknown> }
}

export interface SnapshotModel {
  id: string
  type: string
  created: number
  model_spec: Record<string, unknown>
}

export const snapshotModels = JSON.parse(readFileSync(join(REFERENCE_DIR, 'venice-catalog-snapshot.json'), 'utf8')) as SnapshotModel[]
