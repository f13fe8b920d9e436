// The search box over papers and entities (alias-aware on the server side: /search).

import {api} from "./api.js";
import {clear, debounce, h, toast} from "./dom.js";
import {swatch} from "./style.js";

export class SearchBox {
  constructor(input, list, style, onPick) {
    this.input = input;
    this.list = list;
    this.style = style;
    this.onPick = onPick;
    this.results = [];
    this.active = -1;
    this.seq = 0;
    const run = debounce(() => this.run(), 180);
    input.addEventListener("input", run);
    input.addEventListener("keydown", (event) => this.key(event));
    input.addEventListener("focus", () => this.results.length && (this.list.hidden = false));
    document.addEventListener("click", (event) => {
      if (!list.contains(event.target) && event.target !== input) list.hidden = true;
    });
  }

  async run() {
    const q = this.input.value.trim();
    const seq = ++this.seq;
    if (!q) {
      this.render([]);
      return;
    }
    try {
      const answer = await api.search(q);
      if (seq === this.seq) this.render(answer.results || [], q);
    } catch (error) {
      if (seq === this.seq) toast(error.message);
    }
  }

  render(results, q = "") {
    this.results = results;
    this.active = results.length ? 0 : -1;
    clear(
      this.list,
      results.length === 0 && q ? h("li", {class: "muted"}, `nothing matches “${q}”`) : null,
      results.map((item, i) =>
        h(
          "li",
          {
            class: `result${i === this.active ? " active" : ""}`,
            role: "option",
            dataset: {id: item.id},
            onmousedown: (event) => (event.preventDefault(), this.pick(i)),
          },
          swatch(this.style, item.label),
          h("span", {class: "name"}, item.kind === "paper" ? item.title : item.name),
          item.kind === "paper"
            ? h("span", {class: "muted"}, ` ${item.published || ""}`)
            : h("span", {class: "muted"}, ` ${item.label}${item.papers !== undefined ? ` · ${item.papers} paper${item.papers === 1 ? "" : "s"}` : ""}`),
          item.aliases && item.aliases.length ? h("div", {class: "aliases muted"}, item.aliases.slice(0, 5).join(", ")) : null,
        ),
      ),
    );
    this.list.hidden = !(results.length || q);
  }

  key(event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!this.results.length) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      this.active = (this.active + step + this.results.length) % this.results.length;
      [...this.list.children].forEach((li, i) => li.classList.toggle("active", i === this.active));
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (this.active >= 0) this.pick(this.active);
      else this.run();
    } else if (event.key === "Escape") {
      this.list.hidden = true;
    }
  }

  pick(i) {
    const item = this.results[i];
    if (!item) return;
    this.list.hidden = true;
    this.onPick(item.id);
  }
}
