// Follows a handoff through handoff-mcp's streamable HTTP endpoint with the
// official MCP TypeScript SDK: lists the tools, requests two handoffs, reads
// handoff://{id}, subscribes to one, waits for notifications/resources/updated,
// then requests a third handoff with a progress callback and waits until an
// agent joins. The Go test cmd/handoff-mcp/e2e_node_test.go drives it: it
// reads one JSON object per line on stdout, changes the handoffs in the
// database as another process would, and answers on stdin.
//
//   node follow.mjs http://127.0.0.1:8080/mcp
import { createInterface } from "node:readline";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

const url = process.argv[2];
if (!url) {
  console.error("usage: node follow.mjs <mcp url>");
  process.exit(2);
}

const emit = (event, fields) => console.log(JSON.stringify({ event, ...fields }));
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const expect = async (word) => {
  const { value, done } = await lines.next();
  if (done || value.trim() !== word) throw new Error(`expected "${word}" on stdin, got ${done ? "EOF" : value}`);
};

const client = new Client({ name: "handoff-e2e-node", version: "1.0.0" });
const transport = new StreamableHTTPClientTransport(new URL(url));
await client.connect(transport);

const tools = (await client.listTools()).tools.map((t) => t.name).sort();
const templates = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);

const handoff = async (conversation, options) => {
  const res = await client.callTool(
    {
      name: "request_human_handoff",
      arguments: {
        conversation_id: conversation,
        email: "anna.berg@example.com",
        transcript: [{ role: "user", content: "I want to talk to a human, please." }],
      },
    },
    undefined,
    options,
  );
  return res.structuredContent;
};
const read = async (uri) => JSON.parse((await client.readResource({ uri })).contents[0].text);

// A handoff to follow, and one that is not followed.
const followed = await handoff("node-followed");
const other = await handoff("node-other");
const uri = `handoff://${followed.handoff_id}`;
const before = await read(uri);

const received = [];
let resolveUpdated;
const updated = new Promise((resolve) => (resolveUpdated = resolve));
client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
  received.push(n.params.uri);
  if (n.params.uri === uri) resolveUpdated(n);
});
await client.subscribeResource({ uri });
emit("subscribed", {
  tools, templates, followed: followed.handoff_id, other: other.handoff_id,
  status: followed.status, state: before.state, owner: before.owner, events: before.events.length,
});

// The Go test now changes both handoffs in the database.
const note = await updated;
const after = await read(uri);
emit("updated", { uri: note.params.uri, state: after.state, owner: after.owner, events: after.events.map((e) => e.to) });

let notFound;
try {
  await client.readResource({ uri: "handoff://h_doesnotexist" });
} catch (err) {
  notFound = { code: err.code, message: err.message };
}
emit("not_found", notFound ?? { code: 0, message: "no error" });

// A call that waits for an agent, reporting progress.
await expect("wait");
const progress = [];
const waited = await handoff("node-waiting", {
  onprogress: (p) => {
    progress.push(p);
    if (progress.length === 1) emit("progress", p);
  },
  resetTimeoutOnProgress: true,
});
emit("waited", { status: waited.status, owner: waited.owner, progress: progress.map((p) => p.message) });

await expect("done");
emit("done", { received });
await client.close();
