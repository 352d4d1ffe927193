import type { App } from '../runtime/App';
import { dataTypeSchema, type JsonSchema } from './dataTypeSchema';
import { needsLogin, reachableFunctions } from './reachableFunctions';

const ERROR_RESPONSE = {
  description: "a failure: JitAi's envelope with a non-zero errcode",
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Failure' } } },
};

/**
 * The OpenAPI 3.1 document of every function the app's HTTP API serves: one `POST` per declared
 * function of a public service Instance, its body the arguments by name, each argument's schema
 * from its dataType. A function declared `loginRequired: false` has no security requirement.
 */
export function buildOpenApi(app: App): Record<string, unknown> {
  const [orgId, appName] = splitAppId(app.appId);
  const paths: Record<string, unknown> = {};
  for (const { fullName, decl } of reachableFunctions(app)) {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const arg of decl.args ?? []) {
      properties[arg.name] = dataTypeSchema(arg);
      if (arg.required && arg.default === undefined) required.push(arg.name);
    }
    const body: JsonSchema = { type: 'object', additionalProperties: false, ...(required.length ? { required } : {}), properties };
    paths[`/api/${orgId}/${appName}/${fullName.replaceAll('.', '/')}/${decl.name}`] = {
      post: {
        operationId: `${fullName}.${decl.name}`,
        summary: decl.title ?? decl.name,
        ...(decl.desc ? { description: decl.desc } : {}),
        tags: [fullName],
        ...(needsLogin(decl) ? {} : { security: [] }),
        requestBody: { required: false, content: { 'application/json': { schema: body } } },
        responses: {
          200: {
            description: "the function's result in `data`",
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Success' } } },
          },
          400: ERROR_RESPONSE,
          401: ERROR_RESPONSE,
          403: ERROR_RESPONSE,
          404: ERROR_RESPONSE,
          409: ERROR_RESPONSE,
          413: ERROR_RESPONSE,
          415: ERROR_RESPONSE,
          500: ERROR_RESPONSE,
          503: ERROR_RESPONSE,
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: app.title, version: app.version, description: `The declared functions of ${app.appId}, served by jittask.` },
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Success: {
          type: 'object',
          required: ['errcode', 'errmsg', 'data', 'requestId', 'duration'],
          properties: {
            errcode: { const: 0 },
            errmsg: { const: '' },
            data: {},
            requestId: { type: 'string' },
            duration: { type: 'number', description: 'milliseconds' },
          },
        },
        Failure: {
          type: 'object',
          required: ['errcode', 'errmsg', 'code', 'requestId'],
          properties: {
            errcode: { type: 'integer', description: 'the HTTP status' },
            errmsg: { type: 'string' },
            code: { type: 'string', description: 'a jittask error code' },
            issues: { type: 'array', items: { type: 'object' } },
            requestId: { type: 'string' },
          },
        },
      },
    },
  };
}

/** `orgId.appName` → its two parts (an appId without a dot is its own appName under an empty org). */
export function splitAppId(appId: string): [string, string] {
  const dot = appId.indexOf('.');
  return dot < 0 ? ['', appId] : [appId.slice(0, dot), appId.slice(dot + 1)];
}
