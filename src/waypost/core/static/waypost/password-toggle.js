// "Show password" beside each password field, so a person can check a long passphrase
// before sending it (ASVS 2.1.12). A separate file because the CSP allows no inline
// script; the button's label comes translated from the script tag's data-label.
(function () {
  "use strict";
  var label = document.currentScript && document.currentScript.dataset.label;
  if (!label) {
    return;
  }
  document.querySelectorAll('input[type="password"]').forEach(function (input) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "password-toggle";
    button.textContent = label;
    button.setAttribute("aria-pressed", "false");
    if (input.id) {
      button.setAttribute("aria-controls", input.id);
    }
    button.addEventListener("click", function () {
      var show = input.type === "password";
      input.type = show ? "text" : "password";
      button.setAttribute("aria-pressed", show ? "true" : "false");
    });
    // Send it as a password field again, so password managers still offer to save it.
    if (input.form) {
      input.form.addEventListener("submit", function () {
        input.type = "password";
        button.setAttribute("aria-pressed", "false");
      });
    }
    input.insertAdjacentElement("afterend", button);
  });
})();
