// Ideario's small progressive enhancement. Every page works without it:
// here, votes are sent without a reload, more comments and replies load
// in place, forms that delete ask first, the Markdown textarea grows as
// people type, and the account menu closes like other menus do.
(function () {
  "use strict";

  function csrfToken() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute("content") : "";
  }

  // toast shows a short message at the bottom of the screen; screen
  // readers hear it too.
  var toastTimer;
  function toast(msg) {
    var el = document.getElementById("toast");
    if (!el) {
      el = document.createElement("div");
      el.id = "toast";
      el.className = "toast";
      el.setAttribute("role", "alert");
      document.body.appendChild(el);
    }
    el.textContent = msg;
    el.classList.add("show");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { el.classList.remove("show"); }, 6000);
  }

  // Voting without a reload: the form still works as a plain POST.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.matches("[data-vote-form]")) return;
    ev.preventDefault();
    var box = form.closest("[data-vote]");
    var button = form.querySelector("button");
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      headers: { "Accept": "application/json", "X-CSRF-Token": csrfToken() },
      credentials: "same-origin"
    }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, body: body }; });
    }).then(function (res) {
      if (!res.ok) {
        toast(res.body.error || form.dataset.error || "Sorry, that did not work.");
        return;
      }
      var voted = res.body.voted;
      box.querySelector("[data-vote-count]").textContent = res.body.votes_text || res.body.votes;
      var label = box.querySelector(".vote-label");
      if (label && res.body.votes_label) label.textContent = res.body.votes_label;
      box.classList.toggle("voted", voted);
      var left = document.querySelector("[data-votes-left]");
      if (left && res.body.votes_left_text) left.textContent = res.body.votes_left_text;
      form.action = form.action.replace(/\/(un)?vote$/, voted ? "/unvote" : "/vote");
      button.setAttribute("aria-pressed", voted ? "true" : "false");
      button.textContent = voted ? button.dataset.labelOn : button.dataset.labelOff;
    }).catch(function () {
      form.submit(); // the network or the script failed: fall back to the plain form
    }).finally(function () {
      button.disabled = false;
    });
  });

  // More comments and more replies load in place: the link still leads to
  // the page that holds them. "More comments" (data-more) adds the next
  // page's threads to the list and takes its pager; "Show N more replies"
  // (data-expand) puts the thread, whole, in place of its first replies,
  // unless the thread is too long for one page.
  function loadInPlace(link, apply) {
    link.setAttribute("aria-busy", "true");
    fetch(link.href, { credentials: "same-origin", headers: { "Accept": "text/html" } }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      if (!apply(doc)) window.location.href = link.href;
    }).catch(function () {
      window.location.href = link.href; // the network or the script failed: follow the link
    });
  }
  document.addEventListener("click", function (ev) {
    var link = ev.target.closest("a[data-more], a[data-expand]");
    if (!link || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.button !== 0) return;
    ev.preventDefault();
    if (link.hasAttribute("data-more")) {
      loadInPlace(link, function (doc) {
        var list = document.querySelector(link.getAttribute("data-more"));
        var more = doc.querySelector(link.getAttribute("data-more"));
        var pager = link.closest("nav");
        if (!list || !more || !pager) return false;
        var first = more.firstElementChild;
        while (more.firstElementChild) list.appendChild(more.firstElementChild);
        var next = doc.querySelector(".comment-pager");
        if (next) {
          var prev = next.querySelector("a[rel=prev]");
          if (prev) prev.remove(); // the earlier threads are on this page already
          pager.replaceWith(next);
        } else {
          pager.remove();
        }
        if (first) {
          first.setAttribute("tabindex", "-1");
          first.focus(); // keyboard and screen reader users land on the first new thread
        }
        return true;
      });
    } else {
      loadInPlace(link, function (doc) {
        var sel = link.getAttribute("data-expand");
        var here = document.querySelector(sel);
        var whole = doc.querySelector(sel);
        if (!here || !whole || doc.querySelector(".comment-pager a[rel=next]")) return false;
        here.replaceWith(whole);
        whole.setAttribute("tabindex", "-1");
        whole.focus();
        return true;
      });
    }
  });

  // Forms that destroy something ask first.
  document.addEventListener("submit", function (ev) {
    var msg = ev.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) ev.preventDefault();
  }, true);

  // The account menu and the language switcher are <details>: close them
  // on Escape or a click elsewhere.
  function closeMenus(except) {
    document.querySelectorAll("details.menu[open], details.langs[open]").forEach(function (d) {
      if (d !== except) d.removeAttribute("open");
    });
  }
  document.addEventListener("click", function (ev) {
    closeMenus(ev.target.closest("details.menu, details.langs"));
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") return;
    var open = document.querySelector("details.menu[open], details.langs[open]");
    if (!open) return;
    open.removeAttribute("open");
    open.querySelector("summary").focus();
  });

  // Textareas grow with their content.
  document.querySelectorAll("textarea").forEach(function (ta) {
    function fit() {
      ta.style.height = "auto";
      ta.style.height = Math.min(ta.scrollHeight + 2, 800) + "px";
    }
    ta.addEventListener("input", fit);
  });
})();
