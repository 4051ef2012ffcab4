/* The Analyze page: paste or load an article, POST it to /api/analyze, draw the record with annotate.js. */
(function () {
  "use strict";
  var form = document.getElementById("analyze-form");
  var textarea = document.getElementById("text");
  var published = document.getElementById("published");
  var docId = document.getElementById("doc-id");
  var file = document.getElementById("file");
  var status = document.getElementById("status");
  var button = document.getElementById("go");
  var result = document.getElementById("result");
  var maxBody = Number(document.getElementById("input").getAttribute("data-max-body")) || 10485760;
  var downloadUrl = null;

  function say(message, isError) {
    status.textContent = message;
    status.className = "status" + (isError ? " error" : "");
  }

  file.addEventListener("change", function () {
    var f = file.files && file.files[0];
    if (!f) return;
    if (f.size > maxBody) {
      say(f.name + " is " + f.size.toLocaleString("en") + " bytes, over the limit of " + maxBody.toLocaleString("en"), true);
      file.value = "";
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      textarea.value = String(reader.result || "");
      if (!docId.value) docId.value = f.name;
      say("loaded " + f.name + " (" + f.size.toLocaleString("en") + " bytes)", false);
    };
    reader.onerror = function () { say("cannot read " + f.name, true); };
    reader.readAsText(f);
  });

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var body = {text: textarea.value};
    if (published.value) body.published = published.value;
    if (docId.value.trim()) body.id = docId.value.trim();
    var payload = JSON.stringify(body);
    var size = new Blob([payload]).size;
    if (size > maxBody) {
      say("the article is " + size.toLocaleString("en") + " bytes, over the limit of " + maxBody.toLocaleString("en"), true);
      return;
    }
    button.disabled = true;
    var started = performance.now();
    say("analysing\u2026", false);
    fetch("/api/analyze", {method: "POST", headers: {"content-type": "application/json"}, body: payload})
      .then(function (res) {
        return res.json().catch(function () { return {error: "the server answered " + res.status}; })
          .then(function (data) { return {res: res, data: data}; });
      })
      .then(function (r) {
        if (!r.res.ok) {
          say(r.res.status + ": " + (r.data && r.data.error ? r.data.error : "request failed"), true);
          return;
        }
        var rec = r.data;
        var n = function (k) { return (rec[k] || []).length; };
        say(rec.error ? "not analysed: " + rec.error :
            n("quotes") + " quotes, " + n("events") + " events, " + n("figures") + " figures, " + n("actors") +
            " actors in " + ((performance.now() - started) / 1000).toFixed(1) + " s", Boolean(rec.error));
        window.Newscoder.render(rec, {head: document.getElementById("record-head"),
                                      article: document.getElementById("article"),
                                      panels: document.getElementById("panels")});
        var json = JSON.stringify(rec, null, 1);
        document.getElementById("json").textContent = json;
        if (downloadUrl) URL.revokeObjectURL(downloadUrl);
        downloadUrl = URL.createObjectURL(new Blob([json], {type: "application/json"}));
        var dl = document.getElementById("download");
        dl.setAttribute("href", downloadUrl);
        dl.setAttribute("download", (rec.id || "record").replace(/[^\w.-]+/g, "_") + ".json");
        result.hidden = false;
        document.body.classList.add("has-result");
      })
      .catch(function (err) { say("request failed: " + err, true); })
      .then(function () { button.disabled = false; });
  });
})();
