// Content types the emulator answers with.
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8'
export const YAML_CONTENT_TYPE = 'application/yaml; charset=utf-8'
