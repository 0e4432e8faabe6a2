// "Select every pair on this page": one box that ticks or clears the boxes named by its
// data-select-all. A file of its own because the CSP allows no inline script; without
// script the box stays hidden and pairs are ticked one by one.
(function () {
  "use strict";
  document.querySelectorAll("input[data-select-all]").forEach(function (all) {
    var name = all.dataset.selectAll;
    var boxes = function () {
      return all.form
        ? all.form.querySelectorAll('input[type="checkbox"][name="' + name + '"]')
        : document.querySelectorAll('input[type="checkbox"][name="' + name + '"]');
    };
    all.hidden = false;
    all.addEventListener("change", function () {
      boxes().forEach(function (box) {
        box.checked = all.checked;
      });
    });
  });
})();
