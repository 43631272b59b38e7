// Keyboard shortcuts for the "to check" list: j/k next/previous, c confirm, x reject, Enter open.
// The pages work without this file; it only clicks the buttons and links a reader could click.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("ul.to-check > li"));
  var at = -1;
  function show(i) {
    if (!items.length) { return; }
    if (at >= 0) { items[at].classList.remove("current"); }
    at = Math.max(0, Math.min(items.length - 1, i));
    items[at].classList.add("current");
    items[at].scrollIntoView({block: "center"});
  }
  function press(key) {
    var scope = at >= 0 ? items[at] : document;
    var button = scope.querySelector('button[data-key="' + key + '"]');
    if (button) { button.click(); }
  }
  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName) || "";
    if (event.ctrlKey || event.metaKey || event.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(tag)) { return; }
    if (event.key === "j") { show(at + 1); }
    else if (event.key === "k") { show(at - 1); }
    else if (event.key === "c") { press("confirm"); }
    else if (event.key === "x") { press("reject"); }
    else if (event.key === "Enter" && at >= 0) {
      var link = items[at].querySelector("a[data-article]");
      if (link) { link.click(); }
    } else { return; }
    event.preventDefault();
  });
}());
