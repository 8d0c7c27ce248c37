// The actor page's correction dialog: open and close it, switch between merge, split and
// rename. The forms post without script; this only shows them.
(function () {
  "use strict";
  document.querySelectorAll("[data-open]").forEach(function (button) {
    var dialog = document.getElementById(button.getAttribute("data-open"));
    if (!dialog || !dialog.showModal) return;
    button.addEventListener("click", function () { dialog.showModal(); });
    if (dialog.hasAttribute("data-open-now")) dialog.showModal();  // a refused correction
  });
  document.querySelectorAll("[data-close]").forEach(function (button) {
    var dialog = document.getElementById(button.getAttribute("data-close"));
    if (dialog) button.addEventListener("click", function () { dialog.close(); });
  });
  document.querySelectorAll("dialog .tabs").forEach(function (tabs) {
    var dialog = tabs.closest("dialog");
    tabs.querySelectorAll("[data-tab]").forEach(function (tab) {
      tab.addEventListener("click", function () {
        var chosen = tab.getAttribute("data-tab");
        tabs.querySelectorAll("[data-tab]").forEach(function (other) {
          var on = other === tab;
          other.classList.toggle("on", on);
          other.setAttribute("aria-selected", on ? "true" : "false");
        });
        dialog.querySelectorAll("[data-panel]").forEach(function (panel) {
          panel.hidden = panel.getAttribute("data-panel") !== chosen;
        });
      });
    });
  });
})();
