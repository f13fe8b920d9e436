// The side panel: details of the selected node, its evidence sentences and links, and actions
// (expand neighbours, papers sharing a dataset, trend).

import {api} from "./api.js";
import {clear, h, toast} from "./dom.js";
import {swatch} from "./style.js";

function arxivUrl(paper) {
  if (paper.url) return paper.url;
  return paper.arxiv_id ? `https://arxiv.org/abs/${paper.arxiv_id}` : null;
}

function link(href, text) {
  return href ? h("a", {href, target: "_blank", rel: "noopener noreferrer"}, text) : null;
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// The first whole-word occurrence of any term: "SAM" must not mark the start of "SAMSA" or the
// end of "FluoroSAM". At the same position the longer term wins ("Segment Anything Model 2").
export function firstMention(sentence, terms) {
  let best = null;
  for (const term of terms.filter(Boolean).map(String)) {
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(term)}(?![\\p{L}\\p{N}])`, "iu");
    const found = pattern.exec(sentence);
    if (!found) continue;
    const at = found.index;
    if (!best || at < best.at || (at === best.at && found[0].length > best.length)) {
      best = {at, length: found[0].length};
    }
  }
  return best;
}

// The sentence with the first mention of the entity marked.
export function evidence(sentence, terms) {
  const best = firstMention(sentence, terms);
  if (!best) return h("blockquote", {class: "evidence"}, sentence);
  return h(
    "blockquote",
    {class: "evidence"},
    sentence.slice(0, best.at),
    h("mark", {}, sentence.slice(best.at, best.at + best.length)),
    sentence.slice(best.at + best.length),
  );
}

export class Panel {
  constructor(root, view, actions) {
    this.root = root;
    this.view = view;
    this.actions = actions; // {open(id), expand(id), trend(id), showShared(paperId, results)}
    this.current = null;
    view.addEventListener("select", (event) => this.show(event.detail.node));
  }

  show(id) {
    this.current = id;
    if (!id) {
      this.root.hidden = true;
      return;
    }
    const node = this.view.node(id);
    this.root.hidden = false;
    const body = h("div", {class: "panel-body"}, h("p", {class: "muted"}, "loading…"));
    clear(
      this.root,
      h("button", {class: "close", title: "Close", "aria-label": "Close", onclick: () => this.view.select(null)}, "×"),
      h("div", {class: "kind"}, swatch(this.view.style, node.kind), ` ${node.kind}`),
      h("h2", {id: "panel-title"}, node.kind === "Paper" ? node.properties.title || node.key : node.key),
      this.actionBar(id, node),
      body,
    );
    this.root.dataset.node = id;
    const load =
      node.kind === "Paper"
        ? this.paperDetails(node)
        : node.kind === "CodeRepository"
          ? Promise.resolve(this.codeDetails(node))
          : this.entityDetails(node);
    load
      .then((children) => this.current === id && clear(body, children))
      .catch((error) => {
        if (this.current !== id) return;
        // Not every label has a details endpoint (code repositories, venues): show what we have.
        clear(body, [404, 422].includes(error.status) ? this.propertiesList(node) : h("p", {class: "error"}, error.message));
      });
  }

  actionBar(id, node) {
    const buttons = [
      h("button", {id: "expand", onclick: () => this.actions.expand(id)}, "Expand neighbours"),
    ];
    if (node.kind === "Paper") {
      buttons.push(h("button", {id: "shared", onclick: () => this.sharedDatasets(node)}, "Papers sharing a dataset"));
    } else if (node.kind !== "CodeRepository") {
      buttons.push(h("button", {id: "trend", onclick: () => this.actions.trend(id)}, "Trend"));
    }
    return h("div", {class: "actions"}, buttons);
  }

  propertiesList(node) {
    const rows = Object.entries(node.properties || {}).filter(([, v]) => v !== null && v !== "" && !(Array.isArray(v) && !v.length));
    return h(
      "dl",
      {class: "props"},
      rows.map(([name, value]) => [
        h("dt", {}, name),
        h("dd", {}, typeof value === "string" && /^https?:\/\//.test(value) ? link(value, value) : Array.isArray(value) ? value.join(", ") : String(value)),
      ]),
    );
  }

  // A code repository: its link and the papers in view that point to it.
  codeDetails(node) {
    const papers = this.view.incident(node.id).filter((edge) => !edge.outgoing);
    return [
      h("p", {class: "links"}, link(node.properties.url || node.key, node.properties.url || node.key)),
      h("h3", {}, `Papers in view (${papers.length})`),
      h(
        "ul",
        {class: "papers"},
        papers.map((edge) => {
          const paper = this.view.node(edge.other);
          return h("li", {}, h("a", {href: "#", class: "node-link", onclick: (e) => (e.preventDefault(), this.actions.open(edge.other))},
            paper ? paper.label : edge.other));
        }),
      ),
    ];
  }

  async paperDetails(node) {
    const paper = await api.paper(node.key);
    const groups = {};
    for (const entity of paper.entities || []) (groups[entity.label] = groups[entity.label] || []).push(entity);
    return [
      h(
        "p",
        {class: "meta"},
        paper.published ? `published ${paper.published}` : "date unknown",
        paper.venue ? ` · ${paper.venue}` : "",
      ),
      h(
        "p",
        {class: "links"},
        link(arxivUrl(paper), `arXiv ${paper.arxiv_id || ""}`.trim()),
        paper.code_url ? " · " : "",
        link(paper.code_url, "code"),
      ),
      paper.abstract ? h("details", {}, h("summary", {}, "Abstract"), h("p", {class: "abstract"}, paper.abstract)) : null,
      h("div", {id: "shared-results"}),
      h("h3", {}, `Entities and evidence (${(paper.entities || []).length})`),
      Object.entries(groups).map(([label, entities]) =>
        h(
          "section",
          {class: "entity-group"},
          h("h4", {}, swatch(this.view.style, label), ` ${label}`),
          entities.map((entity) =>
            h(
              "div",
              {class: "entity"},
              h(
                "a",
                {href: "#", class: "node-link", onclick: (e) => (e.preventDefault(), this.actions.open(`${label}:${entity.name}`))},
                entity.name,
              ),
              h("span", {class: "rel"}, ` ${entity.relationship}`),
              entity.sentence ? evidence(entity.sentence, [...(entity.mentions || []), entity.name]) : null,
            ),
          ),
        ),
      ),
    ];
  }

  async entityDetails(node) {
    const entity = await api.entity(node.kind, node.key);
    const sentences = this.view
      .incident(node.id || `${node.kind}:${node.key}`)
      .filter((edge) => edge.properties && edge.properties.sentence);
    const nameLink = (label, name) =>
      h("a", {href: "#", class: "node-link", onclick: (e) => (e.preventDefault(), this.actions.open(`${label}:${name}`))}, name);
    return [
      entity.aliases && entity.aliases.length ? h("p", {class: "meta"}, `also: ${entity.aliases.join(", ")}`) : null,
      entity.variant_of && entity.variant_of.length
        ? h("p", {}, "variant of ", entity.variant_of.map((name, i) => [i ? ", " : "", nameLink(node.kind, name)]))
        : null,
      entity.variants && entity.variants.length
        ? h("p", {}, "variants: ", entity.variants.map((name, i) => [i ? ", " : "", nameLink(node.kind, name)]))
        : null,
      sentences.length ? h("h3", {}, `Evidence (${sentences.length} in view)`) : null,
      sentences.slice(0, 8).map((edge) => {
        const paper = this.view.node(edge.other);
        return h(
          "div",
          {class: "entity"},
          h("a", {href: "#", class: "node-link", onclick: (e) => (e.preventDefault(), this.actions.open(edge.other))},
            paper ? paper.label : edge.other),
          h("span", {class: "rel"}, ` ${edge.type}`),
          evidence(edge.properties.sentence, [...(edge.properties.mentions || []), node.key]),
        );
      }),
      h("h3", {}, `Papers (${(entity.papers || []).length})`),
      h(
        "ul",
        {class: "papers"},
        (entity.papers || []).slice(0, 40).map((paper) =>
          h("li", {}, h("a", {href: "#", class: "node-link", onclick: (e) => (e.preventDefault(), this.actions.open(paper.id))}, paper.title),
            h("span", {class: "muted"}, ` ${paper.published || ""} ${paper.relationship || ""}`)),
        ),
      ),
      entity.cooccurring && entity.cooccurring.length ? h("h3", {}, "Often together with") : null,
      h(
        "p",
        {class: "chips"},
        (entity.cooccurring || []).slice(0, 20).map((other) =>
          h("span", {class: "chip"}, swatch(this.view.style, other.label), " ", nameLink(other.label, other.name), h("span", {class: "muted"}, ` ${other.papers}`)),
        ),
      ),
    ];
  }

  async sharedDatasets(node) {
    const box = this.root.querySelector("#shared-results");
    if (!box) return;
    clear(box, h("p", {class: "muted"}, "looking for papers sharing a dataset…"));
    try {
      const answer = await api.sharedDatasets(node.key);
      const results = answer.results || [];
      clear(
        box,
        h("h3", {}, `Papers sharing a dataset (${results.length})`),
        results.length ? null : h("p", {class: "muted"}, "none in the graph"),
        h(
          "ol",
          {class: "papers shared"},
          results.map((item) =>
            h(
              "li",
              {},
              h("a", {href: "#", class: "node-link", onclick: (e) => (e.preventDefault(), this.actions.open(item.paper.id))}, item.paper.title),
              h("span", {class: "muted"}, ` ${item.paper.published || ""} — via ${item.datasets.join(", ")}`),
            ),
          ),
        ),
        results.length
          ? h("button", {onclick: () => this.actions.showShared(node.id || `Paper:${node.key}`, results)}, "Show them on the graph")
          : null,
      );
    } catch (error) {
      clear(box, h("p", {class: "error"}, error.message));
      toast(error.message);
    }
  }
}
