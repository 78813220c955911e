// Columns a user can hide: every wide table (more than six columns) inside a .table-responsive gets a «Columns»
// menu above it; the choice is remembered per table and page in this browser (localStorage).
(function () {
  "use strict";
  const label = document.body.dataset.columnsLabel || "Columns";
  function key(table, index) { return "cityorder.columns:" + location.pathname + ":" + table.id + ":" + index; }
  function cells(table, index) {
    return table.querySelectorAll(":scope > thead > tr > :nth-child(" + (index + 1) + "), :scope > tbody > tr > :nth-child(" + (index + 1) + ")");
  }
  function show(table, index, visible) {
    cells(table, index).forEach(function (cell) { cell.classList.toggle("d-none", !visible); });
  }
  document.querySelectorAll(".table-responsive table[id]").forEach(function (table) {
    const head = table.querySelector(":scope > thead > tr");
    if (!head || head.children.length <= 6) { return; }
    const menu = document.createElement("div");
    menu.className = "dropdown column-toggle text-end";
    menu.innerHTML = '<button class="btn btn-sm btn-outline-secondary dropdown-toggle" type="button" data-bs-toggle="dropdown" data-bs-auto-close="outside" aria-expanded="false"><i class="bi bi-layout-three-columns"></i> </button><div class="dropdown-menu dropdown-menu-end p-2 small"></div>';
    menu.querySelector("button").append(label);
    const list = menu.querySelector(".dropdown-menu");
    Array.from(head.children).forEach(function (th, index) {
      const name = th.textContent.trim();
      if (index === 0 || !name) { return; }  // the row's own column and the actions stay
      const id = table.id + "-col-" + index;
      const item = document.createElement("div");
      item.className = "form-check text-nowrap";
      item.innerHTML = '<input class="form-check-input" type="checkbox" checked><label class="form-check-label"></label>';
      const box = item.querySelector("input"), text = item.querySelector("label");
      box.id = id; box.dataset.column = String(index); text.htmlFor = id; text.textContent = name;
      const hidden = localStorage.getItem(key(table, index)) === "hidden";
      if (hidden) { box.checked = false; show(table, index, false); }
      box.addEventListener("change", function () {
        show(table, index, box.checked);
        if (box.checked) { localStorage.removeItem(key(table, index)); } else { localStorage.setItem(key(table, index), "hidden"); }
      });
      list.append(item);
    });
    table.closest(".table-responsive").before(menu);
  });
})();
