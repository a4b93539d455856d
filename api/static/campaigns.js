// Campaign screens: running totals while typing (the server checks again on sending).
// - the proposal form: the co-proposers' shares, which must total exactly 100%;
// - the rubric form: the reviewer's total so far.
"use strict";

function hundredths(text) {
  const match = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] || "0").padEnd(2, "0"));
}

function shareTotal(form) {
  const out = document.getElementById("share-total");
  if (!out) return;
  let total = 0;
  let bad = false;
  for (const input of form.querySelectorAll("input.share")) {
    if (!input.value.trim()) continue;
    const value = hundredths(input.value);
    if (value === null) bad = true;
    else total += value;
  }
  out.textContent = bad ? "?" : (total / 100).toFixed(2);
  out.classList.toggle("is-ok", !bad && total === 10000);
  out.classList.toggle("is-bad", bad || total !== 10000);
}

function markTotal(form) {
  const out = document.getElementById("mark-total");
  if (!out) return;
  let total = 0;
  for (const input of form.querySelectorAll("input.mark")) {
    const value = Number(input.value);
    if (input.value.trim() && Number.isFinite(value)) total += value * Number(input.dataset.scale || 1);
  }
  out.textContent = (Math.round(total * 100) / 100).toString();
}

document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form.proposal")) {
    form.addEventListener("input", () => shareTotal(form));
    shareTotal(form);
  }
  for (const form of document.querySelectorAll("form.rubric")) {
    form.addEventListener("input", () => markTotal(form));
    markTotal(form);
  }
});
