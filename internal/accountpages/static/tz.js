// Preselects the browser's own time zone in the onboarding form, when the
// server offered the default (the person has not chosen yet) and the zone is
// one the server accepts. Without JavaScript the default stays UTC.
(function () {
  "use strict";
  var select = document.getElementById("timezone");
  if (!select || !select.hasAttribute("data-browser-zone")) return;
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) return;
  for (var i = 0; i < select.options.length; i++) {
    if (select.options[i].value === zone) { select.selectedIndex = i; return; }
  }
})();
