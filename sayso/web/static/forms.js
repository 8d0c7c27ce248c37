// Filter forms: leave empty fields out of the URL, so a shared link says only what was asked.
(function () {
  "use strict";
  document.querySelectorAll("form[method=get]").forEach(function (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && !field.value) field.disabled = true;
      });
      // Re-enable after the navigation starts, so "back" shows the form as it was.
      setTimeout(function () {
        Array.prototype.forEach.call(form.elements, function (field) { field.disabled = false; });
      }, 0);
    });
  });
})();
