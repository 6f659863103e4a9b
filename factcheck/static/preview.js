// Live preview of the verdict body: the server renders and sanitises it, exactly as readers see it.
(function () {
  "use strict";
  var body = document.querySelector("[data-preview-url]");
  var target = document.getElementById("preview");
  var form = document.getElementById("draft-form");
  if (!body || !target || !form) { return; }
  var timer = null;
  var latest = 0;
  function refresh() {
    var ticket = ++latest;
    var data = new FormData();
    data.append("csrf_token", form.querySelector("input[name=csrf_token]").value);
    data.append("body", body.value);
    fetch(body.getAttribute("data-preview-url"), {method: "POST", body: data, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) { if (ticket === latest) { target.innerHTML = html; } })
      .catch(function () { /* keep the last preview; the Preview button still works */ });
  }
  body.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
  refresh();
})();
