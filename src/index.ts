// The package's public API for in-process use: the app factory, configuration, catalog loading and the Venice schemas.
export { buildApp, type BuildOptions } from './app.js'
export { loadConfig, ConfigError, BUILT_IN_FIXTURES, type Config, type AuthMode } from './config.js'
export { loadCatalog, FixtureError, type FixtureProblem } from './catalog/load-catalog.js'
export { Catalog } from './catalog/catalog.js'
export { serve } from './server.js'
export { ModelResponse, type ModelResponseBody } from './schemas/model-response.js'
export { StandardError, DetailedError } from './schemas/error-bodies.js'
export { MODEL_TYPES, LIST_FILTERS, type ModelType, type ListFilter } from './schemas/model-types.js'
