// The search page. Three views, chosen by the path: `/` (search, its state in
// the query string: q, project, year, program, offset), `/idea/ID` and
// `/similar/ID`. Everything shown comes from the JSON API
// (schema/openapi.json); nothing is fetched from another origin.
"use strict";

const DIMS = ["program", "project", "year"];
const LEGEND = { program: "Program", project: "Project", year: "Year" };
const PROGRAM = { lfx: "LFX Mentorship", gsoc: "Google Summer of Code" };
const PAGE = 20;
const MAX_OFFSET = 10000; // the API's deepest page start
const SHOWN_VALUES = 12; // values per facet before "show all"

const $ = (sel) => document.querySelector(sel);

/** A facet value as the API compares it: case, spaces and punctuation ignored. */
const key = (v) => v.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

/** An element with attributes (`on*` are listeners) and children. */
function el(tag, attrs = {}, ...kids) {
  const e = document.createElementNS(
    tag === "svg" || attrs.svg ? "http://www.w3.org/2000/svg" : "http://www.w3.org/1999/xhtml", tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "svg" || v == null || v === false) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k === "className" ? "class" : k, v === true ? "" : v);
  }
  for (const k of kids.flat()) if (k != null) e.append(k);
  return e;
}

/** `/idea/ID`: ids hold slashes, so each segment is encoded on its own. */
const idPath = (id) => id.split("/").map(encodeURIComponent).join("/");

async function getJson(url, signal) {
  const r = await fetch(url, { signal });
  const text = await r.text();
  let body = null;
  try { body = JSON.parse(text); } catch { /* not JSON: a proxy's page, say */ }
  if (!r.ok || body === null) {
    const e = new Error(body && body.error ? body.error.message : `${r.status} ${r.statusText}: ${text.slice(0, 200)}`);
    e.status = r.status;
    throw e;
  }
  return body;
}

function showError(message) {
  const e = $("#error");
  e.hidden = !message;
  e.textContent = message || "";
}

/** A quiet one-line note under the summary (`null` hides it). */
function showNote(message) {
  const n = $("#note");
  n.hidden = !message;
  n.textContent = message || "";
  n.title = message || "";
}

/** A 400 the query's text caused while being typed (an open quote, a
 * `word:` that is no field): not worth an error box. Limits stay errors. */
const unfinished = (e) => e.status === 400 && /^(query syntax error|unknown field)/.test(e.message);

/** `text` with each of `ranges` ([start, end) UTF-8 byte offsets, as the
 * API gives them, in order) wrapped by `wrap(range, its text)`. */
function spans(text, ranges, wrap) {
  const bytes = new TextEncoder().encode(text);
  const part = (a, b) => new TextDecoder().decode(bytes.subarray(a, b));
  const out = [];
  let at = 0;
  for (const r of ranges) {
    const [a, b] = r.start === undefined ? r : [r.start, r.end];
    if (a < at || b > bytes.length) continue;
    out.push(part(at, a), wrap(r, part(a, b)));
    at = b;
  }
  out.push(part(at, bytes.length));
  return out;
}

/** A snippet's text with its matched words as <mark>. */
const marked = (snippet) => spans(snippet.text, snippet.highlights, (_, t) => el("mark", {}, t))
  // One line, as the CLI prints it: list items after ` · `, not `- `.
  .map((p) => (typeof p === "string" ? p.replace(/\n\s*- /g, " · ").replace(/\s*\n\s*/g, " ") : p));

/** A description or outcome with its links (`idea.links`) as <a>. Lines
 * starting with `- ` (two spaces before it per level below the first, as
 * ingest renders markdown lists) are nested <ul>; other lines are <p>. */
function linked(idea, field) {
  const links = (idea.links || []).filter((l) => l.field === field && /^https?:\/\//.test(l.url));
  const bytes = new TextEncoder().encode(idea[field]);
  const out = el("div", { className: "text" });
  const lists = []; // open <ul>s, one per level
  let para = null;
  let at = 0;
  for (const line of idea[field].split("\n")) {
    const len = new TextEncoder().encode(line).length;
    const m = line.match(/^((?:  )*)- /);
    const skip = m ? m[0].length : 0; // ASCII: bytes = chars
    const from = at + skip, to = at + len;
    // Each line's links, shifted to the line's own text.
    const own = links.filter((l) => l.start >= from && l.end <= to)
      .map((l) => ({ ...l, start: l.start - from, end: l.end - from }));
    const body = spans(new TextDecoder().decode(bytes.subarray(from, to)), own,
      (l, t) => el("a", { href: l.url, rel: "nofollow" }, t));
    at = to + 1;
    if (m) {
      const depth = m[1].length / 2 + 1;
      while (lists.length > depth) lists.pop();
      while (lists.length < depth) {
        const ul = el("ul");
        const parent = lists.length ? lists[lists.length - 1].lastElementChild || lists[lists.length - 1] : out;
        parent.append(ul);
        lists.push(ul);
      }
      lists[lists.length - 1].append(el("li", {}, body));
      para = null;
    } else {
      lists.length = 0;
      if (!line.trim()) { para = null; continue; }
      if (para) para.append("\n", ...body);
      else out.append(para = el("p", {}, body));
    }
  }
  return out;
}

/** The query's words, lower case, without syntax (`field:`, quotes,
 * operators, `-excluded`): what the page compares skills to. */
function queryWords(q) {
  return q.split(/\s+/).filter((w) => !w.startsWith("-"))
    .flatMap((w) => w.replace(/^\w+:/, "").toLowerCase().split(/[^\p{L}\p{N}+#]+/u))
    .filter((w) => w && !["and", "or", "not"].includes(w));
}

/** Whether `skill` has one of `words`: a word of it equal to one, or
 * starting with one (or it with the word) when both have 4 letters or more,
 * so `operator` finds "Kubernetes Operators". The API marks no skills. */
function skillMatches(skill, words) {
  const own = skill.toLowerCase().split(/[^\p{L}\p{N}+#]+/u).filter(Boolean);
  return own.some((s) => words.some((w) => s === w
    || (w.length >= 4 && s.length >= 4 && (s.startsWith(w) || w.startsWith(s)))));
}

/** The idea's facts; skills with one of `words` (the query's) as <mark>. */
function meta(idea, words = []) {
  const when = idea.program === "lfx" && idea.term
    ? `LFX ${idea.year} term ${idea.term}` : `${idea.program === "gsoc" ? "GSoC" : "LFX"} ${idea.year}`;
  const skills = idea.skills.flatMap((s, i) =>
    [i ? ", " : null, skillMatches(s, words) ? el("mark", {}, s) : s]);
  return el("p", { className: "meta" },
    el("span", { className: "project" }, idea.project), " · ", when,
    idea.skills.length ? " · " : null,
    idea.skills.length ? el("span", { className: "skills" }, skills) : null);
}

/** One hit of a list: title linking to the idea's page, facts, text, and a similar link. */
function hitItem(idea, body, words) {
  return el("li", { className: "hit" },
    el("h2", {}, el("a", { className: "title", href: "/idea/" + idPath(idea.id) }, idea.title)),
    meta(idea, words),
    el("p", { className: "snippet" }, body),
    el("p", { className: "actions" },
      el("a", { className: "similar", href: "/similar/" + idPath(idea.id) }, "Similar ideas")));
}

// ---- search view ----------------------------------------------------------

function readState() {
  const p = new URLSearchParams(location.search);
  const offset = Math.floor(Number(p.get("offset")) || 0);
  const s = { q: p.get("q") || "", offset: Math.min(MAX_OFFSET, Math.max(0, offset)) };
  // One value per parameter: project names may hold commas.
  for (const d of DIMS) s[d] = [...new Set(p.getAll(d).map((v) => v.trim()).filter(Boolean))];
  return s;
}

function stateUrl(s) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const d of DIMS) for (const v of s[d]) p.append(d, v);
  if (s.offset) p.set("offset", s.offset);
  const qs = p.toString();
  return "/" + (qs ? "?" + qs : "");
}

/** The API's parameters for `s`, leaving out one dimension's own filter:
 * a facet counts what ticking each of its values would give (OR within it). */
function apiParams(s, without) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  if (without !== "project") for (const v of s.project) p.append("project", v);
  if (without !== "year") for (const v of s.year) p.append("year", v);
  // Both programs ticked is every idea: no filter.
  if (without !== "program" && s.program.length === 1) p.set("program", s.program[0]);
  return p;
}

let state = readState();
let inflight = null;
let pageTurned = false; // set by the pager: scroll to the new page's top
let allYears = null; // every year in the index, ascending (from /api/stats)

async function search() {
  if (inflight) inflight.abort();
  inflight = new AbortController();
  const signal = inflight.signal;
  const sp = apiParams(state);
  sp.set("limit", PAGE);
  if (state.offset) sp.set("offset", state.offset);
  document.title = state.q ? `${state.q} · ideas` : "ideas: mentorship project ideas";
  try {
    if (!allYears) {
      const stats = await getJson("/api/stats", signal);
      allYears = [...new Set(stats.by_program.flatMap((p) => p.years.map((y) => +y.value)))].sort();
    }
    const [res, ...counts] = await Promise.all([
      getJson("/api/search?" + sp, signal),
      ...DIMS.map((d) => {
        const p = apiParams(state, d);
        p.set("by", d);
        p.set("match", "any"); // the ideas the search ranks, not only those with every word
        return getJson("/api/facets?" + p, signal);
      }),
    ]);
    // Values are compared and shown as text: a year comes as a number.
    for (const c of counts.flat()) c.value = String(c.value);
    // What each ticked dimension left out: the API's `relaxed_filters`
    // (one entry per filter, its values as one; present when ticked
    // filters leave nothing).
    res.without = (res.relaxed_filters || [])
      .filter((r) => DIMS.includes(r.filter))
      .map((r) => ({ dim: r.filter, values: state[r.filter], total: r.total }));
    showError(null);
    showNote(res.note || null);
    renderFacets(Object.fromEntries(DIMS.map((d, i) => [d, counts[i]])));
    renderResults(res, counts[DIMS.indexOf("year")]);
    if (pageTurned) {
      // A new page starts at its top, with the focus there for the keyboard.
      pageTurned = false;
      scrollTo(0, 0);
      $("#results").focus({ preventScroll: true });
    }
    document.body.dataset.rendered = String(Number(document.body.dataset.rendered || 0) + 1);
  } catch (e) {
    if (e.name === "AbortError") return;
    if (unfinished(e)) {
      // Half-typed (`"rust`, `Harbor Satellite: Q&A`): the last results stay.
      showError(null);
      showNote(`Not searched yet: ${e.message.replace(/\\(["\\])/g, "$1")}`);
      document.body.dataset.rendered = String(Number(document.body.dataset.rendered || 0) + 1);
    } else {
      showError(e.message);
    }
  }
}

/** Every ticked filter, `[dim, value]`. */
const ticked = () => DIMS.flatMap((d) => state[d].map((v) => [d, v]));

const shownValue = (d, v) => (d === "program" ? PROGRAM[v] || v : v);

/** The state without the filters `drop` (`[dim, value]`; value `null`: all of the dim's). */
function without(drop) {
  const s = { ...state, offset: 0 };
  for (const d of DIMS) {
    s[d] = state[d].filter((v) => !drop.some(([dd, vv]) => dd === d && (vv == null || key(vv) === key(v))));
  }
  return s;
}

/** A link to `s` that goes there in place (no reload). */
function stateLink(s, attrs, ...kids) {
  return el("a", {
    href: stateUrl(s), ...attrs,
    onclick: (ev) => {
      ev.preventDefault();
      state = s;
      $("#q").value = s.q;
      go(true);
    },
  }, ...kids);
}

/** A `without` entry's filter as `[[dim, value], ...]` to drop and its
 * words (`year 2019 or 2017`). */
function relaxedFilter({ dim, values }) {
  const drop = values.map((v) => [dim, v]);
  const words = values.map((v) => shownValue(dim, v)).join(" or ");
  return { drop, words: `${LEGEND[dim].toLowerCase()} ${words}` };
}

/** The active filters as buttons that remove them. */
function chips() {
  const all = ticked();
  if (!all.length) return null;
  const remove = (drop) => () => {
    state = without(drop);
    $("#results").focus({ preventScroll: true });
    go(true);
  };
  return el("ul", { className: "chips", "aria-label": "Active filters" },
    all.map(([d, v]) => el("li", {}, el("button", {
      type: "button", className: "chip", "data-chip": `${d}:${v}`,
      "aria-label": `Remove filter ${LEGEND[d]}: ${shownValue(d, v)}`, onclick: remove([[d, v]]),
    }, `${LEGEND[d]}: ${shownValue(d, v)}`, el("span", { "aria-hidden": "true" }, " ×")))),
    all.length > 1
      ? el("li", {}, el("button", { type: "button", className: "clear", onclick: remove(DIMS.map((d) => [d, null])) }, "Clear all"))
      : null);
}

/** Nothing found: the API's "did you mean" as a link that searches it, and
 * when filters are ticked, what dropping each would give. */
function noResults(res) {
  const all = ticked();
  const parts = [];
  if (res.suggestion) {
    parts.push(el("p", { className: "suggestion" }, "Did you mean ",
      stateLink({ ...state, q: res.suggestion, offset: 0 }, {}, res.suggestion), "?"));
  }
  if (all.length) {
    const ways = (res.without || []).flatMap((r) => {
      const f = relaxedFilter(r);
      const n = `${r.total} idea${r.total === 1 ? "" : "s"}`;
      return [el("li", {}, r.total > 0
        ? stateLink(without(f.drop), {}, `without ${f.words}: ${n}`)
        : `without ${f.words}: none either`)];
    });
    parts.push(el("p", {}, all.length === 1
      ? "The ticked filter leaves nothing."
      : `With the ${all.length} ticked filters nothing is left.`));
    if (ways.length) parts.push(el("ul", { className: "relaxed" }, ways));
    parts.push(el("p", {}, stateLink(without(DIMS.map((d) => [d, null])), { className: "clear" },
      all.length === 1 ? "Clear the filter" : "Clear all filters")));
  } else if (!res.suggestion && state.q) {
    parts.push(el("p", {}, "Try other or fewer words."));
  }
  return el("div", { id: "none" }, parts);
}

function go(push) {
  const url = stateUrl(state);
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
  search();
}

function renderFacets(counts) {
  const aside = $("#facets");
  const focused = document.activeElement && document.activeElement.dataset;
  const keep = focused && focused.dim ? [focused.dim, focused.value] : null;
  const open = new Set([...aside.querySelectorAll("fieldset.all")].map((f) => f.dataset.dim));
  const filters = DIMS.map((d) => {
    // A URL may spell a value otherwise (project=wasmedge): it ticks the value.
    state[d] = state[d].map((v) => (counts[d].find((c) => key(c.value) === key(v)) || { value: v }).value);
    const ticked = new Set(state[d]);
    const values = counts[d].filter((c) => c.count > 0 || ticked.has(c.value));
    for (const v of ticked) if (!values.some((c) => c.value === v)) values.push({ value: v, count: 0 });
    if (d === "year") values.sort((a, b) => b.value - a.value);
    // Ticked values are never folded away.
    const boxes = values.map((c, i) => el("label", { className: i >= SHOWN_VALUES && !ticked.has(c.value) ? "extra" : null },
      el("input", {
        type: "checkbox", "data-dim": d, "data-value": c.value, value: c.value,
        checked: ticked.has(c.value),
        onchange: (ev) => {
          state[d] = ev.target.checked ? [...state[d], c.value] : state[d].filter((v) => v !== c.value);
          state.offset = 0;
          go(true);
        },
      }),
      el("span", { className: "value" }, d === "program" ? PROGRAM[c.value] || c.value : c.value),
      el("span", { className: "count" }, String(c.count))));
    const more = values.length > SHOWN_VALUES
      ? el("button", {
        type: "button", className: "more", "aria-expanded": String(open.has(d)),
        onclick: (ev) => {
          const all = ev.target.closest("fieldset").classList.toggle("all");
          ev.target.setAttribute("aria-expanded", String(all));
          ev.target.textContent = all ? "fewer" : `all ${values.length}`;
        },
      }, open.has(d) ? "fewer" : `all ${values.length}`)
      : null;
    // A dimension with nothing to tick has no heading either.
    return values.length ? el("fieldset", { "data-dim": d, className: open.has(d) ? "all" : null },
      el("legend", {}, LEGEND[d]), boxes, more) : null;
  }).filter(Boolean);
  // Open beside the hits on a wide screen; folded above them on a phone.
  const wasOpen = aside.querySelector("details");
  const ticked = DIMS.reduce((n, d) => n + state[d].length, 0);
  aside.replaceChildren(el("details", {
    open: wasOpen ? wasOpen.open : matchMedia("(min-width: 760px)").matches,
  }, el("summary", {}, ticked ? `Filters (${ticked} ticked)` : "Filters"), filters));
  aside.hidden = !filters.length;
  document.querySelector("main").classList.toggle("bare", !filters.length);
  if (keep) {
    const again = [...aside.querySelectorAll("input")].find(
      (i) => i.dataset.dim === keep[0] && i.dataset.value === keep[1]);
    if (again) again.focus();
  }
}

/** Bars of ideas per year for the query and the other filters; ticked years stand out. */
function chart(yearCounts) {
  const by = new Map(yearCounts.map((c) => [+c.value, c.count]));
  const years = [...new Set([...allYears, ...by.keys()])].sort();
  const max = Math.max(1, ...by.values());
  const w = 44, h = 90, top = 16, foot = 18;
  const svg = el("svg", {
    svg: true, viewBox: `0 0 ${years.length * w} ${h + top + foot}`, role: "img",
    width: years.length * w, height: h + top + foot,
    "aria-label": "Ideas per year: " + years.map((y) => `${y}: ${by.get(y) || 0}`).join(", "),
  });
  years.forEach((y, i) => {
    const n = by.get(y) || 0;
    const bh = Math.round((n / max) * h);
    const x = i * w;
    svg.append(el("g", { svg: true, className: state.year.includes(String(y)) ? "bar on" : "bar" },
      el("title", { svg: true }, `${y}: ${n} ideas`),
      el("rect", { svg: true, x: x + 6, y: top + h - bh, width: w - 12, height: Math.max(bh, n ? 1 : 0) }),
      el("text", { svg: true, x: x + w / 2, y: top + h - bh - 4, "text-anchor": "middle" }, String(n)),
      el("text", { svg: true, x: x + w / 2, y: top + h + 14, "text-anchor": "middle", className: "year" }, String(y))));
  });
  return el("figure", { id: "chart" }, svg, el("figcaption", {}, "Ideas per year"));
}

function renderResults(res, yearCounts) {
  const view = $("#view");
  const first = res.offset + 1, last = res.offset + res.hits.length;
  const what = state.q ? ` for “${state.q}”` : "";
  const page = res.hits.length ? ` (showing ${first}–${last})` : ` (none from ${first}: go back a page)`;
  // A live region that stays in the page, so screen readers read it out.
  $("#summary").textContent = res.total === 0
    ? `No ideas${what}.`
    : `${res.total} idea${res.total === 1 ? "" : "s"}${what}` +
      (res.every_word < res.total ? `, ${res.every_word} with every word` : "") +
      (res.hits.length < res.total ? page : "") + ".";
  const turn = (offset) => () => {
    state.offset = offset;
    pageTurned = true;
    go(true);
  };
  const pager = el("nav", { className: "pager", "aria-label": "Pages" },
    res.offset > 0 ? el("button", { type: "button", onclick: turn(Math.max(0, res.offset - PAGE)) }, "← Previous") : null,
    last < res.total && res.offset + PAGE <= MAX_OFFSET
      ? el("button", { type: "button", onclick: turn(res.offset + PAGE) }, "Next →") : null);
  const words = queryWords(state.q);
  view.replaceChildren(...[
    chips(),
    res.total ? chart(yearCounts) : null,
    res.total ? el("ol", { id: "hits", start: first },
      res.hits.map((h) => hitItem(h.idea, snippet(h), words))) : noResults(res),
    res.total ? pager : null,
  ].filter(Boolean));
}

/** A hit's snippet with `…` only on a side where its text was cut: the
 * snippet is a piece of the description or the outcome. */
function snippet(h) {
  const t = h.snippet.text.trim();
  let before = true, after = true;
  for (const whole of [h.idea.description, h.idea.outcome]) {
    const at = whole ? whole.indexOf(t) : -1;
    if (at >= 0) {
      before = whole.slice(0, at).trim() !== "";
      after = whole.slice(at + t.length).trim() !== "";
      break;
    }
  }
  return [before ? "… " : null, ...marked(h.snippet), after ? " …" : null];
}

// ---- idea and similar views -----------------------------------------------

function section(title, ...body) {
  return el("section", {}, el("h2", {}, title), ...body);
}

/** `s` cut to `n` characters (code points: an emoji is never split). */
function cut(s, n) {
  const chars = Array.from(s);
  return chars.length > n ? chars.slice(0, n).join("") + " …" : s;
}

function similarList(hits) {
  return el("ol", { id: "hits" }, hits.map((h) => hitItem(h.idea, [
    cut(h.idea.description, 240),
    h.matched.length ? el("span", { className: "shared" }, "Shared words: " + h.matched.slice(0, 8).join(", ")) : null,
  ])));
}

async function ideaView(id, similarOnly) {
  const [idea, like] = await Promise.all([
    getJson("/api/ideas/" + idPath(id)),
    getJson(`/api/similar/${idPath(id)}?limit=${similarOnly ? PAGE : 5}`),
  ]);
  document.title = `${similarOnly ? "Like: " : ""}${idea.title} · ideas`;
  document.querySelector("main").classList.add("single");
  const view = $("#view");
  if (similarOnly) {
    view.replaceChildren(
      el("h1", {}, "Ideas like ", el("a", { href: "/idea/" + idPath(idea.id) }, idea.title)),
      meta(idea),
      like.length ? similarList(like) : el("p", {}, "No similar ideas."));
  } else {
    const src = idea.sources[0];
    view.replaceChildren(el("article", { className: "idea" },
      el("h1", {}, idea.title), meta(idea),
      section("Description", linked(idea, "description")),
      idea.outcome ? section("Expected outcome", linked(idea, "outcome")) : null,
      idea.mentors.length ? section("Mentors", el("ul", {}, idea.mentors.map((m) => el("li", {}, m)))) : null,
      idea.upstream_issues.length ? section("Upstream issues",
        el("ul", {}, idea.upstream_issues.map((u) => el("li", {}, el("a", { href: u }, u))))) : null,
      // The path as indexed; linked to its line upstream when the corpus
      // was fetched from GitHub (`ideas update`), else shown only.
      el("p", { className: "source" }, "From ",
        src.url ? el("a", { href: src.url }, el("code", {}, `${src.path}:${src.line}`))
          : el("code", {}, `${src.path}:${src.line}`),
        idea.lfx_url ? [" · ", el("a", { href: idea.lfx_url }, "LFX project page")] : null),
      section("Similar ideas", like.length ? similarList(like) : el("p", {}, "None."),
        el("p", {}, el("a", { className: "similar", href: "/similar/" + idPath(idea.id) }, "More similar ideas")))));
  }
  document.body.dataset.rendered = "1";
}

// ---- keys and start ---------------------------------------------------------

function hitLinks() {
  return [...document.querySelectorAll("#hits a.title")];
}

document.addEventListener("keydown", (ev) => {
  const q = $("#q");
  const typing = ev.target.matches("input[type=search], input[type=text], textarea");
  if (ev.key === "/" && !typing) {
    ev.preventDefault();
    q.focus();
    q.select();
  } else if (ev.key === "Escape" && ev.target === q) {
    q.value = "";
    q.dispatchEvent(new Event("input"));
  } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
    const links = hitLinks();
    const at = links.indexOf(ev.target);
    if (ev.target === q && ev.key === "ArrowDown" && links.length) {
      ev.preventDefault();
      links[0].focus();
    } else if (at >= 0) {
      ev.preventDefault();
      const next = at + (ev.key === "ArrowDown" ? 1 : -1);
      (next < 0 ? q : links[Math.min(next, links.length - 1)]).focus();
    }
  }
});

function start() {
  const q = $("#q");
  const path = decodeURIComponent(location.pathname);
  const m = path.match(/^\/(idea|similar)\/(.+)$/);
  if (m) {
    ideaView(m[2], m[1] === "similar").catch((e) => showError(e.message));
    return;
  }
  q.value = state.q;
  let timer = null;
  q.addEventListener("input", () => {
    state.q = q.value;
    state.offset = 0;
    clearTimeout(timer);
    timer = setTimeout(() => go(false), 80);
  });
  $("#search").addEventListener("submit", (ev) => {
    ev.preventDefault();
    clearTimeout(timer);
    go(stateUrl(state) !== location.pathname + location.search);
  });
  addEventListener("popstate", () => {
    state = readState();
    q.value = state.q;
    search();
  });
  matchMedia("(min-width: 760px)").addEventListener("change", (m) => {
    const details = $("#facets details");
    if (m.matches && details) details.open = true;
  });
  q.focus();
  search();
}

start();
