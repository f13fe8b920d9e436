// Builds the explorer into ../static/: one JS bundle, one CSS file, index.html, and the licence
// texts of every npm package that ends up in the bundle (read from esbuild's metafile).
// Run `npm ci && npm run build` here after changing src/; the output is committed so that
// serving the explorer needs neither Node.js nor the network.

import {build} from "esbuild";
import {copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync} from "node:fs";
import {dirname, join} from "node:path";
import {fileURLToPath} from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "static");

const result = await build({
  entryPoints: {explorer: join(here, "src", "main.js"), "explorer-style": join(here, "src", "explorer.css")},
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outdir: out,
  metafile: true,
  legalComments: "none", // the licences go to THIRD_PARTY_LICENSES.txt instead
  logLevel: "warning",
});
// esbuild names the CSS entry after its key; keep the file name the page links to.
copyFileSync(join(out, "explorer-style.css"), join(out, "explorer.css"));
copyFileSync(join(here, "index.html"), join(out, "index.html"));

function packageRoot(input) {
  const parts = input.split("/");
  const at = parts.lastIndexOf("node_modules");
  if (at < 0) return null;
  const scoped = parts[at + 1].startsWith("@");
  return parts.slice(0, at + (scoped ? 3 : 2)).join("/");
}

const roots = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const root = packageRoot(input);
  if (root) roots.add(root);
}
const sections = [];
for (const root of [...roots].sort()) {
  const meta = JSON.parse(readFileSync(join(here, root, "package.json"), "utf8"));
  const licenceFile = readdirSync(join(here, root)).find((name) => /^(licen[sc]e|copying)/i.test(name));
  const text = licenceFile ? readFileSync(join(here, root, licenceFile), "utf8").trim() : `(${meta.license}; no licence file in the package)`;
  sections.push(`${meta.name} ${meta.version} — ${meta.license}\n${"-".repeat(72)}\n${text}\n`);
}
const header =
  "Third-party packages bundled into explorer.js (built with esbuild from viz/explorer/frontend).\n" +
  "Each is listed with its version, its licence and the licence text it ships.\n\n";
writeFileSync(join(out, "THIRD_PARTY_LICENSES.txt"), header + sections.join("\n"));
if (existsSync(join(out, "explorer-style.css"))) {
  const {unlinkSync} = await import("node:fs");
  unlinkSync(join(out, "explorer-style.css"));
}
console.log(`built ${Object.keys(result.metafile.outputs).length} files; ${roots.size} bundled packages`);
