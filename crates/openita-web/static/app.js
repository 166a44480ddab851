// Progressive enhancement only: every page works without this file.
// Forms marked data-progress show a progress indicator while the server works (imports).
document.querySelectorAll("form[data-progress]").forEach(function (form) {
  form.addEventListener("submit", function () {
    var text = form.querySelector("[data-progress-text]");
    if (text) { text.hidden = false; }
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
  });
});
