// The step-by-step runner inside the exported page, as source text: it runs in whatever browser or iframe
// the agent desktop has, with no build step and no network, so it is plain ES2017 that reads the script from
// the page's JSON block. Kept as text (not a bundled function) so the output is byte-stable.
export const RUNNER_SOURCE = String.raw`
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("scriptpilot-data").textContent);
  var params = new URLSearchParams(window.location.search);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var labels = {};
  data.variables.forEach(function (v) { labels[v.key] = v.label; });
  var state = { current: null, history: [], answers: {}, objection: null, picked: [] };
  var el = function (id) { return document.getElementById(id); };

  function fieldValue(key) {
    var value = params.get(key);
    return value === null || value === "" ? null : value;
  }

  function renderText(paragraphs, into) {
    into.textContent = "";
    paragraphs.forEach(function (parts) {
      var p = document.createElement("p");
      parts.forEach(function (part) {
        if (part.field === undefined) { p.appendChild(document.createTextNode(part.text)); return; }
        var value = fieldValue(part.field);
        if (value !== null) {
          var span = document.createElement("span");
          span.className = "merge";
          span.textContent = value;
          p.appendChild(span);
        } else {
          var mark = document.createElement("mark");
          mark.className = "missing";
          mark.title = "Not provided: add ?" + part.field + "=… to the page address";
          mark.textContent = "[" + (labels[part.field] || part.field) + "]";
          p.appendChild(mark);
        }
      });
      into.appendChild(p);
    });
  }

  function valueOf(rule) {
    if (rule.source === "answer") return state.answers[rule.key];
    return fieldValue(rule.key);
  }

  function holds(rule) {
    var v = valueOf(rule);
    var want = rule.value;
    var list = Array.isArray(want) ? want : want === undefined ? [] : [want];
    var same = function (a, b) { return a !== null && a !== undefined && String(a) === String(b); };
    switch (rule.operator) {
      case "equals": return same(v, list[0]);
      case "not-equals": return !same(v, list[0]);
      case "in": return list.some(function (x) { return same(v, x); });
      case "not-in": return !list.some(function (x) { return same(v, x); });
      case "contains": return v !== null && v !== undefined && String(v).indexOf(String(list[0])) >= 0;
      case "greater-than": return v !== null && v !== undefined && Number(v) > Number(list[0]);
      case "less-than": return v !== null && v !== undefined && Number(v) < Number(list[0]);
      case "is-empty": return v === null || v === undefined || v === "";
      case "is-not-empty": return !(v === null || v === undefined || v === "");
    }
    return false;
  }

  function targetOf(node, handle) {
    for (var i = 0; i < node.outputs.length; i++) if (node.outputs[i].handle === handle) return node.outputs[i].target;
    return null;
  }

  // Steps the agent does not read (start, checkpoints, conditions) are passed through on the way.
  function settle(id) {
    var guard = 0;
    while (id && guard++ < 1000) {
      var node = byId[id];
      if (!node) return null;
      if (node.kind === "start" || node.kind === "checkpoint") { id = targetOf(node, "next"); continue; }
      if (node.kind === "condition") {
        var taken = "else";
        for (var i = 0; i < node.rules.length; i++) if (holds(node.rules[i])) { taken = "rule:" + node.rules[i].id; break; }
        id = targetOf(node, taken);
        continue;
      }
      return id;
    }
    return null;
  }

  function go(id) {
    var next = settle(id);
    if (state.current) state.history.push(state.current);
    state.current = next;
    state.objection = null;
    state.picked = [];
    render();
  }

  function choose(index) {
    var node = byId[state.current];
    if (!node || state.objection) return;
    var out = node.answers[index];
    if (!out) return;
    if (node.multiple && out.handle === "next") {
      var at = state.picked.indexOf(out.value);
      if (at >= 0) state.picked.splice(at, 1); else state.picked.push(out.value);
      render();
      return;
    }
    if (node.kind === "question") state.answers[node.id] = out.value;
    go(out.target);
  }

  function confirmMultiple() {
    var node = byId[state.current];
    if (!node || !node.multiple || state.picked.length === 0) return;
    state.answers[node.id] = state.picked.slice();
    go(targetOf(node, "next"));
  }

  function back() {
    if (state.objection) { state.objection = null; render(); return; }
    if (state.history.length === 0) return;
    state.current = state.history.pop();
    state.picked = [];
    render();
  }

  function raise(objection) {
    state.objection = objection;
    render();
  }

  function resolveObjection() {
    var o = state.objection;
    if (!o) return;
    if (o.then.action === "return") { state.objection = null; render(); return; }
    if (o.then.action === "goto") { go(o.then.target); return; }
    if (state.current) state.history.push(state.current);
    state.current = null;
    state.objection = null;
    state.ended = o.then.outcome;
    render();
  }

  function restart() {
    state = { current: null, history: [], answers: {}, objection: null, picked: [] };
    state.current = settle(data.start);
    render();
  }

  function button(label, key, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    if (key) {
      var k = document.createElement("kbd");
      k.textContent = key;
      b.appendChild(k);
      b.appendChild(document.createTextNode(" "));
      b.setAttribute("aria-keyshortcuts", key);
    }
    b.appendChild(document.createTextNode(label));
    b.addEventListener("click", onClick);
    return b;
  }

  function render() {
    var node = state.current ? byId[state.current] : null;
    var answers = el("answers");
    answers.textContent = "";
    el("objection").hidden = !state.objection;
    if (state.objection) {
      el("objection-title").textContent = state.objection.label;
      renderText(state.objection.reply, el("objection-text"));
      var actions = el("objection-actions");
      actions.textContent = "";
      var label = state.objection.then.action === "return" ? "Back to the call" : state.objection.then.action === "goto" ? "Continue" : "End the call";
      actions.appendChild(button(label, "Enter", resolveObjection));
    }
    if (node) {
      state.ended = null;
      el("step-title").textContent = node.title;
      renderText(node.text, el("step-text"));
      node.answers.forEach(function (a, i) {
        var li = document.createElement("li");
        var b = button(a.label, i < 9 ? String(i + 1) : "", function () { choose(i); });
        if (node.multiple && a.handle === "next") b.setAttribute("aria-pressed", String(state.picked.indexOf(a.value) >= 0));
        li.appendChild(b);
        answers.appendChild(li);
      });
      if (node.multiple) {
        var li = document.createElement("li");
        li.appendChild(button("Continue with the chosen answers", "Enter", confirmMultiple));
        answers.appendChild(li);
      }
      el("outcome").textContent = node.kind === "end" ? "Call ended: " + node.outcome : "";
    } else {
      el("step-title").textContent = state.ended ? "Call ended" : "No step to show";
      el("step-text").textContent = "";
      el("outcome").textContent = state.ended ? "Call ended: " + state.ended : "This step leads nowhere; the script is incomplete.";
    }
    if (!node || node.kind === "end") {
      var again = document.createElement("li");
      again.appendChild(button("Start a new call", "N", restart));
      answers.appendChild(again);
    }
    var path = el("path");
    path.textContent = "";
    state.history.concat(state.current ? [state.current] : []).forEach(function (id) {
      var item = document.createElement("li");
      item.textContent = byId[id].title;
      item.setAttribute("data-node-id", id);
      path.appendChild(item);
    });
    el("back").disabled = state.history.length === 0 && !state.objection;
    var first = answers.querySelector("button");
    if (first && document.activeElement === document.body) first.focus();
  }

  el("back").addEventListener("click", back);
  data.objections.forEach(function (o) {
    var li = document.createElement("li");
    li.appendChild(button(o.label, o.shortcut ? o.shortcut.toUpperCase() : "", function () { raise(o); }));
    el("objections").appendChild(li);
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA")) return;
    var node = state.current ? byId[state.current] : null;
    if (/^[1-9]$/.test(event.key)) { event.preventDefault(); choose(Number(event.key) - 1); return; }
    if (event.key === "Backspace") { event.preventDefault(); back(); return; }
    if (event.key === "Enter" && state.objection) { event.preventDefault(); resolveObjection(); return; }
    if (event.key === "Enter" && node && node.multiple) { event.preventDefault(); confirmMultiple(); return; }
    if (event.key === "Escape" && state.objection) { event.preventDefault(); back(); return; }
    if ((event.key === "n" || event.key === "N") && (!node || node.kind === "end")) { event.preventDefault(); restart(); return; }
    for (var i = 0; i < data.objections.length; i++) {
      if (data.objections[i].shortcut && data.objections[i].shortcut === event.key.toLowerCase()) {
        event.preventDefault();
        raise(data.objections[i]);
        return;
      }
    }
  });

  state.current = settle(data.start);
  render();
})();
`;
