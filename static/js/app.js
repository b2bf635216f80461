// Small behaviours shared by every page; loaded from the app itself so that the CSP can forbid inline scripts.
document.addEventListener("change", function (event) {
  if (event.target.matches("select[data-autosubmit]")) {
    event.target.form.submit();
  }
});
