"""The claims page's filters: only the statements the documents get wrong, by document, by
witness kind.

One small inline script, allowed by the page's Content-Security-Policy through its SHA-256 hash
(:func:`reports.page.demos.script_hash`). Each claim card carries ``data-status``,
``data-documents`` and ``data-kinds``; the script hides the cards that do not match and counts
the ones shown. Without the script the form stays ``hidden`` and every card is shown.
"""

from __future__ import annotations

FILTER_SCRIPT = r"""
(function () {
  "use strict";
  function start() {
    var form = document.querySelector("form.claim-filters");
    if (!form) { return; }
    var cards = document.querySelectorAll("article.claim");
    var count = form.querySelector(".filter-count");
    function words(card, name) { return (card.getAttribute(name) || "").split(" "); }
    function apply() {
      var wrong = form.elements.wrong.checked, doc = form.elements.document.value;
      var kind = form.elements.kind.value, shown = 0;
      Array.prototype.forEach.call(cards, function (card) {
        var keep = (!wrong || card.dataset.status === "wrong")
          && (!doc || words(card, "data-documents").indexOf(doc) >= 0)
          && (!kind || words(card, "data-kinds").indexOf(kind) >= 0);
        card.hidden = !keep;
        if (keep) { shown += 1; }
      });
      count.textContent = shown + " / " + cards.length;
    }
    form.hidden = false;
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
"""
