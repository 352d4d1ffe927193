import { execFileSync } from 'node:child_process';
import { serveApp, TOKENS, VIEWER_TOKEN } from './serveApp';

interface Operation {
  operationId: string;
  security?: unknown[];
  requestBody: {
    content: {
      'application/json': { schema: { properties: Record<string, unknown>; required?: string[]; additionalProperties: boolean } };
    };
  };
}

/**
 * The verdict of @seriousme/openapi-schema-validator on `doc`. The validator is an ES module, which
 * Jest's CommonJS runtime cannot load: it runs in a node process of its own.
 */
function validateOpenApi(doc: unknown): { valid: boolean; version: string; errors?: unknown } {
  const script = `import { Validator } from '@seriousme/openapi-schema-validator';
let text = '';
process.stdin.on('data', (d) => { text += d; }).on('end', async () => {
  const validator = new Validator();
  const result = await validator.validate(JSON.parse(text));
  process.stdout.write(JSON.stringify({ ...result, version: validator.version }));
});`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { input: JSON.stringify(doc), cwd: __dirname });
  return JSON.parse(out.toString()) as { valid: boolean; version: string; errors?: unknown };
}

test('openapi.json is a valid OpenAPI 3.1 document of every reachable function, argument schemas from their dataTypes', async () => {
  const served = await serveApp({ tokens: TOKENS });
  const res = await fetch(`${served.url}/api/test/HttpApp/openapi.json`, { headers: { authorization: `Bearer ${VIEWER_TOKEN}` } });
  expect(res.status).toBe(200);
  const doc = (await res.json()) as { openapi: string; paths: Record<string, { post: Operation }> };
  expect(validateOpenApi(doc)).toEqual({ valid: true, version: '3.1' });

  const invoice = doc.paths['/api/test/HttpApp/services/Billing/invoice']!.post;
  expect(invoice.operationId).toBe('services.Billing.invoice');
  expect(invoice.requestBody.content['application/json'].schema).toEqual({
    type: 'object',
    additionalProperties: false,
    required: ['customerId'],
    properties: {
      customerId: { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^[+-]?\\d+$' }] },
      dueDate: { type: 'string', format: 'date' },
      note: { type: 'string', maxLength: 20 },
      lines: { type: 'array' },
    },
  });
  expect(doc.paths['/api/test/HttpApp/services/Billing/status']!.post.security).toEqual([]);
  expect(doc.paths['/api/test/HttpApp/services/TaskSvc/createTimerTask']).toBeDefined();
  // Not reachable: private elements, undeclared methods, non-services.
  expect(Object.keys(doc.paths).filter((p) => /Hidden|secret|tasks\//.test(p))).toEqual([]);
  await served.close();
});
