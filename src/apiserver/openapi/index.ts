export { OpenApiService, v3ServerRelativeUrl } from './service.js';
export type { CustomResourceSchema, OpenApiBody, OpenApiV3Index } from './service.js';
export { registerOpenApiRoutes, parseAccept, OPENAPI_V2_PROTOBUF_CONTENT_TYPE, OPENAPI_V2_PROTOBUF_TYPES } from './routes.js';
export { defaultOpenApiDataDir, openApiHash, v3FileNameToPath, v3PathToFileName } from './data.js';
export { encodeSwaggerAsGnostic, GnosticV2Encoder, loadDocumentType } from './gnostic-v2.js';
