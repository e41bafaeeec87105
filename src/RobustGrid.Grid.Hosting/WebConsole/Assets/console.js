// RobustGrid console: live blocks over server-sent events, sortable and filterable tables, the sweep buttons and the
// launch form. Pages are rendered on the silo; this only updates them.
"use strict";

const consoleHeader = { "X-RobustGrid-Console": "1" };
const sortState = new Map(); // table id -> { column, descending }
const filterState = new Map(); // table id -> text

function cellValue(row, column) {
  const text = row.cells[column]?.textContent.trim() ?? "";
  const number = Number.parseFloat(text);
  return Number.isNaN(number) || !/^[-+]?[\d.]/.test(text) ? text : number;
}

function sortTable(table) {
  const state = sortState.get(table.id);
  if (!state) return;
  const body = table.tBodies[0];
  const rows = [...body.rows];
  rows.sort((a, b) => {
    const x = cellValue(a, state.column), y = cellValue(b, state.column);
    const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
    return state.descending ? -order : order;
  });
  body.append(...rows);
  for (const [i, th] of [...table.tHead.rows[0].cells].entries()) {
    th.setAttribute("aria-sort", i === state.column ? (state.descending ? "descending" : "ascending") : "none");
  }
}

function filterTable(table) {
  const text = (filterState.get(table.id) ?? "").toLowerCase();
  for (const row of table.tBodies[0].rows) row.hidden = text !== "" && !row.textContent.toLowerCase().includes(text);
}

function wire(root) {
  for (const table of root.querySelectorAll("table.sortable[id]")) {
    for (const [i, th] of [...table.tHead.rows[0].cells].entries()) {
      th.tabIndex = 0;
      th.addEventListener("click", () => {
        const state = sortState.get(table.id);
        sortState.set(table.id, { column: i, descending: state?.column === i ? !state.descending : false });
        sortTable(table);
      });
    }
    sortTable(table);
    filterTable(table);
  }
  for (const input of root.querySelectorAll("input[data-filter]")) {
    input.value = filterState.get(input.dataset.filter) ?? "";
    input.addEventListener("input", () => {
      filterState.set(input.dataset.filter, input.value);
      const table = document.getElementById(input.dataset.filter);
      if (table) filterTable(table);
    });
  }
}

function live(block) {
  const source = new EventSource(block.dataset.live);
  source.addEventListener("update", event => {
    block.innerHTML = event.data;
    wire(block);
  });
  source.addEventListener("done", () => {
    source.close();
    block.dataset.final = "true";
  });
}

async function send(url, body) {
  const response = await fetch(url, { method: "POST", headers: consoleHeader, body, credentials: "same-origin" });
  let answer = {};
  try { answer = await response.json(); } catch { /* an empty or non-JSON answer */ }
  return { ok: response.ok, status: response.status, answer };
}

function wireActions() {
  for (const button of document.querySelectorAll("button[data-action]")) {
    button.addEventListener("click", async () => {
      const output = button.parentElement.querySelector(".action-result");
      const { ok, answer } = await send(button.dataset.action);
      output.textContent = ok ? `${button.textContent}: the sweep is ${answer.outcome ?? answer.state}`
        : answer.error ?? "refused";
      output.className = ok ? "action-result ok" : "action-result error";
    });
  }
}

function showErrors(target, errors, heading) {
  target.replaceChildren();
  const title = document.createElement("p");
  title.textContent = heading;
  target.append(title);
  const list = document.createElement("ul");
  list.className = "spec-errors";
  for (const error of errors) {
    const item = document.createElement("li");
    const split = error.indexOf(": ");
    const path = document.createElement("code");
    path.textContent = split > 0 ? error.slice(0, split) : "(spec)";
    item.append(path, " ", split > 0 ? error.slice(split + 2) : error);
    list.append(item);
  }
  target.append(list);
  target.className = "error";
}

function wireLaunch(form) {
  const spec = form.querySelector("#spec");
  const result = form.querySelector("#spec-result");
  form.querySelector("#spec-file").addEventListener("change", async event => {
    const file = event.target.files[0];
    if (file) spec.value = await file.text();
  });
  const check = async () => {
    const { ok, answer } = await send(form.dataset.validate, spec.value);
    const errors = answer.errors ?? [answer.error ?? "the check was refused"];
    if (ok && errors.length === 0) {
      result.textContent = "The spec is valid.";
      result.className = "ok";
      return true;
    }
    showErrors(result, errors, "The spec has errors:");
    return false;
  };
  form.querySelector("#check").addEventListener("click", check);
  form.addEventListener("submit", async event => {
    event.preventDefault();
    if (!await check()) return;
    const { ok, answer } = await send(form.dataset.launch, spec.value);
    if (ok && answer.sweepId) {
      window.location.href = `/console/sweeps/${encodeURIComponent(answer.sweepId)}`;
      return;
    }
    showErrors(result, answer.errors ?? [answer.error ?? "the launch was refused"], "The launch was refused:");
  });
}

// A preview the silo cannot draw (its dataset is not installed) is replaced by the silo's reason.
function wirePreviews() {
  for (const image of document.querySelectorAll("img.preview")) {
    const explain = async () => {
      const answer = await fetch(image.src, { credentials: "same-origin" });
      const page = new DOMParser().parseFromString(await answer.text(), "text/html");
      const reason = document.createElement("p");
      reason.className = "empty";
      reason.textContent = `No preview: ${page.querySelector(".error")?.textContent ?? answer.statusText}`;
      image.replaceWith(reason);
    };
    if (image.complete && image.naturalWidth === 0 && image.getAttribute("src")) explain();
    else image.addEventListener("error", explain);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  wirePreviews();
  wire(document);
  wireActions();
  // After the load event: a stream opened before it would keep the page loading for as long as it lasts.
  const startLive = () => { for (const block of document.querySelectorAll("[data-live]")) live(block); };
  if (document.readyState === "complete") startLive(); else window.addEventListener("load", startLive);
  const launch = document.getElementById("launch");
  if (launch) wireLaunch(launch);
});
