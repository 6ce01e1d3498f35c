// Progressive enhancement of the checklist's upload forms: several files at once, dropped on
// the form or chosen, sent in one request with a progress bar per file. Without this script
// the same forms post as before; the server answers this one with JSON naming the page to
// show next (its messages say what was accepted and what was refused, and why).
"use strict";
(function () {
  if (!window.FormData || !window.XMLHttpRequest) return;

  document.querySelectorAll("form.upload").forEach(function (form) {
    var input = form.querySelector("input[type=file]");
    var hint = document.createElement("p");
    hint.className = "drop-hint";
    hint.textContent = form.dataset.drop;
    form.insertBefore(hint, input.nextSibling);
    ["dragenter", "dragover"].forEach(function (type) {
      form.addEventListener(type, function (event) {
        event.preventDefault();
        form.classList.add("dragging");
      });
    });
    ["dragleave", "drop"].forEach(function (type) {
      form.addEventListener(type, function () { form.classList.remove("dragging"); });
    });
    form.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length) {
        input.files = event.dataTransfer.files;
        send(form, input);
      }
    });
    form.addEventListener("submit", function (event) {
      if (!input.files.length) return;
      event.preventDefault();
      send(form, input);
    });
  });

  function send(form, input) {
    var files = Array.prototype.slice.call(input.files);
    var bars = files.map(function (file) { return bar(form, file); });
    var sizes = files.map(function (file) { return file.size; });
    var total = sizes.reduce(function (a, b) { return a + b; }, 0);
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", function (event) {
      if (!event.lengthComputable) return;
      // The files travel one after another; the form's other fields are a few hundred bytes.
      var sent = event.loaded - (event.total - total), start = 0;
      bars.forEach(function (progress, i) {
        var part = sizes[i] ? (sent - start) / sizes[i] : 1;
        progress.value = Math.round(100 * Math.max(0, Math.min(1, part)));
        start += sizes[i];
      });
    });
    request.addEventListener("load", function () {
      var answer = null;
      try { answer = JSON.parse(request.responseText); } catch (e) { answer = null; }
      if (request.status === 200 && answer && answer.location) {
        bars.forEach(function (progress) { progress.value = 100; });
        window.location.assign(answer.location);
      } else {
        failed(form);
      }
    });
    request.addEventListener("error", function () { failed(form); });
    form.querySelector("button[type=submit]").disabled = true;
    request.send(new FormData(form));
  }

  function bar(form, file) {
    var list = form.querySelector(".uploading") || form.appendChild(document.createElement("ul"));
    list.className = "uploading";
    var item = list.appendChild(document.createElement("li"));
    var label = form.dataset.sending.replace("{name}", file.name);
    var name = item.appendChild(document.createElement("span"));
    name.textContent = file.name;
    var progress = item.appendChild(document.createElement("progress"));
    progress.max = 100;
    progress.value = 0;
    progress.setAttribute("aria-label", label);
    return progress;
  }

  function failed(form) {
    var message = form.querySelector(".upload-failed") || form.appendChild(document.createElement("p"));
    message.className = "upload-failed error";
    message.setAttribute("role", "alert");
    message.textContent = form.dataset.failed;
    form.querySelector("button[type=submit]").disabled = false;
  }
})();
