// The desk's little script: live updates over Server-Sent Events, the
// title badge, optional browser notifications and sound, templates and
// keyboard shortcuts. Everything works without it, by reloading.
(function () {
  "use strict";
  var page = document.body.dataset.page;
  if (page === "login") return;

  var baseTitle = document.title.replace(/^\(\d+\)\s*/, "");

  function setCount(n) {
    document.title = (n > 0 ? "(" + n + ") " : "") + baseTitle;
    var b = document.getElementById("waiting-count");
    if (b) b.textContent = n;
  }

  var optNotify = document.getElementById("opt-notify");
  var optSound = document.getElementById("opt-sound");
  [optNotify, optSound].forEach(function (el) {
    if (!el) return;
    el.checked = localStorage.getItem("desk." + el.id) === "1";
    el.addEventListener("change", function () {
      localStorage.setItem("desk." + el.id, el.checked ? "1" : "0");
      if (el === optNotify && el.checked && window.Notification && Notification.permission === "default") {
        Notification.requestPermission();
      }
    });
  });

  function beep() {
    try {
      var ctx = new (window.AudioContext || window.webkitAudioContext)();
      var o = ctx.createOscillator(), g = ctx.createGain();
      o.frequency.value = 880; g.gain.value = 0.08;
      o.connect(g); g.connect(ctx.destination);
      o.start(); o.stop(ctx.currentTime + 0.18);
    } catch (e) { /* no audio */ }
  }

  function announce(ev) {
    if (optSound && optSound.checked) beep();
    if (optNotify && optNotify.checked && window.Notification && Notification.permission === "granted") {
      var n = new Notification(baseTitle, { body: ev.who || ev.id, tag: ev.id });
      n.onclick = function () { window.focus(); location.href = "/desk/c/" + ev.id; };
    }
  }

  // refresh swaps the live part of the page for the server's current one.
  var busy = false, again = false;
  function refresh() {
    if (busy) { again = true; return; }
    var sel = page === "conversation" ? "#live-part" : page === "queue" ? "#queue" : null;
    if (!sel) return;
    busy = true;
    fetch(location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelector(sel), cur = document.querySelector(sel);
        if (fresh && cur) {
          cur.replaceWith(fresh);
          if (page === "conversation") scrollTurns();
        }
        // The forms follow the state: a colleague's claim takes the reply
        // box away (the claim button stays, and says who was first).
        ["#reply-form", "details.transfer", "form.resolve"].forEach(function (q) {
          var a = doc.querySelector(q), b = document.querySelector(q);
          if (!a && b) b.remove();
        });
      })
      .catch(function () { /* the next event tries again */ })
      .finally(function () { busy = false; if (again) { again = false; refresh(); } });
  }

  function scrollTurns() {
    var t = document.getElementById("turns");
    if (t && t.lastElementChild) t.lastElementChild.scrollIntoView({ block: "nearest" });
  }
  if (page === "conversation") scrollTurns();

  if (window.EventSource) {
    var es = new EventSource("/desk/events");
    var live = document.getElementById("live");
    es.onopen = function () { if (live) live.hidden = false; };
    es.onerror = function () { if (live) live.hidden = true; };
    es.addEventListener("change", function (m) {
      var ev = JSON.parse(m.data);
      setCount(ev.count);
      if (ev.new) announce(ev);
      var conv = document.getElementById("conv");
      if (page === "queue" || (conv && conv.dataset.id === ev.id)) refresh();
    });
  }

  // Templates fill the reply box; Ctrl+Enter sends.
  var tpl = document.getElementById("template");
  var reply = document.getElementById("reply");
  if (tpl && reply) {
    tpl.addEventListener("change", function () {
      if (!tpl.value) return;
      reply.value = reply.value ? reply.value + "\n" + tpl.value : tpl.value;
      tpl.value = "";
      reply.focus();
    });
  }
  if (reply) {
    reply.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); reply.form.requestSubmit(); }
    });
  }

  // g w / g m / g r / g o / g a switch pages; / focuses the search.
  var pendingG = false;
  document.addEventListener("keydown", function (e) {
    var t = e.target.tagName;
    if (t === "INPUT" || t === "TEXTAREA" || t === "SELECT" || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "/") {
      var s = document.getElementById("search");
      if (s) { e.preventDefault(); s.focus(); }
      return;
    }
    if (pendingG) {
      pendingG = false;
      var to = { w: "/desk/?tab=waiting", m: "/desk/?tab=mine", r: "/desk/?tab=resolved", o: "/desk/messages", a: "/desk/analytics" }[e.key];
      if (to) { e.preventDefault(); location.href = to; }
      return;
    }
    if (e.key === "g") pendingG = true;
  });
})();
