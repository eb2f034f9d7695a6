// Social Leadership Lab, browser edition: a return visit restores Python from a memory snapshot.
// `social-lab site --live` appends this file to Pyodide's pyodide.js (widgets/site/loader.py).
//
// The kernel calls loadPyodide with the options of jupyter-lite.json; `sllSnapshot` names this
// build's snapshot and the modules the lessons start with. First visit: Pyodide starts as usual
// (runtime, standard library, the lock's wheels), imports those modules, and its memory is copied
// into the browser's Cache Storage under that name (made from the build's lock, so a rebuilt site
// never restores an older Python), with the files the wheels unpacked (the memory holds the modules
// imported so far; a later import reads its files). Return visit: memory and files come back in
// one piece instead of Python starting, unpacking the wheels and importing again. Whatever goes
// wrong with a snapshot (no Cache Storage outside a secure context, a full quota, a damaged or
// foreign entry) ends in an ordinary start, never in a broken page.
(() => {
  const plainLoad = globalThis.loadPyodide;
  const CACHE_NAME = "social-leadership-lab-python";
  const MAGIC = 0x31734c53; // "SLs1"

  async function openCache() {
    try {
      return typeof caches === "undefined" ? null : await caches.open(CACHE_NAME);
    } catch (error) {
      return null;
    }
  }

  // One entry: [magic][header length][header JSON][memory, 16-byte aligned][the files' bytes].
  function pack(memory, files, packages) {
    const header = new TextEncoder().encode(JSON.stringify({
      memory: memory.length, files: files.map(([path, data]) => [path, data.length]), packages,
    }));
    const start = Math.ceil((8 + header.length) / 16) * 16;
    const size = files.reduce((sum, [, data]) => sum + data.length, start + memory.length);
    const out = new Uint8Array(size);
    const view = new DataView(out.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, header.length, true);
    out.set(header, 8);
    out.set(memory, start);
    let at = start + memory.length;
    for (const [, data] of files) {
      out.set(data, at);
      at += data.length;
    }
    return out;
  }

  function unpack(bytes) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < 8 || view.getUint32(0, true) !== MAGIC) throw new Error("not a snapshot of this course");
    const length = view.getUint32(4, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
    const start = Math.ceil((8 + length) / 16) * 16;
    let at = start + header.memory;
    const files = header.files.map(([path, size]) => {
      const data = bytes.subarray(at, at + size);
      at += size;
      return [path, data];
    });
    if (at !== bytes.length) throw new Error("a damaged snapshot");
    return { memory: bytes.subarray(start, start + header.memory), files, packages: header.packages, size: bytes.length };
  }

  function readTree(FS, root) {
    const files = [];
    const walk = (folder) => {
      for (const name of FS.readdir(folder)) {
        if (name === "." || name === "..") continue;
        const path = `${folder}/${name}`;
        const mode = FS.stat(path).mode;
        if (FS.isDir(mode)) walk(path);
        else if (FS.isFile(mode)) files.push([path, FS.readFile(path)]);
      }
    };
    walk(root);
    return files;
  }

  function writeTree(FS, files) {
    for (const [path, data] of files) {
      FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
      FS.writeFile(path, data);
    }
  }

  async function keep(cache, key, bytes) {
    for (const old of await cache.keys()) {
      if (old.url !== key) await cache.delete(old);
    }
    await cache.put(key, new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } }));
  }

  // JavaScript objects Python holds at snapshot time (micropip's and the kernel's references to
  // Pyodide's own functions) are written as their names; loader.py's hook in loadPyodide finds
  // them again in the restored Pyodide.
  function byName(pyodide) {
    return (object) => {
      for (const [kind, owner] of [["pyodide", pyodide], ["api", pyodide._api]]) {
        for (const name of Object.getOwnPropertyNames(owner)) {
          let value;
          try { value = owner[name]; } catch (error) { continue; }
          if (value === object) return { [kind]: name };
        }
      }
      throw new Error("a JavaScript object that a snapshot cannot name");
    };
  }

  // `entry` is a promise: Pyodide reads the runtime meanwhile, and waits for the memory only to restore it.
  async function restore(rest, entry) {
    const pyodide = await plainLoad({ ...rest, packages: [], _loadSnapshot: entry.then(({ memory }) => memory) });
    const { files, packages, size } = await entry;
    writeTree(pyodide.FS, files);
    Object.assign(pyodide.loadedPackages, packages);
    // The snapshot froze the random generator's state: reseed, or every visit draws the same.
    pyodide.runPython("import importlib as _i, random as _r; _i.invalidate_caches(); _r.seed(); del _i, _r");
    console.info(`Python restored from this browser's snapshot (${(size / 2 ** 20).toFixed(0)} MiB)`);
    return pyodide;
  }

  function snapshot(pyodide) {
    // Pyodide expects its record of loaded packages to be empty in a snapshot; the entry keeps
    // it, with the files the packages unpacked (they are not part of the memory).
    const loaded = pyodide.loadedPackages;
    const packages = { ...loaded };
    for (const name of Object.keys(loaded)) delete loaded[name];
    let memory;
    try {
      memory = pyodide.makeMemorySnapshot({ serializer: byName(pyodide) });
    } finally {
      Object.assign(loaded, packages);
    }
    // Besides the wheels' files, the kernel's IPython profile under HOME (made when it started).
    const home = pyodide.runPython("import os; os.path.expanduser('~')");
    const files = [...readTree(pyodide.FS, pyodide._api.sitepackages), ...readTree(pyodide.FS, home)];
    return pack(memory, files, packages);
  }

  async function loadPyodide(options = {}) {
    const { sllSnapshot: plan, ...rest } = options;
    if (!plan || !plan.name) return plainLoad(rest);
    const cache = await openCache();
    if (!cache) return plainLoad(rest);
    const key = new URL(`sll-python-${plan.name}.snapshot`, new URL(rest.indexURL || "./", self.location.href)).href;
    try {
      const hit = await cache.match(key);
      if (hit) return await restore(rest, hit.arrayBuffer().then((buffer) => unpack(new Uint8Array(buffer))));
    } catch (error) {
      console.warn("Python snapshot not used; starting afresh:", error);
      await cache.delete(key).catch(() => {});
    }
    const pyodide = await plainLoad({ ...rest, _makeSnapshot: true });
    try {
      const imported = performance.now();
      pyodide.runPython((plan.imports || []).map((name) => `import ${name}`).join("\n"));
      // Garbage still waiting for the collector (a ZipFile left in a reference cycle by an import) would be
      // finalized after a restore, when its file descriptor no longer exists: an "Exception ignored" on
      // the lesson's page. Collect it now, while its files are still open.
      pyodide.runPython("import gc as _gc; _gc.collect(); del _gc");
      const began = performance.now();
      const bytes = snapshot(pyodide);
      console.info(`Python imported the lessons' modules in ${(began - imported).toFixed(0)} ms and took `
                   + `a snapshot (${(bytes.length / 2 ** 20).toFixed(0)} MiB) in ${(performance.now() - began).toFixed(0)} ms`);
      keep(cache, key, bytes).catch((error) => console.warn("Python snapshot not kept:", error));
    } catch (error) {
      console.warn("No Python snapshot this time:", error);
    }
    return pyodide;
  }

  globalThis.loadPyodide = loadPyodide;
})();
