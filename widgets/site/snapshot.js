// Social Leadership Lab, browser edition: a return visit restores Python from a memory snapshot.
// `social-lab site --live` appends this file to Pyodide's pyodide.js (widgets/site/loader.py).
//
// The kernel calls loadPyodide with the options of jupyter-lite.json; `sllSnapshot` names this
// build's snapshot and the modules the lessons start with. First visit: Pyodide starts as usual
// (runtime, standard library, the lock's wheels), imports those modules, and its memory is copied
// into the browser's Cache Storage under that name (made from the build's lock, so a rebuilt site
// never restores an older Python). Return visit: the memory comes back in one piece instead of
// Python starting and importing again; the wheels are still unpacked, so every file a later import
// reads is there. Whatever goes wrong with a snapshot (no Cache Storage outside a secure context,
// a full quota, a damaged or foreign entry) ends in an ordinary start, never in a broken page.
(() => {
  const plainLoad = globalThis.loadPyodide;
  const CACHE_NAME = "social-leadership-lab-python";

  async function openCache() {
    try {
      return typeof caches === "undefined" ? null : await caches.open(CACHE_NAME);
    } catch (error) {
      return null;
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

  async function loadPyodide(options = {}) {
    const { sllSnapshot: plan, ...rest } = options;
    if (!plan || !plan.name) return plainLoad(rest);
    const cache = await openCache();
    if (!cache) return plainLoad(rest);
    const key = new URL(`sll-python-${plan.name}.snapshot`, new URL(rest.indexURL || "./", self.location.href)).href;
    try {
      const hit = await cache.match(key);
      if (hit) {
        const bytes = new Uint8Array(await hit.arrayBuffer());
        const pyodide = await plainLoad({ ...rest, _loadSnapshot: bytes });
        // The snapshot froze the random generator's state: reseed, or every visit draws the same.
        pyodide.runPython("import random as _r; _r.seed(); del _r");
        console.info(`Python restored from this browser's snapshot (${(bytes.length / 2 ** 20).toFixed(0)} MiB)`);
        return pyodide;
      }
    } catch (error) {
      console.warn("Python snapshot not used; starting afresh:", error);
      await cache.delete(key).catch(() => {});
    }
    const pyodide = await plainLoad({ ...rest, _makeSnapshot: true });
    try {
      pyodide.runPython((plan.imports || []).map((name) => `import ${name}`).join("\n"));
      // Pyodide expects its record of loaded packages to be empty in a snapshot; a restored
      // Python loads the lock's packages again (their files are not part of the memory).
      const loaded = pyodide.loadedPackages;
      const kept = { ...loaded };
      for (const name of Object.keys(loaded)) delete loaded[name];
      let bytes;
      try {
        bytes = pyodide.makeMemorySnapshot({ serializer: byName(pyodide) });
      } finally {
        Object.assign(loaded, kept);
      }
      keep(cache, key, bytes).catch((error) => console.warn("Python snapshot not kept:", error));
    } catch (error) {
      console.warn("No Python snapshot this time:", error);
    }
    return pyodide;
  }

  globalThis.loadPyodide = loadPyodide;
})();
