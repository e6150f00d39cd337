/// The API reference page at `/docs`: it fetches `/openapi.json` and lays out every operation by tag —
/// method, path, summary, description, parameters, request body and answers, with `$ref`s followed — in
/// plain HTML and inline script, so it works offline and behind any firewall (no CDN).
enum DocsPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Prism API reference</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f7f8fa; }
header { background: #1d2330; color: #fff; padding: 18px 32px; }
header h1 { margin: 0; font-size: 22px; }
header p { margin: 6px 0 0; color: #c5cad6; max-width: 900px; }
main { padding: 16px 32px 48px; max-width: 1100px; }
h2 { margin-top: 32px; border-bottom: 1px solid #d9dce3; padding-bottom: 4px; }
details { background: #fff; border: 1px solid #d9dce3; border-radius: 6px; margin: 8px 0; }
summary { cursor: pointer; padding: 8px 12px; display: flex; gap: 12px; align-items: baseline; }
.method { font: bold 12px monospace; text-transform: uppercase; width: 56px; text-align: center; padding: 2px 0; border-radius: 4px; color: #fff; }
.get { background: #2f7d4f; } .post { background: #2b5fb8; } .delete { background: #b83a2b; } .put, .patch { background: #8a5a12; }
.path { font-family: monospace; font-weight: 600; }
.badge { font-size: 11px; background: #eef0f4; border-radius: 3px; padding: 1px 6px; color: #555; }
.body { padding: 4px 16px 12px; border-top: 1px solid #eef0f4; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
td, th { text-align: left; border-bottom: 1px solid #eef0f4; padding: 4px 6px; vertical-align: top; font-size: 14px; }
pre { background: #f2f4f7; padding: 8px; border-radius: 4px; overflow-x: auto; font-size: 12.5px; max-height: 360px; }
code { font-family: monospace; }
#error { color: #b83a2b; }
</style>
</head>
<body>
<header><h1 id="title">Prism API reference</h1><p id="intro">Loading /openapi.json…</p></header>
<main id="content"><p id="error"></p></main>
<script>
"use strict";
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
};
let spec = {};
// Follows a local $ref ("#/components/schemas/Job") to what it names.
const resolve = (node) => {
  let seen = 0;
  while (node && node.$ref && seen++ < 20) {
    node = node.$ref.slice(2).split("/").reduce((at, key) => (at || {})[key], spec);
  }
  return node || {};
};
// A schema with its references expanded (to a bounded depth), for display.
const expand = (schema, depth = 0) => {
  if (Array.isArray(schema)) return schema.map((item) => expand(item, depth));
  if (!schema || typeof schema !== "object") return schema;
  if (schema.$ref) return depth > 4 ? { $ref: schema.$ref } : expand(resolve(schema), depth + 1);
  const out = {};
  for (const [key, value] of Object.entries(schema)) out[key] = expand(value, depth);
  return out;
};
const schemaBlock = (schema) => el("pre", {}, JSON.stringify(expand(schema), null, 2));
const operation = (path, method, op) => {
  const head = el("summary", {}, el("span", { class: `method ${method}` }, method), el("span", { class: "path" }, path), el("span", {}, op.summary || ""));
  if (op["x-prism-extension"]) head.append(el("span", { class: "badge" }, "Prism extension"));
  if (Array.isArray(op.security) && op.security.length === 0) head.append(el("span", { class: "badge" }, "no key"));
  const body = el("div", { class: "body" });
  if (op.description) body.append(el("p", {}, op.description));
  const params = (op.parameters || []).map(resolve);
  if (params.length) {
    const table = el("table", {}, el("tr", {}, el("th", {}, "parameter"), el("th", {}, "in"), el("th", {}, "type"), el("th", {}, "description")));
    for (const p of params) {
      const type = JSON.stringify((p.schema || {}).type || (p.schema || {}).enum || "");
      table.append(el("tr", {}, el("td", {}, el("code", {}, p.name + (p.required ? " *" : ""))), el("td", {}, p.in), el("td", {}, type), el("td", {}, p.description || "")));
    }
    body.append(el("h4", {}, "Parameters"), table);
  }
  if (op.requestBody) {
    body.append(el("h4", {}, "Request body"));
    for (const [type, media] of Object.entries(resolve(op.requestBody).content || {})) body.append(el("p", {}, el("code", {}, type)), schemaBlock(media.schema));
  }
  body.append(el("h4", {}, "Answers"));
  for (const [status, raw] of Object.entries(op.responses || {})) {
    const answer = resolve(raw);
    body.append(el("p", {}, el("strong", {}, status), " ", answer.description || ""));
    for (const [type, media] of Object.entries(answer.content || {})) body.append(el("p", {}, el("code", {}, type)), schemaBlock(media.schema || {}));
  }
  return el("details", {}, head, body);
};
fetch("/openapi.json")
  .then((reply) => { if (!reply.ok) throw new Error(`GET /openapi.json answered ${reply.status}`); return reply.json(); })
  .then((document_) => {
    spec = document_;
    document.getElementById("title").textContent = `${spec.info.title} API reference (${spec.info.version})`;
    document.getElementById("intro").textContent = spec.info.description || "";
    const content = document.getElementById("content");
    const byTag = new Map((spec.tags || []).map((tag) => [tag.name, []]));
    for (const [path, item] of Object.entries(spec.paths || {})) {
      for (const [method, op] of Object.entries(item)) {
        const tag = (op.tags || ["Other"])[0];
        if (!byTag.has(tag)) byTag.set(tag, []);
        byTag.get(tag).push(operation(path, method, op));
      }
    }
    for (const [tag, ops] of byTag) if (ops.length) content.append(el("h2", {}, tag), ...ops);
    const schemes = spec.components && spec.components.securitySchemes;
    if (schemes) {
      content.append(el("h2", {}, "Keys"));
      for (const [name, scheme] of Object.entries(schemes)) content.append(el("p", {}, el("strong", {}, name), ` (${scheme.type}${scheme.scheme ? " " + scheme.scheme : ""}${scheme.name ? " " + scheme.name : ""}): ${scheme.description || ""}`));
    }
  })
  .catch((error) => { document.getElementById("error").textContent = `The API document could not be loaded: ${error.message}`; });
</script>
</body>
</html>
"""#
}
