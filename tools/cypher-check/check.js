#!/usr/bin/env node
// Syntax-check Cypher statements with Neo4j's own Cypher parser (the one behind Neo4j's editors).
//
// stdin:  a JSON list of statements, each a string or {"name": "...", "cypher": "..."}
// stdout: a JSON list of {"name", "errors": [...], "warnings": [...]} (each {"message", "offset"}),
//         one entry per statement; warnings include deprecations
// exit:   0 when every statement parses, 1 when any has an error, 2 on bad input
//
// Function names are checked against the Neo4j 5 function list the package ships (APOC left out:
// Neo4j Community has no APOC), so a call that only another Cypher dialect knows is caught too.
// Undeclared $parameters are not errors: statements receive their values at run time.
'use strict';

const { lintCypherQuery, isNotParamError, testData } = require('@neo4j-cypher/language-support');

function neo4jFunctions() {
  const byVersion = testData.mockSchema.functions;
  const core = {};
  for (const [version, functions] of Object.entries(byVersion)) {
    core[version] = Object.fromEntries(
      Object.entries(functions).filter(([name]) => !name.startsWith('apoc.')),
    );
  }
  return core;
}

function check(statements) {
  const schema = { functions: neo4jFunctions(), procedures: testData.mockSchema.procedures };
  return statements.map((item, index) => {
    const name = typeof item === 'string' ? `statement ${index}` : String(item.name);
    const cypher = typeof item === 'string' ? item : String(item.cypher);
    const { diagnostics } = lintCypherQuery(cypher, schema);
    const pick = (severity) => diagnostics
      .filter((d) => d.severity === severity && isNotParamError(d))
      .map((d) => ({ message: d.message, offset: d.offsets.start }));
    return { name, errors: pick(1), warnings: pick(2) };
  });
}

function main() {
  let input = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => { input += chunk; });
  process.stdin.on('end', () => {
    let statements;
    try {
      statements = JSON.parse(input);
      if (!Array.isArray(statements)) throw new Error('expected a JSON list');
    } catch (err) {
      process.stderr.write(`cypher-check: bad input: ${err.message}\n`);
      process.exit(2);
    }
    const results = check(statements);
    process.stdout.write(JSON.stringify(results, null, 1) + '\n');
    process.exit(results.some((r) => r.errors.length > 0) ? 1 : 0);
  });
}

main();
