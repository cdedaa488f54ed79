// The reference peer: @octokit/webhooks with its Node middleware, verifying the same secret as Codemate.
// Usage: GITHUB_WEBHOOK_SECRET=... node server.mjs PORT
import { createServer } from "node:http";
import { Webhooks, createNodeMiddleware } from "@octokit/webhooks";

const secret = process.env.GITHUB_WEBHOOK_SECRET;
if (!secret) {
  console.error("GITHUB_WEBHOOK_SECRET is not set");
  process.exit(2);
}

const port = Number(process.argv[2] ?? 8081);
const webhooks = new Webhooks({ secret });
// Handlers for the events Codemate accepts; like Codemate's, they run after the signature check and JSON parse.
// The peer keeps nothing: there is no durable record to write.
let accepted = 0;
webhooks.on(["issues.opened", "issue_comment.created"], () => { accepted++; });

const middleware = createNodeMiddleware(webhooks, { path: "/webhook" });
const server = createServer(middleware);
server.listen(port, "127.0.0.1", () => console.log(`peer listening on http://127.0.0.1:${port}/webhook`));
process.on("SIGTERM", () => { console.log(`peer handled ${accepted} accepted events`); server.close(() => process.exit(0)); });
