// The triage queue's keyboard: j/k move, a accept, d dismiss, m duplicate, x select, o open, / search, ? help.
// Everything here also works without this script, through the page's buttons and forms.
(function () {
  "use strict";
  var form = document.getElementById("queue-form");
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.queue tbody tr"));
  var helpDialog = document.getElementById("help-dialog");
  var dismissDialog = document.getElementById("dismiss-dialog");
  var duplicateDialog = document.getElementById("duplicate-dialog");
  var current = -1;
  var storageKey = "queue-row:" + location.pathname + location.search;
  document.documentElement.classList.add("js");

  function checkboxes() {
    return rows.map(function (row) { return row.querySelector("input[type=checkbox]"); });
  }
  function selected() {
    return checkboxes().filter(function (box) { return box && box.checked; });
  }
  function updateCount() {
    var counter = document.querySelector(".selection-count");
    if (counter) { counter.textContent = selected().length ? selected().length + " selected" : ""; }
  }
  function focusRow(index) {
    if (!rows.length) { return; }
    index = Math.max(0, Math.min(rows.length - 1, index));
    if (current >= 0 && rows[current]) { rows[current].classList.remove("current"); rows[current].removeAttribute("aria-current"); }
    current = index;
    rows[current].classList.add("current");
    rows[current].setAttribute("aria-current", "true");
    rows[current].scrollIntoView({block: "nearest"});
    try { sessionStorage.setItem(storageKey, String(current)); } catch (e) { /* private mode */ }
  }
  function submitWith(action, extra) {
    if (!form) { return; }
    var chosen = selected();
    var hidden = function (name, value) {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = name; input.value = value;
      form.appendChild(input);
    };
    if (chosen.length) {
      document.getElementById("bulk-action").value = action;
    } else if (current >= 0) {
      hidden("one", action + ":" + rows[current].getAttribute("data-token"));
    } else {
      return;
    }
    if (extra) {
      document.getElementById("bulk-reason").value = extra.reason;
      document.getElementById("bulk-text").value = extra.text || "";
    }
    form.submit();
  }
  function openDismiss() {
    if (!dismissDialog || (current < 0 && !selected().length)) { return; }
    dismissDialog.showModal();
    var first = dismissDialog.querySelector("input[type=radio]:checked");
    if (first) { first.focus(); }
  }
  if (dismissDialog) {
    dismissDialog.addEventListener("keydown", function (event) {
      var radios = dismissDialog.querySelectorAll("input[type=radio]");
      var n = parseInt(event.key, 10);
      if (event.target.id !== "dismiss-text" && n >= 1 && n <= radios.length) {
        radios[n - 1].checked = true;
        radios[n - 1].focus();
        event.preventDefault();
      } else if (event.key === "Enter" && event.target.type !== "submit") {
        event.preventDefault();
        dismissDialog.close("confirm");
      }
    });
    dismissDialog.addEventListener("close", function () {
      if (dismissDialog.returnValue !== "confirm") { return; }
      var reason = dismissDialog.querySelector("input[type=radio]:checked");
      submitWith("dismiss", {reason: reason ? reason.value : "", text: document.getElementById("dismiss-text").value});
    });
  }
  function openDuplicate() {
    if (!duplicateDialog || (current < 0 && !selected().length)) { return; }
    var input = document.getElementById("duplicate-of");
    input.value = document.getElementById("bulk-duplicate").value;
    duplicateDialog.showModal();
    input.focus();
  }
  if (duplicateDialog) {
    duplicateDialog.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target.type !== "submit") {
        event.preventDefault();
        duplicateDialog.close("confirm");
      }
    });
    duplicateDialog.addEventListener("close", function () {
      var original = document.getElementById("duplicate-of").value.trim();
      if (duplicateDialog.returnValue !== "confirm" || !original) { return; }
      document.getElementById("bulk-duplicate").value = original;
      submitWith("mark_duplicate");
    });
  }
  document.querySelectorAll("[data-help-open]").forEach(function (button) {
    button.addEventListener("click", function () { helpDialog.showModal(); });
  });
  checkboxes().forEach(function (box) { if (box) { box.addEventListener("change", updateCount); } });
  rows.forEach(function (row, index) {
    row.addEventListener("click", function () { focusRow(index); });
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (document.querySelector("dialog[open]")) { return; }
    if (typing) {
      if (event.key === "Escape") { target.blur(); }
      return;
    }
    var keys = {
      "j": function () { focusRow(current + 1); },
      "k": function () { focusRow(current - 1); },
      "x": function () {
        if (current < 0) { return; }
        var box = rows[current].querySelector("input[type=checkbox]");
        box.checked = !box.checked; updateCount();
      },
      "a": function () { submitWith("accept"); },
      "d": openDismiss,
      "m": openDuplicate,
      "o": function () { if (current >= 0) { location.href = rows[current].querySelector("a.claim-link").href; } },
      "/": function () { var search = document.getElementById("queue-search"); if (search) { search.focus(); search.select(); } },
      "?": function () { if (helpDialog) { helpDialog.showModal(); } }
    };
    if (Object.prototype.hasOwnProperty.call(keys, event.key)) {
      event.preventDefault();
      keys[event.key]();
    }
  });

  var saved = null;
  try { saved = sessionStorage.getItem(storageKey); } catch (e) { saved = null; }
  if (rows.length) { focusRow(saved === null ? 0 : parseInt(saved, 10) || 0); }
  updateCount();
})();
