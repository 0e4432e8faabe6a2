// A strength meter under the new password while it is typed (ASVS 2.1.8). The same
// estimate as accounts/password_strength.py, less the server's lists (common passwords,
// the person's own name): the server's estimate, shown after sending, is the one that
// counts. A separate file because the CSP allows no inline script; the labels come
// translated from the script tag's data attributes. Nothing leaves the page.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.dataset.levels) {
    return;
  }
  var levels = script.dataset.levels.split("|");
  var prefix = script.dataset.prefix || "";
  var LEVEL_BITS = [0, 40, 60, 80, 100];

  function isAscii(c) {
    return c.charCodeAt(0) < 128;
  }

  function pool(password) {
    var size = 0;
    var chars = Array.from(password);
    if (chars.some(function (c) { return /[a-z]/.test(c); })) { size += 26; }
    if (chars.some(function (c) { return /[A-Z]/.test(c); })) { size += 26; }
    if (chars.some(function (c) { return /[0-9]/.test(c); })) { size += 10; }
    if (chars.some(function (c) { return isAscii(c) && !/[A-Za-z0-9]/.test(c); })) { size += 33; }
    if (chars.some(function (c) { return !isAscii(c); })) { size += 100; }
    return size;
  }

  function effectiveLength(password) {
    var length = 0;
    var previous = null;
    Array.from(password.toLowerCase()).forEach(function (c) {
      var code = c.codePointAt(0);
      length += previous !== null && Math.abs(code - previous) <= 1 ? 0.25 : 1;
      previous = code;
    });
    return length;
  }

  function level(password, minLength) {
    if (Array.from(password).length < minLength) {
      return 0;
    }
    var size = pool(password);
    var bits = size ? Math.floor(effectiveLength(password) * Math.log2(size)) : 0;
    var found = 0;
    LEVEL_BITS.forEach(function (floor, index) {
      if (bits >= floor) { found = index; }
    });
    return found;
  }

  document.querySelectorAll('input[name="new_password1"]').forEach(function (input) {
    var minLength = parseInt(input.getAttribute("minlength") || "12", 10);
    var box = document.createElement("p");
    box.className = "password-meter";
    box.setAttribute("aria-live", "polite");
    var meter = document.createElement("meter");
    meter.min = 0;
    meter.max = 4;
    meter.low = 2;
    meter.high = 3;
    meter.optimum = 4;
    var text = document.createElement("span");
    box.appendChild(text);
    box.appendChild(meter);
    box.hidden = true;
    input.parentNode.insertBefore(box, input.nextSibling);
    input.addEventListener("input", function () {
      if (!input.value) {
        box.hidden = true;
        return;
      }
      var found = level(input.value, minLength);
      meter.value = found;
      text.textContent = prefix + " " + levels[found] + " ";
      box.dataset.level = String(found);
      box.hidden = false;
    });
  });
})();
