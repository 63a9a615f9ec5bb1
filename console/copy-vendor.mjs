// Copy the browser builds the console uses from node_modules into api/console/vendor/, where the API
// serves them (run by `npm ci` as postinstall). Only these files are served: no CDN, no other host.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, "..", "api", "console", "vendor");
// Served with a .js name: every server maps .js to JavaScript, not all map .mjs.
const files = {
  "cytoscape/dist/cytoscape.esm.min.mjs": "cytoscape.esm.min.js",
  "cytoscape/LICENSE": "cytoscape.LICENSE.txt",
  "cytoscape-dagre/dist/cytoscape-dagre.min.mjs": "cytoscape-dagre.esm.min.js",
  "cytoscape-dagre/LICENSE": "cytoscape-dagre.LICENSE.txt",
};
mkdirSync(target, { recursive: true });
for (const [from, to] of Object.entries(files)) {
  copyFileSync(join(here, "node_modules", from), join(target, to));
}
console.log(`console: ${Object.keys(files).length} vendor files copied to ${target}`);
