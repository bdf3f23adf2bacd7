// The yardstick calendly-mcp's start-up is measured against (bench/startup.sh): an MCP server on
// Node and the official TypeScript SDK, over stdio, offering the tools calendly-mcp offers (the
// same names, descriptions, annotations and schemas, read from the JSON file given as the first
// argument: calendly-mcp's own answer to tools/list) and answering every call with a canned result.
//
// It is the fastest a Node server of these tools can start: the schemas are plain JSON, with no
// zod models to build and convert, and no API client is set up.
import { readFileSync } from "node:fs";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const tools = JSON.parse(readFileSync(process.argv[2], "utf8")).result.tools;

const server = new Server(
  { name: "calendly-yardstick", version: "1.0.0" },
  { capabilities: { tools: { listChanged: false } } },
);

server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }));

server.setRequestHandler(CallToolRequestSchema, async (request) => ({
  content: [{ type: "text", text: `canned result of ${request.params.name}` }],
  structuredContent: {},
}));

await server.connect(new StdioServerTransport());
