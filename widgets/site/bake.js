// Social Leadership Lab, browser edition: the build makes the Python snapshot every page restores.
// Run by widgets/site/shipped.py as `node bake.js SITE_PYODIDE_DIR PLAN_JSON OUT.gz`.
//
// It loads the site's own pyodide.js (the patched one, snapshot.js appended: the runtime a page
// loads, byte for byte), starts Pyodide with the lock's packages from the folder on disk, imports
// the plan's modules, and packs the memory with the files exactly as a page would (snapshot.js's
// `snapshot`), gzipped.
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const [pyodideDir, planFile, outFile] = process.argv.slice(2);

// In a page this runs in a Web Worker; nothing the plan imports reads the worker's globals (`self`,
// `location`) at import, so Node needs no stand-ins for them (checked with Pyodide 314.0.6).

(async () => {
  const plan = JSON.parse(fs.readFileSync(planFile, "utf-8"));
  require(path.resolve(pyodideDir, "pyodide.js"));
  const tools = globalThis.sllSnapshotTools;
  if (!tools) throw new Error(`${pyodideDir}/pyodide.js carries no snapshot.js`);
  const began = Date.now();
  const pyodide = await tools.plainLoad({
    indexURL: path.resolve(pyodideDir) + path.sep,
    packages: plan.packages,
    _makeSnapshot: true,
    stdout: (line) => console.log(line),
    stderr: (line) => console.error(line),
  });
  const started = Date.now();
  pyodide.runPython(plan.imports.map((name) => `import ${name}`).join("\n"));
  // Garbage still waiting for the collector (a ZipFile left in a reference cycle by an import) would
  // be finalized after a restore, when its file descriptor no longer exists: collect it now.
  pyodide.runPython("import gc as _gc; _gc.collect(); del _gc");
  const imported = Date.now();
  const bytes = tools.snapshot(pyodide, plan.name);
  const packed = zlib.gzipSync(bytes, { level: 9 });
  fs.writeFileSync(outFile, packed);
  console.log(JSON.stringify({
    start_ms: started - began, import_ms: imported - started, snapshot_ms: Date.now() - imported,
    bytes: bytes.length, gzipped: packed.length, modules: plan.imports.length,
  }));
  process.exit(0);
})().catch((error) => {
  console.error(error && error.stack ? error.stack : error);
  process.exit(1);
});
