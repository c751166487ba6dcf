#!/usr/bin/env node
// The notebooks in a real browser: Debian's Chromium, driven by playwright-core, against Debian's
// jupyter-notebook (the classic UI that `./nflab notebooks` serves). For every notebook it opens the
// page, runs all cells, checks that no cell shows an error, that every picture is an <svg> rendered
// in the page, and saves a full-page screenshot. Run it through `./nflab notebooks browser`, which
// installs the kernel first; `--help` for the options.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const NOTEBOOKS = path.dirname(HERE);
const ROOT = path.dirname(NOTEBOOKS);
const CHROMIUM = process.env.NFLAB_CHROMIUM || "/usr/bin/chromium";
const JUPYTER = "/usr/bin/jupyter-notebook";
const PYTHON = "/usr/bin/python3";
const RUNNER = path.join(NOTEBOOKS, "tools", "run_notebooks.py");

const HELP = `usage: ./nflab notebooks browser [--answers empty|reference|both] [--out DIR] [--timeout S] [NOTEBOOK...]

Opens each notebook (default: every notebooks/*.ipynb) in headless Chromium through Jupyter's
notebook UI, runs all cells, and checks what a learner would see:
  - every code cell ran, and none shows an error (a cell tagged raises-exception must show one);
  - no stderr output that reports an exception, no output the page failed to render;
  - every picture the kernel sent is an <svg> element drawn in the page, and a notebook that draws
    one (its code calls FlowDiagram.of/blank, Topology.of or Show.svg) shows at least one;
  - a full-page screenshot per notebook: OUT/empty/NAME.png, OUT/with-answers/NAME.png.
The notebooks run from a temporary copy (the files in notebooks/ are never changed); the server
listens on 127.0.0.1 at a free port, with a random token.

  --answers MODE  empty: prediction cells as committed; reference: the notebooks that have prediction
                  cells, filled in with notebooks/answers/ (run_notebooks.py --write-filled) and run
                  with NFLAB_REFERENCE_ANSWERS=1; both (default): empty, then reference
  --out DIR       where the screenshots and browser-summary.json go (default notebooks/out/browser)
  --timeout S     seconds a notebook may take to open and run all its cells (default 180)
  --self-check    first show that the checks catch what they look for: notebooks derived from the
                  committed ones (a raises-exception cell untagged, a cell that throws, an exception
                  on stderr, a picture built and never shown) must fail with exactly those lines

Exit status: 0 when every notebook passed, 1 with one line per failure, 2 for bad usage or a
missing prerequisite (Chromium, jupyter-notebook, playwright-core: notebooks/browser-test/install.sh).`;

function usage(msg) {
  console.error(`nflab notebooks browser: ${msg} (--help for the options)`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { answers: "both", out: path.join(NOTEBOOKS, "out", "browser"), timeout: 180, notebooks: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (a.includes("=")) return a.slice(a.indexOf("=") + 1);
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "-h" || a === "--help") { console.log(HELP); process.exit(0); }
    else if (a === "--answers" || a.startsWith("--answers=")) opts.answers = value();
    else if (a === "--with-answers") opts.answers = "reference";
    else if (a === "--self-check") opts.selfCheck = true;
    else if (a === "--check-usage") opts.checkUsage = true;  // the launcher's: check the options, run nothing
    else if (a === "--out" || a.startsWith("--out=")) opts.out = path.resolve(value());
    else if (a === "--timeout" || a.startsWith("--timeout=")) opts.timeout = Number(value());
    else if (a.startsWith("-")) usage(`unknown option ${a}`);
    else opts.notebooks.push(a);
  }
  if (!["empty", "reference", "both"].includes(opts.answers)) usage(`--answers ${opts.answers}: expected empty, reference or both`);
  if (!(opts.timeout > 0)) usage("--timeout: expected a number of seconds above 0");
  return opts;
}

// every notebooks/*.ipynb in name order, or the ones named (a path or a name in notebooks/)
function findNotebooks(names) {
  if (names.length === 0) {
    return fs.readdirSync(NOTEBOOKS).filter((n) => n.endsWith(".ipynb")).sort().map((n) => path.join(NOTEBOOKS, n));
  }
  return names.map((n) => {
    for (const p of [n, path.join(NOTEBOOKS, n)]) if (fs.existsSync(p) && p.endsWith(".ipynb")) return path.resolve(p);
    return usage(`no such notebook: ${n}`);
  });
}

// A notebook draws a picture when its code builds one of the kit's pictures (notebooks/README.md,
// "Pictures") or shows an SVG itself; read from the source, not from what the kernel sent.
const DRAWS = /\b(FlowDiagram\s*\.\s*(of|blank)|ChainDiagram\s*\.\s*of|Topology\s*\.\s*of|Show\s*\.\s*svg)\s*\(/;
function drawsPicture(file) {
  const nb = JSON.parse(fs.readFileSync(file, "utf8"));
  return nb.cells.some((c) => c.cell_type === "code" && DRAWS.test([].concat(c.source).join("")));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class Server {
  // jupyter-notebook on DIR; the kernels it starts inherit ENV (NFLAB_ROOT, NFLAB_REFERENCE_ANSWERS)
  static async start(dir, env, work) {
    const s = new Server();
    s.token = randomBytes(24).toString("hex");
    s.logPath = path.join(work, `server-${path.basename(dir)}.log`);
    for (let attempt = 1; ; attempt++) {
      s.port = await freePort();
      const args = ["--no-browser", "--ip=127.0.0.1", `--port=${s.port}`, "--port-retries=0",
        `--notebook-dir=${dir}`, `--NotebookApp.token=${s.token}`, "--NotebookApp.password="];
      if (process.getuid && process.getuid() === 0) args.push("--allow-root");
      const log = fs.openSync(s.logPath, "w");
      // its own process group: stopping it stops the kernels it started too
      s.proc = spawn(JUPYTER, args, { cwd: dir, env, stdio: ["ignore", log, log], detached: true });
      fs.closeSync(log);
      s.exited = null;
      s.proc.on("exit", (code, sig) => { s.exited = sig || String(code); });
      s.base = `http://127.0.0.1:${s.port}`;
      const deadline = Date.now() + 60000;
      while (Date.now() < deadline && s.exited === null) {
        try {
          const r = await fetch(`${s.base}/api/status`, { headers: { Authorization: `token ${s.token}` } });
          if (r.ok) return s;
        } catch { /* not listening yet */ }
        await sleep(200);
      }
      await s.stop();
      if (attempt >= 3) throw new Error(`jupyter-notebook did not start (3 attempts); its log:\n${s.logTail()}`);
    }
  }

  logTail() {
    try {
      return fs.readFileSync(this.logPath, "utf8").split(this.token).join("<token>").split("\n").slice(-15).join("\n");
    } catch { return "(no log)"; }
  }

  // ends the kernel sessions the page opened (a closed page leaves its kernel running)
  async deleteSessions() {
    const h = { Authorization: `token ${this.token}` };
    try {
      const sessions = await (await fetch(`${this.base}/api/sessions`, { headers: h })).json();
      for (const s of sessions) await fetch(`${this.base}/api/sessions/${s.id}`, { method: "DELETE", headers: h });
    } catch { /* the server is going away anyway */ }
  }

  async stop() {
    if (!this.proc || this.exited !== null) return;
    try { process.kill(-this.proc.pid, "SIGTERM"); } catch { return; }
    for (let i = 0; i < 50 && this.exited === null; i++) await sleep(100);
    if (this.exited === null) { try { process.kill(-this.proc.pid, "SIGKILL"); } catch { /* gone */ } }
  }
}

// --- in the page (classic notebook UI, notebook 6) -----------------------------------------------
// A dialog the notebook UI opened (kernel not found, failed to start, died): the run cannot go on.
const DIALOG = `(() => {
  const m = document.querySelector(".modal.in");
  if (!m) return null;
  const t = (sel) => { const e = m.querySelector(sel); return e ? e.innerText.trim().split("\\n")[0] : ""; };
  return "the page shows the dialog \\"" + t(".modal-title") + "\\": " + t(".modal-body");
})()`;

// Waits for FN (page code returning true when done), failing at once when a dialog opens.
async function waitInPage(page, fn, timeoutMs, what) {
  const handle = await page.waitForFunction(`${DIALOG} || ((${fn})() && "done")`, null, { timeout: timeoutMs, polling: 200 })
    .catch((e) => {
      const first = String(e.message).split("\n")[0];
      throw new Error(e.name === "TimeoutError" ? `${what}: not done after ${Math.round(timeoutMs / 1000)} s` : `${what}: ${first}`);
    });
  const state = await handle.jsonValue();
  if (state !== "done") throw new Error(`${what}: ${state}`);
}

// Runs all cells and resolves once every code cell with code has had its 'finished_execute.CodeCell'
// (the kernel's idle for that request: every output has arrived).
async function runAllCells(page, timeoutMs) {
  const t0 = Date.now();
  await waitInPage(page, `() => {
    const nb = window.Jupyter && window.Jupyter.notebook;
    return nb && nb._fully_loaded && nb.kernel && nb.kernel.is_connected() && nb.kernel.info_reply
      && nb.kernel.info_reply.protocol_version;
  }`, timeoutMs, "waiting for the kernel");
  await page.evaluate(() => {
    const nb = window.Jupyter.notebook;
    window.__nflabFinished = new Set();
    nb.events.on("finished_execute.CodeCell", (_e, d) => window.__nflabFinished.add(d.cell.cell_id));
    nb.execute_all_cells();
  });
  await waitInPage(page, `() => {
    const nb = window.Jupyter.notebook;
    const todo = nb.get_cells().filter((c) => c.cell_type === "code" && c.get_text().trim() !== "");
    return todo.every((c) => window.__nflabFinished.has(c.cell_id)) && !nb.kernel_busy;
  }`, Math.max(1000, timeoutMs - (Date.now() - t0)), "running all cells");
}

// What the page shows, cell by cell: errors, stderr, unrendered output, pictures.
function inspectPage(page) {
  return page.evaluate(() => {
    const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
    const cells = [];
    window.Jupyter.notebook.get_cells().forEach((cell, index) => {
      if (cell.cell_type !== "code") return;
      const el = cell.element[0];
      const text = (sel) => Array.from(el.querySelectorAll(sel)).map((e) => e.innerText.trim()).filter(Boolean);
      const outputs = cell.output_area.outputs || [];
      // SVG the kernel sent (inside text/html, or as image/svg+xml), and the <svg> elements drawn
      const sentSvg = outputs.filter((o) => o.data && ["text/html", "image/svg+xml"].some(
        (m) => typeof o.data[m] === "string" && /<svg\b/i.test(o.data[m]) || Array.isArray(o.data[m]) && /<svg\b/i.test(o.data[m].join(""))));
      const drawn = Array.from(el.querySelectorAll(".output_area svg")).filter((s) => !s.parentElement.closest("svg"));
      cells.push({
        index,
        prompt: cell.input_prompt_number === undefined ? null : cell.input_prompt_number,
        hasCode: cell.get_text().trim() !== "",
        tags: (cell.metadata && cell.metadata.tags) || [],
        errors: text(".output_error"),
        errorOutputs: outputs.filter((o) => o.output_type === "error").map((o) => `${o.ename}: ${o.evalue}`),
        stderr: text(".output_stderr"),
        jsErrors: text(".js-error"),
        sentSvg: sentSvg.length,
        svgDrawn: drawn.length,
        svgVisible: drawn.filter(visible).length,
      });
    });
    return cells;
  });
}

// An exception in stderr text: a Java or Python exception line, or a stack frame.
const EXCEPTION = /\b[\w.$]*(Exception|Error)\b(:|$)|^\s*at [\w.$<>]+\(|Traceback \(most recent call last\)/m;

function check(name, cells, drawsPictureInSource) {
  const failures = [];
  const firstLine = (s) => s.split("\n").find((l) => l.trim() !== "") || s;
  let svg = 0;
  for (const c of cells) {
    const where = `${name} cell ${c.index}${c.prompt ? ` (In [${c.prompt}])` : ""}`;
    const expectError = c.tags.includes("raises-exception");
    svg += c.svgVisible;
    if (c.hasCode && !(typeof c.prompt === "number")) failures.push(`${where}: did not run (its prompt shows no execution count)`);
    const shown = c.errors.length ? c.errors : c.errorOutputs;
    if (expectError) {
      if (!c.errors.length) failures.push(`${where}: tagged raises-exception, but shows no error`);
    } else if (shown.length) {
      failures.push(`${where}: shows an error: ${firstLine(shown[0])}`);
    } else if (c.errorOutputs.length) {
      failures.push(`${where}: the kernel sent an error the page does not show: ${c.errorOutputs[0]}`);
    }
    for (const s of c.stderr) if (EXCEPTION.test(s)) failures.push(`${where}: stderr reports an exception: ${firstLine(s)}`);
    for (const s of c.jsErrors) failures.push(`${where}: the page could not render an output: ${firstLine(s)}`);
    if (c.sentSvg > 0 && c.svgVisible < c.sentSvg) {
      failures.push(`${where}: the kernel sent ${c.sentSvg} SVG picture(s), the page draws ${c.svgVisible} visible <svg> (${c.svgDrawn} in the DOM)`);
    }
  }
  if (drawsPictureInSource && svg === 0) failures.push(`${name}: its code draws a picture (FlowDiagram, ChainDiagram, Topology or Show.svg), but no <svg> is drawn in the page`);
  return { failures, svg };
}

// Notebooks that must fail, each with the failure lines expected (--self-check): derived from the
// committed notebooks, found by what they contain rather than by name.
function selfCheckNotebooks(files, dir) {
  const read = (f) => JSON.parse(fs.readFileSync(f, "utf8"));
  const code = (src) => ({ cell_type: "code", metadata: {}, source: src, outputs: [], execution_count: null });
  const tagged = (c) => ((c.metadata || {}).tags || []).includes("raises-exception");
  const made = [];
  const write = (name, nb, expect) => {
    fs.writeFileSync(path.join(dir, name), JSON.stringify(nb));
    made.push({ name, expect });
  };
  const withTag = files.find((f) => read(f).cells.some(tagged));
  if (withTag) {
    const nb = read(withTag);
    const i = nb.cells.findIndex(tagged);
    nb.cells[i].metadata.tags = nb.cells[i].metadata.tags.filter((t) => t !== "raises-exception");
    write("x1-untagged.ipynb", nb, [new RegExp(`^\\[self-check\\] x1-untagged\\.ipynb cell ${i} \\(In \\[\\d+\\]\\): shows an error: \\S`)]);
  }
  const nb = read(files[0]);
  nb.cells = nb.cells.filter((c) => !tagged(c));
  const n = nb.cells.length;
  nb.cells.push(code('throw new IllegalStateException("nflab self-check");'));
  nb.cells.push(code('System.err.println("java.lang.IllegalArgumentException: nflab self-check");'));
  write("x2-broken.ipynb", nb, [
    new RegExp(`^\\[self-check\\] x2-broken\\.ipynb cell ${n} \\(In \\[\\d+\\]\\): shows an error: java\\.lang\\.IllegalStateException: nflab self-check$`),
    new RegExp(`^\\[self-check\\] x2-broken\\.ipynb cell ${n + 1} \\(In \\[\\d+\\]\\): stderr reports an exception: java\\.lang\\.IllegalArgumentException: nflab self-check$`),
  ]);
  // a notebook whose only picture is built and never shown
  write("x3-undrawn.ipynb", { ...read(files[0]), cells: [code("var picture = dev.nflab.notebook.FlowDiagram.blank();")] },
    [/^\[self-check\] x3-undrawn\.ipynb: its code draws a picture .* but no <svg> is drawn in the page$/]);
  return made;
}

// The notebook UI scrolls inside #site: let the page grow so a full-page screenshot holds every cell.
const FULL_PAGE_CSS = `html, body { height: auto !important; overflow: visible !important; }
#site { height: auto !important; overflow: visible !important; }
#header { position: static !important; }`;

async function screenshot(page, pngPath) {
  await page.addStyleTag({ content: FULL_PAGE_CSS });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: pngPath, fullPage: true, timeout: 60000 });
}

async function runNotebook(browser, server, file, pngPath, timeoutMs) {
  const name = path.basename(file);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e.message || e).split("\n")[0]));
  const t0 = Date.now();
  try {
    await page.goto(`${server.base}/notebooks/${encodeURIComponent(name)}?token=${server.token}`,
      { waitUntil: "load", timeout: timeoutMs });
    await runAllCells(page, Math.max(1000, timeoutMs - (Date.now() - t0)));
    const seconds = (Date.now() - t0) / 1000;
    const cells = await inspectPage(page);
    await screenshot(page, pngPath);
    return { name, seconds, cells, pageErrors };
  } catch (e) {
    // the cell that was running (the first one still marked: all cells queued are), and the page as
    // it was, for whoever reads the failure
    const at = await page.evaluate(() => window.Jupyter.notebook.get_cells()
      .findIndex((c) => c.cell_type === "code" && c.element.hasClass("running"))).catch(() => -1);
    await screenshot(page, pngPath).catch(() => {});
    if (at >= 0) e.message = `cell ${at}: ${e.message}`;
    throw e;
  } finally {
    await context.close();
    await server.deleteSessions();
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.checkUsage) { findNotebooks(opts.notebooks); return; }
  for (const [what, file, how] of [["Chromium", CHROMIUM, "apt-get install chromium"],
    ["jupyter-notebook", JUPYTER, "apt-get install jupyter-notebook"], ["python3", PYTHON, "apt-get install python3"]]) {
    if (!fs.existsSync(file)) usage(`${what} is missing (${file}): run notebooks/browser-test/install.sh as root, or ${how}`);
  }
  let chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch {
    usage("playwright-core is missing: run notebooks/browser-test/install.sh (npm ci in notebooks/browser-test)");
  }
  const files = findNotebooks(opts.notebooks);
  if (files.length === 0) usage(`no notebooks in ${NOTEBOOKS}`);

  // the learner's notebooks are never opened: each run works on a temporary copy
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "nflab-browser-"));
  const runs = [];
  let server = null;
  let browser = null;
  // once, whether the run ends or is interrupted: the server (and so its kernels), the browser, the copy
  let cleaned = null;
  const cleanup = () => cleaned || (cleaned = (async () => {
    if (server) await server.stop();
    if (browser) await browser.close().catch(() => {});
    try { fs.rmSync(work, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }); } catch { /* left in /tmp */ }
  })());
  let interrupted = false;
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(sig, () => {
      if (interrupted) return;
      interrupted = true;
      console.log(`browser test: ${sig}, stopping (server, browser, temporary copy)`);
      cleanup().finally(() => process.exit(130));
    });
  }

  const failures = [];
  const summary = { started: new Date().toISOString(), chromium: null, runs: [] };
  const tAll = Date.now();
  try {
    if (opts.selfCheck) {
      const dir = path.join(work, "self-check");
      fs.mkdirSync(dir);
      const expect = selfCheckNotebooks(files, dir);
      runs.push({ mode: "self-check", label: "notebooks made to fail: each must fail with the lines expected", dir, expect });
    }
    if (opts.answers !== "reference") {
      const dir = path.join(work, "empty");
      fs.mkdirSync(dir);
      for (const f of files) fs.copyFileSync(f, path.join(dir, path.basename(f)));
      runs.push({ mode: "empty", label: "prediction cells as committed, empty", dir });
    }
    if (opts.answers !== "empty") {
      // filled in by run_notebooks.py's own code path, as `./nflab notebooks run --with-answers` fills them
      const dir = path.join(work, "with-answers");
      const r = spawnSync(PYTHON, [RUNNER, "--write-filled", dir, ...files], { encoding: "utf8" });
      if (r.status !== 0) {
        failures.push(...(r.stderr || "").trim().split("\n").filter(Boolean));
        failures.push(`run_notebooks.py --write-filled failed (exit ${r.status}): no notebook run with answers`);
      } else if (fs.existsSync(dir) && fs.readdirSync(dir).length) {
        runs.push({ mode: "with-answers", label: "prediction cells filled in with notebooks/answers/", dir, reference: true });
      }
    }

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // a signal is this script's to handle: it stops the server as well as the browser
      handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
      // playwright gives every launch a new empty profile (--user-data-dir) and removes it on close;
      // without the background-networking flags Chromium keeps trying hosts a closed network refuses
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    summary.chromium = browser.version();
    console.log(`browser test: Chromium ${browser.version()} (${CHROMIUM}), playwright-core, Jupyter notebook UI; screenshots in ${path.relative(process.cwd(), opts.out) || "."}`);

    for (const run of runs) {
      if (interrupted) break;
      const names = fs.readdirSync(run.dir).filter((n) => n.endsWith(".ipynb")).sort();
      const outDir = path.join(opts.out, run.mode);
      fs.rmSync(outDir, { recursive: true, force: true });  // no screenshot of an earlier run stays
      fs.mkdirSync(outDir, { recursive: true });
      const env = { ...process.env, NFLAB_ROOT: ROOT, JUPYTER_RUNTIME_DIR: path.join(work, `runtime-${run.mode}`),
        JUPYTER_CONFIG_DIR: path.join(work, `config-${run.mode}`) };
      if (run.reference) env.NFLAB_REFERENCE_ANSWERS = "1";
      else delete env.NFLAB_REFERENCE_ANSWERS;
      console.log(`[${run.mode}] ${run.label}: ${names.length} notebook(s)`);
      server = await Server.start(run.dir, env, work);
      for (const [i, name] of names.entries()) {
        if (interrupted) break;
        const png = path.join(outDir, name.replace(/\.ipynb$/, ".png"));
        const tag = `[${run.mode} ${i + 1}/${names.length}]`;
        const record = { mode: run.mode, notebook: name, screenshot: path.relative(ROOT, png) };
        try {
          const r = await runNotebook(browser, server, path.join(run.dir, name), png, opts.timeout * 1000);
          const { failures: bad, svg } = check(`[${run.mode}] ${name}`, r.cells, drawsPicture(path.join(run.dir, name)));
          const ran = r.cells.filter((c) => c.hasCode && typeof c.prompt === "number").length;
          const expected = r.cells.filter((c) => c.tags.includes("raises-exception") && c.errors.length).length;
          let status = bad.length ? "FAILED" : "ok";
          let own = bad;
          if (run.expect) {
            // the self-check: every expected line reported, and nothing else
            const want = run.expect.find((x) => x.name === name).expect;
            const missed = want.filter((re) => !bad.some((b) => re.test(b)));
            const extra = bad.filter((b) => !want.some((re) => re.test(b)));
            own = [...missed.map((re) => `[self-check] ${name}: the checks did not report /${re.source}/`),
              ...extra.map((b) => `[self-check] not expected: ${b}`)];
            status = own.length ? "FAILED" : "caught";
          }
          Object.assign(record, { status: own.length ? "failed" : "ok", seconds: r.seconds, cells_run: ran, svg,
            expected_errors: expected, page_errors: r.pageErrors, failures: bad });
          console.log(`${tag} ${name.padEnd(30)} ${status.padEnd(6)} ${r.seconds.toFixed(1).padStart(5)}s  ` +
            `${ran} cells run, ${svg} svg${expected ? `, ${expected} expected error(s)` : ""}  -> ${path.relative(process.cwd(), png)}`);
          if (run.expect) for (const b of bad) console.log(`    reported: ${b}`);
          failures.push(...own);
        } catch (e) {
          if (interrupted) break;
          const why = String(e.message || e).split("\n")[0];
          Object.assign(record, { status: "failed", failures: [why] });
          console.log(`${tag} ${name.padEnd(30)} FAILED ${why}${fs.existsSync(png) ? `  -> ${path.relative(process.cwd(), png)}` : ""}`);
          failures.push(`[${run.mode}] ${name}: ${why}${server.exited !== null ? `; jupyter-notebook exited:\n${server.logTail()}` : ""}`);
          if (server.exited !== null) break;
        }
        summary.runs.push(record);
      }
      await server.stop();
      server = null;
    }
  } finally {
    await cleanup();
  }
  summary.seconds = (Date.now() - tAll) / 1000;
  summary.failures = failures;
  fs.mkdirSync(opts.out, { recursive: true });
  fs.writeFileSync(path.join(opts.out, "browser-summary.json"), JSON.stringify(summary, null, 1) + "\n");
  const done = summary.runs.length;
  const ok = summary.runs.filter((r) => r.status === "ok").length;
  if (failures.length) {
    console.log(`browser test: ${failures.length} failure(s):`);
    for (const f of failures) console.log(`  ${f}`);
  }
  console.log(`browser test: ${ok} passed, ${done - ok} failed (notebook runs), ${summary.seconds.toFixed(1)} s`);
  process.exit(failures.length ? 1 : 0);
}

main().catch((e) => {
  console.error(`nflab notebooks browser: ${String(e && e.message || e).split("\n")[0]}`);
  process.exit(1);
});
