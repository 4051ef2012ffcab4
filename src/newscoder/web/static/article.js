/* /article/{key}: the stored record travels in a JSON data block (never executed) and is drawn by annotate.js. */
(function () {
  "use strict";
  var data = document.getElementById("record-data");
  var record = JSON.parse(data.textContent);
  window.Newscoder.render(record, {head: document.getElementById("record-head"),
                                   article: document.getElementById("article"),
                                   panels: document.getElementById("panels")});
})();
