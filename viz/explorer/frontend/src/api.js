// Thin wrappers over the HTTP API (see the API contract); every path is relative to the page, so
// the explorer also works when the app is mounted under a prefix.

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

async function request(path, options = {}) {
  const response = await fetch(path, {headers: {Accept: "application/json"}, ...options});
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const detail = body && body.detail;
    const message = typeof detail === "string" ? detail : JSON.stringify(detail || response.statusText);
    throw new ApiError(message, response.status);
  }
  return body;
}

function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(name, String(item));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

const part = encodeURIComponent;

export const api = {
  style: () => request("explorer/style.json"),
  stats: () => request("stats"),
  search: (q, limit = 15) => request(`search${query({q, limit})}`),
  paper: (id) => request(`papers/${part(id)}`),
  sharedDatasets: (id, limit = 20) => request(`papers/${part(id)}/shared-datasets${query({limit})}`),
  entity: (label, name) => request(`entities/${part(label)}/${part(name)}`),
  neighborhood: (node, {depth = 1, limit = 300, labels} = {}) =>
    request(`graph/neighborhood${query({node, depth, limit, labels: labels && labels.join(",")})}`),
  overview: (limit) => request(`graph/overview${query({limit})}`),
  trends: (entities) => request(`trends${query({entity: entities})}`),
  cypher: (cypherText, params = {}) =>
    request("cypher", {
      method: "POST",
      headers: {"Content-Type": "application/json", Accept: "application/json"},
      body: JSON.stringify({query: cypherText, params}),
    }),
};
