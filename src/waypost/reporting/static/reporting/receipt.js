// The receipt page's "Copy the code" and "Print the code" buttons. Without JavaScript the
// page has neither (nothing that does not work is shown): the code can still be selected
// (one tap selects it whole) and printed from the browser's menu. A file, not inline: the
// content policy allows no inline script. The labels come translated in the script tag.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) {
    return;
  }
  var labels = script.dataset;

  function ready(run) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", run);
    } else {
      run();
    }
  }

  ready(function () {
    var code = document.querySelector(".receipt-code[data-receipt]");
    var actions = document.querySelector(".receipt-actions");
    var status = document.querySelector(".receipt-status");
    if (!code || !actions || !status) {
      return;
    }

    function say(text) {
      // Emptied first, so that a second copy is announced again.
      status.textContent = "";
      window.setTimeout(function () {
        status.textContent = text;
      }, 50);
    }

    function selectCode() {
      var range = document.createRange();
      range.selectNodeContents(code);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }

    // Plain http on a local network has no Clipboard API: copy the selected text instead.
    function copyBySelection() {
      selectCode();
      var copied = false;
      try {
        copied = document.execCommand("copy");
      } catch (error) {
        copied = false;
      }
      say(copied ? labels.copied : labels.copyFailed);
    }

    var copy = document.createElement("button");
    copy.type = "button";
    copy.className = "button primary receipt-copy";
    copy.textContent = labels.copy;
    copy.addEventListener("click", function () {
      var digits = code.dataset.receipt;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(digits).then(
          function () {
            say(labels.copied);
          },
          copyBySelection
        );
      } else {
        copyBySelection();
      }
    });
    actions.appendChild(copy);

    if (typeof window.print === "function") {
      var print = document.createElement("button");
      print.type = "button";
      print.className = "button receipt-print";
      print.textContent = labels.print;
      print.addEventListener("click", function () {
        window.print();
      });
      actions.appendChild(print);
    }
  });
})();
