// Bundler resolution (Vite, esbuild, webpack): the "import" condition's declarations.
import { buildApp, loadConfig, type Config } from 'venice-models-mock'
import { DEFAULT_BASE_URL } from 'venice-models-mock/msw'

const config: Config = loadConfig({ LOG_LEVEL: 'silent' }, [])
const app = await buildApp(config)
const response = await app.inject({ url: '/api/v1/models' })
export const status: number = response.statusCode
export const base: string = DEFAULT_BASE_URL
