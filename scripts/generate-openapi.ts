// Writes openapi.yaml at the top level from the route schemas of an app built with the default settings.
import { writeFile } from 'node:fs/promises'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { documentationConfig, renderOpenapiYaml } from '../src/openapi.js'

const app = await buildApp(documentationConfig(loadConfig({})))
await app.ready()
const target = new URL('../openapi.yaml', import.meta.url)
await writeFile(target, renderOpenapiYaml(app))
await app.close()
process.stdout.write(`wrote ${target.pathname}\n`)
