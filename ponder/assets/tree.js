function (id, D) {
  // ponder.search.tree_html: clicking a node shows the partial solution ending there.
  // id: the view's element id; D[i] = [parent, step text, score, tokens, depth] of node i.
  var root = document.getElementById(id);
  if (!root) return;
  var panel = root.querySelector('.pt-panel');
  root.querySelectorAll('[data-n]').forEach(function (g) {
    g.addEventListener('click', function () {
      var i = +g.getAttribute('data-n'), steps = [];
      for (var j = i; j !== null; j = D[j][0]) steps.unshift(D[j][1]);
      var s = D[i][2];
      panel.textContent = '#' + i + ' · depth ' + D[i][4] + ' · score ' + (s === null ? '–' : s.toFixed(3)) +
                          ' · ' + D[i][3] + ' tok\n\n' + steps.join('');
    });
  });
}
