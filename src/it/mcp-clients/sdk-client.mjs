// Drives calendly-mcp with the official TypeScript SDK's client: lists tools, resources, resource
// templates and prompts, reads a resource, subscribes and unsubscribes, gets a prompt and calls a
// tool; prints one line per step and exits 1 at the first that fails.
//
// Usage: node sdk-client.mjs http http://127.0.0.1:PORT/mcp
//        node sdk-client.mjs stdio <command> [args...]   (e.g. java -jar calendly-mcp.jar stdio --sandbox)
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const [mode, ...rest] = process.argv.slice(2);
let transport;
if (mode === 'http' && rest.length === 1) {
  transport = new StreamableHTTPClientTransport(new URL(rest[0]));
} else if (mode === 'stdio' && rest.length >= 1) {
  transport = new StdioClientTransport({ command: rest[0], args: rest.slice(1), stderr: 'ignore' });
} else {
  console.error('usage: node sdk-client.mjs http <mcp-url> | stdio <command> [args...]');
  process.exit(2);
}

function expect(condition, what) {
  if (!condition) {
    throw new Error(what);
  }
}

const client = new Client({ name: 'calendly-mcp-sdk-check', version: '1.0.0' });
try {
  await client.connect(transport);
  const capabilities = client.getServerCapabilities();
  expect(capabilities?.resources?.subscribe === true, 'resources.subscribe capability declared');
  console.log(`connected to ${client.getServerVersion()?.name} ${client.getServerVersion()?.version}`);

  const tools = (await client.listTools()).tools.map((t) => t.name);
  expect(tools.includes('whoami'), 'tools/list has whoami');
  console.log(`tools/list: ${tools.length} tools`);

  const resources = (await client.listResources()).resources.map((r) => r.uri);
  expect(resources.includes('calendly://me/upcoming') && resources.includes('calendly://event-types'),
    'resources/list has calendly://me/upcoming and calendly://event-types');
  const templates = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
  expect(templates.includes('calendly://events/{uuid}'), 'resources/templates/list has calendly://events/{uuid}');
  console.log(`resources/list: ${resources.join(', ')}; templates: ${templates.join(', ')}`);

  const read = await client.readResource({ uri: 'calendly://event-types' });
  const body = JSON.parse(read.contents[0].text);
  expect(Array.isArray(body.event_types) && body.event_types.length > 0, 'calendly://event-types lists event types');
  console.log(`resources/read calendly://event-types: ${body.event_types.length} event types`);

  await client.subscribeResource({ uri: 'calendly://me/upcoming' });
  await client.unsubscribeResource({ uri: 'calendly://me/upcoming' });
  console.log('resources/subscribe and resources/unsubscribe calendly://me/upcoming: ok');

  const prompts = (await client.listPrompts()).prompts.map((p) => p.name);
  expect(prompts.includes('schedule_meeting'), 'prompts/list has schedule_meeting');
  const prompt = await client.getPrompt({ name: 'schedule_meeting', arguments: { person: 'Ada Lovelace' } });
  expect(prompt.messages[0].content.text.includes('Ada Lovelace'), 'prompts/get fills in the argument');
  console.log(`prompts/list: ${prompts.join(', ')}; prompts/get schedule_meeting: ok`);

  const whoami = await client.callTool({ name: 'whoami', arguments: {} });
  expect(!whoami.isError && whoami.structuredContent?.email, 'whoami answers with an email');
  console.log('tools/call whoami: ok');
  await client.close();
  process.exit(0);
} catch (e) {
  console.log(`FAILED: ${e.message}`);
  await client.close().catch(() => {});
  process.exit(1);
}
