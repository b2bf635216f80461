// Small behaviours shared by every page; loaded from the app itself so that the CSP can forbid inline scripts.
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit]")) {
    event.target.form.submit();
  }
});

// A form that takes a while (an upload, an import) says so and cannot be sent twice: <form data-busy="正在导入…">.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches("form[data-busy]") || event.defaultPrevented) { return; }
  if (form.getAttribute("aria-busy") === "true") { event.preventDefault(); return; }
  form.setAttribute("aria-busy", "true");
  var note = form.querySelector(".busy-note");
  if (!note) {
    note = document.createElement("p");
    note.className = "busy-note";
    note.setAttribute("role", "status");
    form.appendChild(note);
  }
  note.textContent = form.getAttribute("data-busy");
  // Disabled only after the browser has read the form, so the pressed button's name and value are still sent.
  window.setTimeout(function () {
    form.querySelectorAll("button").forEach(function (button) { button.disabled = true; });
  }, 0);
});

// Back to a page left while busy (the browser keeps it as it was): make its forms usable again.
window.addEventListener("pageshow", function (event) {
  if (!event.persisted) { return; }
  document.querySelectorAll("form[data-busy][aria-busy='true']").forEach(function (form) {
    form.removeAttribute("aria-busy");
    form.querySelectorAll("button").forEach(function (button) { button.disabled = false; });
    var note = form.querySelector(".busy-note");
    if (note) { note.remove(); }
  });
});

// A form that comes back with errors moves the focus to its summary, so a screen reader reads it and Tab goes on
// to the links to each field: <div tabindex="-1" data-focus-on-load>.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) { summary.focus(); }
});
