// Comparing catalogs: leaf-level field changes, arrays compared whole, and an identical pair.
import t from '../helpers/tap.js'
import { Catalog } from '../../src/catalog/catalog.js'
import { compareCatalogs, formatDifferences } from '../../src/catalog/compare-catalogs.js'
import type { RemoteCatalog } from '../../src/remote/fetch-remote-catalog.js'
import { MODEL_TYPES } from '../../src/schemas/model-types.js'
import { textModel } from '../helpers/fixtures.js'

function remoteOf (models: Array<Record<string, unknown>>): RemoteCatalog {
  const list = (type: string) => ({ object: 'list', type, data: models.filter(model => model.type === type) })
  const empty = (type: string) => ({ object: 'list', type, data: {} })
  return {
    baseUrl: 'http://remote/api/v1',
    all: { object: 'list', type: 'all', data: models },
    lists: new Map(MODEL_TYPES.map(type => [type, list(type)])),
    traits: new Map(MODEL_TYPES.map(type => [type, empty(type)])),
    compatibilityMapping: new Map(MODEL_TYPES.map(type => [type, empty(type)]))
  }
}

const local = new Catalog({ models: [textModel('m') as any], traits: new Map(), compatibilityMapping: new Map() })

t.test('identical catalogs', async t => {
  const differences = compareCatalogs(local, remoteOf([textModel('m')]))
  t.ok(differences.identical)
  t.equal(formatDifferences(differences, 'here', 'there'), 'here and there serve the same catalog.\n')
})

t.test('nested, added and removed fields, arrays whole, keys with slashes', async t => {
  const changed = textModel('m') as any
  changed.model_spec.traits = ['default']
  changed.model_spec.capabilities.supportsVision = true
  delete changed.created
  changed.model_spec['odd/key'] = 1
  const { changed: fields } = compareCatalogs(local, remoteOf([changed]))
  t.same(fields.map(field => [field.path, field.local, field.remote]).sort(), [
    ['created', 1700000000, undefined],
    ['model_spec.capabilities.supportsVision', false, true],
    ['model_spec.traits', [], ['default']],
    ['model_spec["odd/key"]', undefined, 1]
  ])
})
