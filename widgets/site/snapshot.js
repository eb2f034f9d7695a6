// Social Leadership Lab, browser edition: Python restored from a memory snapshot, not started.
// `social-lab site --live` appends this file to Pyodide's pyodide.js (widgets/site/loader.py).
//
// The kernel calls loadPyodide with the options of jupyter-lite.json; `sllSnapshot` names this
// build's snapshot and the modules the lessons start with. The build made that snapshot (bake.js,
// in Node, with this very file): Pyodide with the lock's packages, those modules imported, its
// memory and the files the packages unpacked (the memory holds the modules imported so far; a later
// import reads its files), gzipped beside the runtime as `sll-python-<name>.snapshot.gz`.
// First visit: fetch and gunzip it (DecompressionStream) while Pyodide reads its runtime, restore,
// and keep the unzipped copy in the browser's Cache Storage under that name (made from the build's
// lock, so a rebuilt site never restores an older Python). Return visit: restore from that copy.
// The shipped snapshot replaces the lock's wheels: if its memory cannot be used, Python starts
// afresh from its files. Whatever goes wrong (no Cache Storage outside a secure context, a full
// quota, a damaged or foreign file) ends in an ordinary start and a console warning, never in a
// broken page; only a site whose snapshot cannot be read at all needs the wheels, which the build
// does not ship (see README: "The browser edition").
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
  // The header names the snapshot plan it was made for: a page refuses another site's file.
  function pack(memory, files, packages, name) {
    const header = new TextEncoder().encode(JSON.stringify({
      name, memory: memory.length, files: files.map(([path, data]) => [path, data.length]), packages,
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

  function unpack(bytes, name) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < 8 || view.getUint32(0, true) !== MAGIC) throw new Error("not a snapshot of this course");
    const length = view.getUint32(4, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
    if (header.name !== name) throw new Error(`a snapshot of another build (${header.name}, not ${name})`);
    const start = Math.ceil((8 + length) / 16) * 16;
    let at = start + header.memory;
    const files = header.files.map(([path, size]) => {
      const data = bytes.subarray(at, at + size);
      at += size;
      return [path, data];
    });
    if (at !== bytes.length) throw new Error("a damaged snapshot");
    return { memory: bytes.subarray(start, start + header.memory), files, packages: header.packages, size: bytes.length,
             bytes };
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

  // The snapshot froze the time zone of the machine that made it (the build's). Pyodide's time module
  // has no tzset(), so its figures are set from this browser's clock; TZ names the zone (IANA) for
  // code that reads the variable. (time.localtime() follows the browser already: Emscripten asks Date.)
  function zonePython() {
    try {
      const year = new Date().getFullYear();
      const [jan, jul] = [new Date(year, 0, 1), new Date(year, 6, 1)];
      const [winter, summer] = [jan.getTimezoneOffset() * 60, jul.getTimezoneOffset() * 60];
      const short = (date) => (new Intl.DateTimeFormat("en-US", { timeZoneName: "short" }).formatToParts(date)
        .find((part) => part.type === "timeZoneName") || {}).value || "";
      const [std, dst] = winter >= summer ? [jan, jul] : [jul, jan];
      const facts = {
        zone: Intl.DateTimeFormat().resolvedOptions().timeZone || "", timezone: Math.max(winter, summer),
        altzone: Math.min(winter, summer), daylight: winter === summer ? 0 : 1, tzname: [short(std), short(dst)],
      };
      return `_z = __import__("json").loads(${JSON.stringify(JSON.stringify(facts))})\n`
        + "if _z['zone']: _o.environ['TZ'] = _z['zone']\n"
        + "_t.timezone, _t.altzone, _t.daylight, _t.tzname = _z['timezone'], _z['altzone'], _z['daylight'], tuple(_z['tzname'])\n"
        + "del _z\n";
    } catch (error) {
      return "";
    }
  }

  // `entry` is a promise: Pyodide reads the runtime meanwhile, and waits for the memory only to restore it.
  async function restore(rest, entry, from) {
    const began = performance.now();
    // Pyodide asks for the memory only after reading its runtime: a failure meanwhile is not "unhandled".
    const memory = entry.then(({ memory }) => memory);
    memory.catch(() => {});
    const pyodide = await plainLoad({ ...rest, packages: [], _loadSnapshot: memory });
    const { files, packages, size } = await entry;
    writeTree(pyodide.FS, files);
    Object.assign(pyodide.loadedPackages, packages);
    // The snapshot froze the random generator's state: reseed, or every visit draws the same.
    pyodide.runPython("import importlib as _i, random as _r, os as _o, time as _t; _i.invalidate_caches(); _r.seed()\n"
                      + zonePython() + "del _i, _r, _o, _t");
    console.info(`Python restored from ${from} (${(size / 2 ** 20).toFixed(0)} MiB unzipped) `
                 + `in ${(performance.now() - began).toFixed(0)} ms`);
    return pyodide;
  }

  // A fresh start from a snapshot's files (the packages it was made with, unpacked): its memory could
  // not be used. `entry` is the snapshot, or a function of a started Pyodide that reads it.
  async function startFromFiles(rest, entry) {
    const pyodide = await plainLoad({ ...rest, packages: [] });
    if (typeof entry === "function") entry = await entry(pyodide);
    writeTree(pyodide.FS, entry.files);
    Object.assign(pyodide.loadedPackages, entry.packages);
    pyodide.runPython("import importlib as _i; _i.invalidate_caches(); del _i");
    return pyodide;
  }

  // The build's snapshot, gunzipped: fetched beside pyodide.js.
  async function fetchShipped(url, name) {
    if (typeof DecompressionStream === "undefined") throw new Error("this browser has no DecompressionStream");
    const response = await fetch(url);
    if (!response.ok || !response.body) throw new Error(`${url}: HTTP ${response.status}`);
    const plain = response.body.pipeThrough(new DecompressionStream("gzip"));
    return unpack(new Uint8Array(await new Response(plain).arrayBuffer()), name);
  }

  // Without DecompressionStream, Python's own gzip unpacks the file (slower, but the page starts).
  async function gunzipWithPython(pyodide, url, name) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    pyodide.FS.writeFile("/tmp/sll-snapshot.gz", new Uint8Array(await response.arrayBuffer()));
    const proxy = pyodide.runPython("import gzip as _g, os as _o\n"
      + "with open('/tmp/sll-snapshot.gz', 'rb') as _f: _b = _g.decompress(_f.read())\n"
      + "_o.remove('/tmp/sll-snapshot.gz'); del _g, _o, _f\n_b");
    try {
      return unpack(proxy.toJs(), name);
    } finally {
      proxy.destroy();
      pyodide.runPython("del _b");
    }
  }

  // Files a restored Python does not need: byte-code (what the lessons import is in the memory; a
  // later import compiles its module) and pygments' lexers for languages no page shows.
  function shipped(path) {
    if (path.endsWith(".pyc")) return false;
    const lexer = /\/pygments\/lexers\/(\w+)\.py$/.exec(path);
    return !lexer || KEPT_LEXERS.has(lexer[1]);
  }
  const KEPT_LEXERS = new Set(["__init__", "_mapping", "python", "special"]);

  function snapshot(pyodide, name) {
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
    return pack(memory, files.filter(([path]) => shipped(path)), packages, name);
  }

  async function loadPyodide(options = {}) {
    const { sllSnapshot: plan, ...rest } = options;
    if (!plan || !plan.name) return plainLoad(rest);
    const base = new URL(rest.indexURL || "./", self.location.href);
    const key = new URL(`sll-python-${plan.name}.snapshot`, base).href;
    const cache = await openCache();
    if (cache) {
      try {
        const hit = await cache.match(key);
        if (hit) {
          return await restore(rest, hit.arrayBuffer().then((buffer) => unpack(new Uint8Array(buffer), plan.name)),
                               "this browser's snapshot");
        }
      } catch (error) {
        console.warn("Python snapshot in this browser not used:", error);
        await cache.delete(key).catch(() => {});
      }
    }
    if (plan.shipped) {
      const url = new URL(`sll-python-${plan.name}.snapshot.gz`, base).href;
      const entry = fetchShipped(url, plan.name);
      entry.catch(() => {});
      try {
        const pyodide = await restore(rest, entry, "the site's snapshot");
        if (cache) {
          entry.then((unpacked) => keep(cache, key, unpacked.bytes))
            .catch((error) => console.warn("Python snapshot not kept in this browser:", error));
        }
        return pyodide;
      } catch (error) {
        const files = await entry.catch(() => null);
        if (files) {
          console.warn("The site's Python snapshot could not be restored; starting afresh from its files:", error);
          return startFromFiles(rest, files);
        }
        if (typeof DecompressionStream === "undefined") {
          console.warn("No DecompressionStream here: Python starts afresh from the site's snapshot's files, "
                       + "unzipped by Python");
          return startFromFiles(rest, (pyodide) => gunzipWithPython(pyodide, url, plan.name));
        }
        // The site ships no wheels beside its snapshot: this start finds none, and says so.
        console.warn("The site's Python snapshot could not be read; starting afresh:", error);
      }
    }
    return plainLoad(rest);
  }

  // For the build (bake.js, in Node): the same packing, naming and filtering as a page.
  globalThis.sllSnapshotTools = { plainLoad, snapshot, unpack, restore, pack, shipped };

  globalThis.loadPyodide = loadPyodide;
})();
